//! What `#[cors]` turns a handler into: a unit type carrying its policy,
//! accepted by `cors_runtime::routing` and refused by plain axum routing.

use std::convert::Infallible;

use crate::policy::Policy;

/// A handler annotated with `#[cors(...)]`. Implemented by the macro only.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a `#[cors]` handler",
    label = "`cors_runtime::routing` takes handlers annotated with `#[cors(...)]`",
    note = "annotate the handler with `#[cors(origins = ...)]`, or register it with `axum::routing` if it needs no CORS"
)]
pub trait CorsHandler<T, S>: Sealed + Copy + Send + Sync + 'static {
    /// The handler's checked policy: a `static` of plain data; its header
    /// values are made when the route is built.
    fn policy() -> &'static Policy;
    /// The handler's name, for router errors and refusal logs.
    const NAME: &'static str;
    /// The check of an `origins = dynamic(check)` policy.
    fn dynamic_origins() -> Option<crate::dynamic_origin::DynamicOrigins> {
        None
    }
    /// The user's function, as an axum handler (for `cors_runtime::routing`:
    /// registered on its own, it would serve without CORS).
    #[doc(hidden)]
    fn into_handler(self) -> impl axum::handler::Handler<T, S>;
}

/// Seals [`CorsHandler`]: only `#[cors]` implements it, through the hidden
/// module generated code names. A hand-written impl is still checked when
/// the route is built (`try_cors_route` returns what it breaks).
#[doc(hidden)]
pub trait Sealed {}

/// Never implemented: its only use is the compile error it produces when a
/// `#[cors]` handler is handed to `axum::routing::get` and friends, which
/// would serve it without its preflight.
#[diagnostic::on_unimplemented(
    message = "a `#[cors]` handler must be registered with `cors_runtime::routing`, not `axum::routing`",
    label = "plain axum routing would serve this handler without its CORS preflight",
    note = "use `cors_runtime::routing::{{get, post, put, patch, delete, head, options}}` and `Router::cors_route(path, ...)` (trait `cors_runtime::CorsRouterExt`)"
)]
pub trait UseCorsRuntimeRouting {
    /// Never called: no type implements the trait.
    fn unreachable() -> Infallible;
}

//! CORS for axum, declared on the handler (or once for a whole router) and
//! checked by the compiler.
//!
//! A policy is written as `#[cors(...)]` on a handler, as a named
//! [`cors_policy!`], or as a router-wide [`cors_layer!`]. Every configuration a
//! browser would refuse, or that would open a hole, is a compile error spanned on
//! the offending token with the fix in the message; values known only at
//! start-up (`origins = env("...")`) are checked by the same rules before the
//! server listens.
//!
//! ```
//! use axum::Router;
//! use cors_runtime::{cors, routing::{get, put}, CorsRouterExt};
//!
//! #[cors(origins = ["https://app.example.com", "http://localhost:3000"],
//!        methods = "GET,PUT", credentials, allow_headers = ["content-type"], max_age = 600)]
//! async fn get_data() -> &'static str { "data" }
//!
//! #[cors(origins = ["https://app.example.com"], methods = "GET,PUT", credentials,
//!        allow_headers = ["content-type"])]
//! async fn put_data(body: String) -> String { body }
//!
//! #[cors(origins = "*")]
//! async fn public() -> &'static str { "public" }
//!
//! let app: Router = Router::new()
//!     .cors_route("/api/data", get(get_data).put(put_data)) // one path, a policy per method
//!     .cors_route("/api/public", get(public))
//!     .route("/health", axum::routing::get(|| async { "ok" })); // plain routes untouched
//! ```
//!
//! One policy for a whole router (the seed's `app.use(cors(corsOptions))`),
//! defined once by name and overridden by routes registered after the layer:
//!
//! ```
//! use axum::Router;
//! use cors_runtime::{cors, cors_layer, cors_policy, routing::get, CorsRouterExt};
//!
//! cors_policy! { API, origins = ["https://www.yourfrontend.com", "http://localhost:3000"],
//!                credentials, block_refused }
//!
//! #[cors(origins = "*")]
//! async fn public() -> &'static str { "anyone may read this" }
//!
//! #[cors(disabled)]
//! async fn internal() -> &'static str { "no CORS at all" }
//!
//! let app: Router = Router::new()
//!     .route("/api/data", axum::routing::get(|| async { "data" }))
//!     .layer(cors_layer!(API, max_age = 600))  // methods: GET,HEAD,PUT,PATCH,POST,DELETE
//!     .cors_route("/api/public", get(public))   // its own policy alone
//!     .cors_route("/internal", get(internal));
//! ```
//!
//! At run time the path answers its preflights with the policy of the method
//! the browser asks about (the handler never runs for one), decorates every
//! response of the route (errors and extractor rejections included), refuses
//! WebSocket upgrades from refused origins, and explains every refusal in a
//! `tracing` event at DEBUG, target `cors_runtime`.
//!
//! - [`routing`]: `get`, `post`, ... for `#[cors]` handlers; [`CorsRouterExt`]
//!   adds them to a `Router`.
//! - [`PolicyLayer`]: what `cors_layer!` builds.
//! - [`policy_table`]: every policy built so far, for audits.
//! - `testing` (feature `testing`): what a browser would decide for one
//!   `fetch()` against any service, for your own policy tests.
//! - [`parse_origin_list`]: check an origin list from configuration.
//!
//! The README lists every key and every rule.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(unreachable_pub, missing_debug_implementations)]

mod actual_request;
mod allow_origin;
mod cors_future;
mod decision;
mod dynamic_origin;
mod gate;
mod handler;
mod log_value;
mod origin_list;
mod path_handler;
mod policy;
mod policy_layer;
mod policy_table;
mod preflight;
mod preflight_headers;
mod refusal;
mod route_policies;
mod router_ext;
pub mod routing;
#[cfg(feature = "testing")]
pub mod testing;
mod vary;
mod wrapped_handler;

pub use cors_macros::{cors, cors_layer, cors_policy};
pub use dynamic_origin::OriginCheckFn;
pub use handler::CorsHandler;
pub use origin_list::{parse_origin_list, OriginConfigError, OriginList};
pub use policy::Policy;
pub use policy_layer::{PolicyLayer, PolicyService};
pub use policy_table::{policy_table, PolicyLevel, PolicyRow, PolicyTable};
pub use route_policies::CorsRouteError;
pub use router_ext::CorsRouterExt;
pub use routing::CorsMethodRouter;

/// What generated code names; not part of the API. Versioned (as thiserror
/// does): code expanded by another `cors-macros` than the one this crate pins
/// (`=0.1.x`) fails with "could not find `__private_v0_1` in `cors_runtime`"
/// rather than with a confusing type error.
#[doc(hidden)]
pub mod __private_v0_1 {
    pub use crate::dynamic_origin::DynamicOrigins;
    pub use crate::handler::{CorsHandler, Sealed, UseCorsRuntimeRouting};
    pub use crate::policy::{AllowHeaders, AllowMethods, AllowOrigins, Policy, PolicyParts};
    pub use crate::policy_layer::PolicyLayer;
    pub use crate::routing::UseThisModuleNotAxumRouting;
    pub use axum;
    pub use http::StatusCode;
}

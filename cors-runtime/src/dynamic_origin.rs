//! `origins = dynamic(check)`: an async function decides per request.
//!
//! ```
//! use cors_runtime::{cors, routing::get, CorsRouterExt};
//!
//! #[derive(Clone)]
//! struct AppState { tenants: std::sync::Arc<Vec<String>> }
//!
//! async fn tenant_origin(origin: &str, _parts: &http::request::Parts, state: &AppState) -> bool {
//!     state.tenants.iter().any(|allowed| allowed == origin)
//! }
//!
//! #[cors(origins = dynamic(tenant_origin), credentials)]
//! async fn data() -> &'static str { "data" }
//!
//! let state = AppState { tenants: std::sync::Arc::new(vec!["https://a.example".into()]) };
//! let app: axum::Router = axum::Router::new().cors_route("/data", get(data)).with_state(state);
//! ```
//! The check sees only well-formed origins (never `null`, never several, never
//! non-UTF-8 bytes: those are refused before it runs), runs at most once per
//! request, preflights included, and its state type must be the router's.

use std::any::{Any, TypeId};
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use http::request::Parts;

/// An async origin check over state `S`: `async fn(&str, &Parts, &S) -> bool`.
/// Implemented for every such function; named only in bounds.
pub trait OriginCheckFn<'a, S: 'a>: Fn(&'a str, &'a Parts, &'a S) -> Self::Future {
    /// The check's future.
    type Future: Future<Output = bool> + Send + 'a;
}

impl<'a, S: 'a, F, Fut> OriginCheckFn<'a, S> for F
where
    F: Fn(&'a str, &'a Parts, &'a S) -> Fut,
    Fut: Future<Output = bool> + Send + 'a,
{
    type Future = Fut;
}

type BoxFuture<'a> = Pin<Box<dyn Future<Output = bool> + Send + 'a>>;

trait ErasedCheck: Send + Sync {
    fn check<'a>(
        &'a self,
        origin: &'a str,
        parts: &'a Parts,
        state: &'a (dyn Any + Send + Sync),
    ) -> BoxFuture<'a>;
}

struct TypedCheck<F, S>(F, PhantomData<fn(&S)>);

impl<F, S> ErasedCheck for TypedCheck<F, S>
where
    F: for<'a> OriginCheckFn<'a, S> + Send + Sync,
    S: Send + Sync + 'static,
{
    fn check<'a>(
        &'a self,
        origin: &'a str,
        parts: &'a Parts,
        state: &'a (dyn Any + Send + Sync),
    ) -> BoxFuture<'a> {
        match state.downcast_ref::<S>() {
            Some(state) => Box::pin((self.0)(origin, parts, state)),
            // `cors_route` compares the state types before the router exists.
            None => Box::pin(std::future::ready(false)),
        }
    }
}

/// A user's origin check with its state type erased, so a `#[cors]` handler
/// generic over the router state can carry it. Built by the macro.
#[doc(hidden)]
#[derive(Clone)]
pub struct DynamicOrigins {
    check: Arc<dyn ErasedCheck>,
    /// The check function's own type: two functions named alike in
    /// different modules are still two checks.
    id: TypeId,
    name: &'static str,
    state_type: TypeId,
    state_name: &'static str,
}

impl fmt::Debug for DynamicOrigins {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dynamic({})", self.name)
    }
}

impl DynamicOrigins {
    /// For generated code only.
    #[doc(hidden)]
    pub fn new<F, S>(check: F, name: &'static str) -> Self
    where
        F: for<'a> OriginCheckFn<'a, S> + Send + Sync + 'static,
        S: Send + Sync + 'static,
    {
        Self {
            check: Arc::new(TypedCheck(check, PhantomData)),
            id: TypeId::of::<F>(),
            name,
            state_type: TypeId::of::<S>(),
            state_name: std::any::type_name::<S>(),
        }
    }

    pub(crate) fn id(&self) -> TypeId {
        self.id
    }

    pub(crate) fn name(&self) -> &'static str {
        self.name
    }

    /// `Err((expected, found))` when the router's state is not the check's.
    pub(crate) fn accepts_state<S: 'static>(&self) -> Result<(), (&'static str, &'static str)> {
        if self.state_type == TypeId::of::<S>() {
            Ok(())
        } else {
            Err((self.state_name, std::any::type_name::<S>()))
        }
    }

    pub(crate) async fn check<S: Send + Sync + 'static>(
        &self,
        origin: &str,
        parts: &Parts,
        state: &S,
    ) -> bool {
        self.check.check(origin, parts, state).await
    }
}

//! `Router::cors_route`: where a path's policies meet and its one preflight
//! answer is built.

use axum::Router;

use crate::route_policies::CorsRouteError;
use crate::routing::CorsMethodRouter;

/// Adds `#[cors]` routes to an [`axum::Router`].
pub trait CorsRouterExt<S>: Sized {
    /// Adds `routes` at `path`, answering its preflights and adding CORS headers
    /// to every response of the route.
    ///
    /// # Panics
    /// When a handler is registered for a method its `methods` list leaves out,
    /// like axum's own route conflicts: a construction error, before the server
    /// listens. [`try_cors_route`](Self::try_cors_route) returns it instead.
    fn cors_route(self, path: &str, routes: CorsMethodRouter<S>) -> Self {
        self.try_cors_route(path, routes).unwrap_or_else(|error| panic!("{error}"))
    }

    /// As [`cors_route`](Self::cors_route), returning the error instead of panicking.
    fn try_cors_route(self, path: &str, routes: CorsMethodRouter<S>) -> Result<Self, CorsRouteError>;
}

impl<S: Clone + Send + Sync + 'static> CorsRouterExt<S> for Router<S> {
    fn try_cors_route(self, path: &str, routes: CorsMethodRouter<S>) -> Result<Self, CorsRouteError> {
        Ok(self.route(path, routes.into_method_router(path)?))
    }
}

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
    #[track_caller]
    fn cors_route(self, path: &str, routes: CorsMethodRouter<S>) -> Self {
        self.try_cors_route(path, routes)
            .unwrap_or_else(|error| panic!("{error}"))
    }

    /// As [`cors_route`](Self::cors_route), returning the error instead of panicking.
    fn try_cors_route(
        self,
        path: &str,
        routes: CorsMethodRouter<S>,
    ) -> Result<Self, CorsRouteError>;
}

impl<S: Clone + Send + Sync + 'static> CorsRouterExt<S> for Router<S> {
    fn try_cors_route(
        self,
        path: &str,
        routes: CorsMethodRouter<S>,
    ) -> Result<Self, CorsRouteError> {
        let method_router = routes.into_method_router(path)?;
        // axum panics on a route it refuses (a method registered twice on the
        // path, an invalid path); `try_` returns that as an error instead.
        // The router is consumed either way, as on every other error. (The
        // panic hook still prints axum's message: swapping the process-wide
        // hook here would race with other threads.)
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.route(path, method_router)
        }))
        .map_err(|panic| CorsRouteError::Routing {
            path: path.to_owned(),
            message: panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("axum refused the route")
                .to_owned(),
        })
    }
}

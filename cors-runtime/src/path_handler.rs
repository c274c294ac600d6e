//! Routes whose CORS cannot wrap each handler: user layers must stay inside
//! CORS (their responses get CORS headers too), and an `origins =
//! dynamic(check)` policy needs the router state, which only handlers
//! receive. The path's method router (with the user's layers) sits inside one
//! handler that asks the decision core, forwards, and decorates the answer.
//! It is registered for each of the path's methods, OPTIONS and the
//! fallback, so other routing on the same path cannot take a method or a
//! preflight from it silently (axum refuses overlapping methods).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::handler::Handler;
use axum::response::Response;
use axum::routing::MethodRouter;

use crate::decision::{decide, Decision};
use crate::route_policies::RoutePolicies;

pub(crate) struct PathHandler<S> {
    route: Arc<RoutePolicies>,
    /// Shared: axum clones a handler per request, and a method router's
    /// clone copies every boxed endpoint; the one clone it needs is made
    /// where it is called.
    inner: Arc<MethodRouter<S>>,
}

impl<S> Clone for PathHandler<S> {
    fn clone(&self) -> Self {
        Self {
            route: Arc::clone(&self.route),
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<S> PathHandler<S> {
    pub(crate) fn new(route: Arc<RoutePolicies>, inner: MethodRouter<S>) -> Self {
        Self {
            route,
            inner: Arc::new(inner),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Handler<(), S> for PathHandler<S> {
    type Future = Pin<Box<dyn Future<Output = Response> + Send>>;

    fn call(self, request: Request, state: S) -> Self::Future {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            match decide::<Body, S>(&self.route, &parts, &state).await {
                Decision::Answer(response) => response,
                Decision::Forward(cors) => {
                    let inner = MethodRouter::clone(&self.inner);
                    let mut response = inner.call(Request::from_parts(parts, body), state).await;
                    cors.apply(&mut response);
                    response
                }
            }
        })
    }
}

//! The fast path of a route with static policies and no user layers: each
//! `#[cors]` handler is wrapped where it is registered, and the path gets an
//! OPTIONS handler and a 405 fallback of its own. No extra route layer, so no
//! extra boxing or per-request copy of one (axum's `MethodRouter::layer`
//! costs both). All three ask the decision core.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::handler::Handler;
use axum::response::Response;

use crate::cors_future::CorsFuture;
use crate::decision::{decide_now, Decision, RequestView};
use crate::route_policies::RoutePolicies;

/// A `#[cors]` handler with its path's policies: answers preflights when it
/// serves OPTIONS, and adds the actual-request headers to every response.
/// Without policies it passes requests through: inside a `PathHandler`, which
/// decided already. One handler type either way, so axum's handler machinery
/// is instantiated once per `#[cors]` handler, not twice (compile time).
pub(crate) struct CorsWrapped<H> {
    handler: H,
    route: Option<Arc<RoutePolicies>>,
}

impl<H: Clone> Clone for CorsWrapped<H> {
    fn clone(&self) -> Self {
        Self {
            handler: self.handler.clone(),
            route: self.route.clone(),
        }
    }
}

impl<H> CorsWrapped<H> {
    pub(crate) fn new(handler: H, route: Option<Arc<RoutePolicies>>) -> Self {
        Self { handler, route }
    }
}

impl<H, T, S> Handler<T, S> for CorsWrapped<H>
where
    H: Handler<T, S>,
    S: Send + 'static,
{
    type Future = CorsFuture<H::Future, Body>;

    fn call(self, request: Request, state: S) -> Self::Future {
        match &self.route {
            Some(route) => {
                let decision = decide_now(route, &RequestView::of(&request));
                CorsFuture::new(decision, || self.handler.call(request, state))
            }
            None => CorsFuture::passthrough(self.handler.call(request, state)),
        }
    }
}

/// The path's OPTIONS handler when the user registered none (preflights,
/// and `204` with `Allow` for any other OPTIONS), and its fallback: axum's
/// `405 Method Not Allowed` (axum adds `Allow`), with the route's `Vary`.
/// Owning both slots keeps preflights here when other routing shares the
/// path (`Router::route`, `merge`, `method_not_allowed_fallback`).
#[derive(Clone)]
pub(crate) struct PathAnswers {
    route: Arc<RoutePolicies>,
}

impl PathAnswers {
    pub(crate) fn new(route: Arc<RoutePolicies>) -> Self {
        Self { route }
    }
}

impl<S> Handler<(), S> for PathAnswers {
    type Future = std::future::Ready<Response>;

    fn call(self, request: Request, _state: S) -> Self::Future {
        std::future::ready(match decide_now(&self.route, &RequestView::of(&request)) {
            Decision::Answer(response) => response,
            Decision::Forward(cors) => {
                let mut response = Response::new(Body::empty());
                *response.status_mut() = http::StatusCode::METHOD_NOT_ALLOWED;
                cors.apply(&mut response);
                response
            }
        })
    }
}

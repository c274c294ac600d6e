//! The fast path of a route with static policies and no user layers: each
//! `#[cors]` handler is wrapped where it is registered, and the path gets an
//! OPTIONS handler of its own. No extra route layer, so no extra boxing or
//! per-request copy of one (axum's `MethodRouter::layer` costs both).

use std::sync::Arc;

use axum::extract::Request;
use axum::handler::Handler;
use axum::response::Response;
use http::Method;

use crate::actual_request::ActualCors;
use crate::allow_origin::decide_static;
use crate::cors_future::CorsFuture;
use crate::preflight;
use crate::route_policies::RoutePolicies;

/// A `#[cors]` handler with its path's policies: answers preflights when it
/// serves OPTIONS, and adds the actual-request headers to every response.
pub(crate) struct CorsWrapped<H> {
    handler: H,
    route: Arc<RoutePolicies>,
    /// Its method's place in `route.methods`.
    index: usize,
}

impl<H: Clone> Clone for CorsWrapped<H> {
    fn clone(&self) -> Self {
        Self { handler: self.handler.clone(), route: Arc::clone(&self.route), index: self.index }
    }
}

impl<H> CorsWrapped<H> {
    pub(crate) fn new(handler: H, route: Arc<RoutePolicies>, index: usize) -> Self {
        Self { handler, route, index }
    }
}

impl<H, T, S> Handler<T, S> for CorsWrapped<H>
where
    H: Handler<T, S>,
    S: Send + 'static,
{
    type Future = CorsFuture<H::Future>;

    fn call(self, request: Request, state: S) -> Self::Future {
        let route = &*self.route;
        if let Some(requested) = preflight::requested_method(request.method(), request.headers()) {
            return CorsFuture::ready(preflight::answer_static(route, request.headers(), &requested));
        }
        let entry = &route.methods[self.index];
        let verdict = decide_static(&entry.origins, request.headers());
        let cors = ActualCors::new(route, entry, request.method(), request.headers(), verdict);
        CorsFuture::inner(self.handler.call(request, state), cors)
    }
}

/// The path's OPTIONS handler when the user registered none: preflights,
/// and `204` with `Allow` for any other OPTIONS.
#[derive(Clone)]
pub(crate) struct OptionsHandler {
    route: Arc<RoutePolicies>,
}

impl OptionsHandler {
    pub(crate) fn new(route: Arc<RoutePolicies>) -> Self {
        Self { route }
    }
}

impl<S> Handler<(), S> for OptionsHandler {
    type Future = std::future::Ready<Response>;

    fn call(self, request: Request, _state: S) -> Self::Future {
        let route = &*self.route;
        let method = request.method();
        debug_assert_eq!(*method, Method::OPTIONS);
        std::future::ready(match preflight::requested_method(method, request.headers()) {
            Some(requested) => preflight::answer_static(route, request.headers(), &requested),
            None => preflight::allow_answer(route),
        })
    }
}

/// The path's fallback: axum's `405 Method Not Allowed` (axum adds `Allow`),
/// with the route's `Vary` like every other response of the route.
#[derive(Clone)]
pub(crate) struct NotAllowedHandler {
    route: Arc<RoutePolicies>,
}

impl NotAllowedHandler {
    pub(crate) fn new(route: Arc<RoutePolicies>) -> Self {
        Self { route }
    }
}

impl<S> Handler<(), S> for NotAllowedHandler {
    type Future = std::future::Ready<Response>;

    fn call(self, _request: Request, _state: S) -> Self::Future {
        let mut response = Response::new(axum::body::Body::empty());
        *response.status_mut() = http::StatusCode::METHOD_NOT_ALLOWED;
        ActualCors::vary_only(&self.route).apply(response.headers_mut());
        std::future::ready(response)
    }
}

//! The tower layer `cors_route` puts around a path's whole method router
//! when the user added layers of their own: every response of the route,
//! from any method, user layer or rejection, passes through it. (Without
//! user layers, `wrapped_handler` does the same for less: axum boxes a
//! layered route and copies it per request.)

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use http::Method;
use tower_layer::Layer;
use tower_service::Service;

use crate::actual_request::ActualCors;
use crate::cors_future::CorsFuture;
use crate::allow_origin::decide_static;
use crate::preflight;
use crate::route_policies::RoutePolicies;

#[derive(Clone)]
pub(crate) struct CorsLayer {
    route: Arc<RoutePolicies>,
}

impl CorsLayer {
    pub(crate) fn new(route: Arc<RoutePolicies>) -> Self {
        Self { route }
    }
}

impl<S> Layer<S> for CorsLayer {
    type Service = CorsService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CorsService { route: Arc::clone(&self.route), inner }
    }
}

#[doc(hidden)]
#[derive(Clone)]
pub struct CorsService<S> {
    route: Arc<RoutePolicies>,
    inner: S,
}

impl<S> Service<Request> for CorsService<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = CorsFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let route = &*self.route;
        if let Some(requested) = preflight::requested_method(request.method(), request.headers()) {
            return CorsFuture::ready(preflight::answer_static(route, request.headers(), &requested));
        }
        if request.method() == Method::OPTIONS && !route.has_options_handler {
            return CorsFuture::ready(preflight::allow_answer(route));
        }
        let cors = match route.for_method(request.method()) {
            Some(entry) => {
                let verdict = decide_static(&entry.origins, request.headers());
                ActualCors::new(route, entry, request.method(), request.headers(), verdict)
            }
            None => ActualCors::vary_only(route),
        };
        CorsFuture::inner(self.inner.call(request), cors)
    }
}

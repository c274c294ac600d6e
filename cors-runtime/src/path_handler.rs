//! Routes with an `origins = dynamic(check)` policy: the check needs the
//! router state, which only handlers receive, so the whole path is served by
//! one handler that decides, forwards to the path's method router, and
//! decorates the answer. Costs a boxed future per request; static routes
//! use `wrapped_handler` (or `cors_service` when they have user layers).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::extract::Request;
use axum::handler::Handler;
use axum::response::Response;
use axum::routing::MethodRouter;
use http::Method;

use crate::actual_request::ActualCors;
use crate::allow_origin::decide;
use crate::preflight;
use crate::refusal::Refusal;
use crate::route_policies::RoutePolicies;

pub(crate) struct CorsPathHandler<S> {
    route: Arc<RoutePolicies>,
    inner: MethodRouter<S>,
}

impl<S> Clone for CorsPathHandler<S> {
    fn clone(&self) -> Self {
        Self { route: Arc::clone(&self.route), inner: self.inner.clone() }
    }
}

impl<S> CorsPathHandler<S> {
    pub(crate) fn new(route: Arc<RoutePolicies>, inner: MethodRouter<S>) -> Self {
        Self { route, inner }
    }
}

impl<S: Clone + Send + Sync + 'static> Handler<(), S> for CorsPathHandler<S> {
    type Future = Pin<Box<dyn Future<Output = Response> + Send>>;

    fn call(self, request: Request, state: S) -> Self::Future {
        Box::pin(async move {
            let route = &*self.route;
            let (parts, body) = request.into_parts();
            if parts.method == Method::OPTIONS {
                if let Some(requested) = preflight::requested_method(&parts.method, &parts.headers) {
                    let entry = route.for_method(&requested);
                    let allow_origin = match entry {
                        Some(entry) => decide(&entry.origins, &parts, &state).await,
                        None => None,
                    };
                    let allow_origin = allow_origin.unwrap_or(Err(Refusal::NoHandlerForMethod));
                    return preflight::answer(route, &parts.headers, &requested, entry, allow_origin);
                }
                if !route.has_options_handler {
                    return preflight::allow_answer(route);
                }
            }
            let cors = match route.for_method(&parts.method) {
                Some(entry) => {
                    let verdict = decide(&entry.origins, &parts, &state).await;
                    ActualCors::new(route, entry, &parts.method, &parts.headers, verdict)
                }
                None => ActualCors::vary_only(route),
            };
            let mut response = self.inner.call(Request::from_parts(parts, body), state).await;
            cors.apply(response.headers_mut());
            response
        })
    }
}

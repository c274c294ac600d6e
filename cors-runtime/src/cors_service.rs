//! The tower layer `cors_route` puts around a path's whole method router, so
//! every response of the route, from any method, layer or rejection, passes
//! through it. It clones an `Arc` per request and never boxes.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use http::Method;
use tower_layer::Layer;
use tower_service::Service;

use crate::actual_request::ActualCors;
use crate::allow_origin::decide_static;
use crate::refusal::Refusal;
use crate::preflight;
use crate::route_policies::RoutePolicies;

#[derive(Clone)]
pub(crate) struct CorsLayer {
    route: Arc<RoutePolicies>,
}

impl CorsLayer {
    pub(crate) fn new(route: RoutePolicies) -> Self {
        Self { route: Arc::new(route) }
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
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let route = &*self.route;
        if request.method() == Method::OPTIONS {
            if let Some(requested) = preflight::requested_method(request.method(), request.headers()) {
                let headers = request.headers();
                let entry = route.for_method(&requested);
                let allow_origin = entry
                    .and_then(|entry| decide_static(&entry.origins, headers))
                    .unwrap_or(Err(Refusal::NoHandlerForMethod));
                let answer = preflight::answer(route, headers, &requested, entry, allow_origin);
                return ResponseFuture::Ready { response: Some(answer) };
            }
            if !route.has_options_handler {
                return ResponseFuture::Ready { response: Some(preflight::allow_answer(route)) };
            }
        }
        let cors = route.for_method(request.method()).map(|entry| {
            let verdict = decide_static(&entry.origins, request.headers());
            ActualCors::new(route, entry, request.method(), request.headers(), verdict)
        });
        ResponseFuture::Inner { future: self.inner.call(request), cors }
    }
}

pin_project_lite::pin_project! {
    #[doc(hidden)]
    #[project = ResponseFutureProj]
    pub enum ResponseFuture<F> {
        Ready { response: Option<Response> },
        Inner { #[pin] future: F, cors: Option<ActualCors> },
    }
}

impl<F> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            ResponseFutureProj::Ready { response } => {
                Poll::Ready(Ok(response.take().expect("ResponseFuture polled after completion")))
            }
            ResponseFutureProj::Inner { future, cors } => {
                let mut response = match future.poll(cx) {
                    Poll::Ready(Ok(response)) => response,
                    Poll::Ready(Err(never)) => match never {},
                    Poll::Pending => return Poll::Pending,
                };
                if let Some(cors) = cors.take() {
                    cors.apply(response.headers_mut());
                }
                Poll::Ready(Ok(response))
            }
        }
    }
}

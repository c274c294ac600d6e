//! The future of a CORS-wrapped call: either an answer ready at once (a
//! preflight, an `Allow`), or the inner call whose response gets the actual
//! request's CORS headers. Shared by the per-handler wrapper (output
//! `Response`) and the route layer (output `Result<Response, Infallible>`).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use axum::response::Response;

use crate::actual_request::ActualCors;

/// A response, or a result that is always one.
pub(crate) trait CorsOutput {
    fn from_response(response: Response) -> Self;
    fn response_mut(&mut self) -> &mut Response;
}

impl CorsOutput for Response {
    fn from_response(response: Response) -> Self {
        response
    }
    fn response_mut(&mut self) -> &mut Response {
        self
    }
}

impl CorsOutput for Result<Response, Infallible> {
    fn from_response(response: Response) -> Self {
        Ok(response)
    }
    fn response_mut(&mut self) -> &mut Response {
        match self {
            Ok(response) => response,
            Err(never) => match *never {},
        }
    }
}

pin_project_lite::pin_project! {
    #[doc(hidden)]
    #[project = CorsFutureProj]
    pub enum CorsFuture<F> {
        Ready { response: Option<Response> },
        // `Option` only so `poll` can take it once.
        Inner { #[pin] future: F, cors: Option<ActualCors> },
    }
}

impl<F> CorsFuture<F> {
    pub(crate) fn ready(response: Response) -> Self {
        Self::Ready { response: Some(response) }
    }

    pub(crate) fn inner(future: F, cors: ActualCors) -> Self {
        Self::Inner { future, cors: Some(cors) }
    }
}

impl<F> Future for CorsFuture<F>
where
    F: Future,
    F::Output: CorsOutput,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            CorsFutureProj::Ready { response } => Poll::Ready(F::Output::from_response(
                response.take().expect("CorsFuture polled after completion"),
            )),
            CorsFutureProj::Inner { future, cors } => {
                let mut output = ready!(future.poll(cx));
                if let Some(cors) = cors.take() {
                    cors.apply(output.response_mut().headers_mut());
                }
                Poll::Ready(output)
            }
        }
    }
}

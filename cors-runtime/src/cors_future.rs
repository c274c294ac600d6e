//! The future of a CORS-wrapped call: either an answer ready at once (a
//! preflight, an `Allow`, a gate's 403), or the inner call whose response
//! gets the actual request's CORS headers. Shared by the wrapped handler
//! (output `Response`) and the router layer (output `Result<Response<B>, E>`).

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use http::Response;

use crate::actual_request::ActualCors;
use crate::decision::Decision;

/// A response, or a result that may hold one.
pub(crate) trait CorsOutput {
    type Body;
    fn from_response(response: Response<Self::Body>) -> Self;
    fn response_mut(&mut self) -> Option<&mut Response<Self::Body>>;
}

impl<B> CorsOutput for Response<B> {
    type Body = B;
    fn from_response(response: Response<B>) -> Self {
        response
    }
    fn response_mut(&mut self) -> Option<&mut Response<B>> {
        Some(self)
    }
}

impl<B, E> CorsOutput for Result<Response<B>, E> {
    type Body = B;
    fn from_response(response: Response<B>) -> Self {
        Ok(response)
    }
    fn response_mut(&mut self) -> Option<&mut Response<B>> {
        self.as_mut().ok()
    }
}

pin_project_lite::pin_project! {
    #[doc(hidden)]
    #[project = CorsFutureProj]
    pub enum CorsFuture<F, B> {
        Ready { response: Option<Response<B>> },
        // `Option` only so `poll` can take it once.
        Inner { #[pin] future: F, cors: Option<ActualCors> },
    }
}

impl<F, B> CorsFuture<F, B> {
    /// The inner call as it is (its CORS was decided further out).
    pub(crate) fn passthrough(future: F) -> Self {
        Self::Inner { future, cors: None }
    }

    /// Runs `call` only when the decision forwards.
    pub(crate) fn new(decision: Decision<B>, call: impl FnOnce() -> F) -> Self {
        match decision {
            Decision::Answer(response) => Self::Ready {
                response: Some(response),
            },
            Decision::Forward(cors) => Self::Inner {
                future: call(),
                cors: Some(cors),
            },
        }
    }
}

impl<F, B> Future for CorsFuture<F, B>
where
    F: Future,
    F::Output: CorsOutput<Body = B>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            CorsFutureProj::Ready { response } => Poll::Ready(match response.take() {
                Some(response) => F::Output::from_response(response),
                None => panic!("CorsFuture polled after completion"),
            }),
            CorsFutureProj::Inner { future, cors } => {
                let mut output = ready!(future.poll(cx));
                if let (Some(cors), Some(response)) = (cors.take(), output.response_mut()) {
                    cors.apply(response);
                }
                Poll::Ready(output)
            }
        }
    }
}

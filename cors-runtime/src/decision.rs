//! The one decision core. Every entry point (the wrapped handler, the path
//! handler for routes with user layers or dynamic origins, and the router
//! layer of `cors_layer!`) asks it the same two questions:
//!
//! 1. [`classify`]: which policy is this request about? (A preflight is about
//!    the method it names; anything else about its own method.)
//! 2. [`conclude`]: given what that policy answers to the `Origin`, answer
//!    now (preflight, `Allow`, a gate's 403), or forward to the handler and
//!    add these headers to whatever it returns.
//!
//! Between the two the caller resolves the origin: synchronously, or by
//! awaiting a dynamic check ([`decide`] does both for it).

use http::{HeaderMap, Method, Response, StatusCode, Uri};

use crate::actual_request::{ActualCors, CorsDecided};
use crate::allow_origin::{origin_step, OriginAnswer, OriginStep};
use crate::gate::{self, Gate};
use crate::log_value;
use crate::preflight;
use crate::refusal::Refusal;
use crate::route_policies::{MethodPolicy, RoutePolicies, Scope};

/// The parts of a request the decision reads.
pub(crate) struct RequestView<'a> {
    pub(crate) method: &'a Method,
    pub(crate) uri: &'a Uri,
    pub(crate) headers: &'a HeaderMap,
    /// A `cors_layer!` further out forwarded this request: its policy has
    /// answered the preflights, so the responses here are marked as decided
    /// and refused origins are gated as with `block_refused`.
    pub(crate) under_layer: bool,
}

impl<'a> RequestView<'a> {
    pub(crate) fn of<B>(request: &'a http::Request<B>) -> Self {
        Self {
            method: request.method(),
            uri: request.uri(),
            headers: request.headers(),
            under_layer: request.extensions().get::<UnderLayer>().is_some(),
        }
    }

    pub(crate) fn of_parts(parts: &'a http::request::Parts) -> Self {
        Self {
            method: &parts.method,
            uri: &parts.uri,
            headers: &parts.headers,
            under_layer: parts.extensions.get::<UnderLayer>().is_some(),
        }
    }
}

/// Put on requests a `cors_layer!` forwards.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnderLayer;

/// Which policy a request is about, before its origin is judged.
pub(crate) enum Step<'r> {
    /// A preflight, about the policy of the method it names (`None`: no
    /// handler serves that method).
    Preflight {
        requested: Method,
        entry: Option<&'r MethodPolicy>,
    },
    /// An OPTIONS that is no preflight, on a path whose user has no OPTIONS handler.
    AllowAnswer,
    /// Anything else goes to the handler (`None`: axum answers 405).
    Actual { entry: Option<&'r MethodPolicy> },
}

impl<'r> Step<'r> {
    /// The policy whose origins decide.
    pub(crate) fn entry(&self) -> Option<&'r MethodPolicy> {
        match self {
            Self::Preflight { entry, .. } | Self::Actual { entry } => *entry,
            Self::AllowAnswer => None,
        }
    }
}

pub(crate) fn classify<'r>(route: &'r RoutePolicies, request: &RequestView<'_>) -> Step<'r> {
    if let Some(requested) = preflight::requested_method(request.method, request.headers) {
        let entry = route.for_method(&requested);
        return Step::Preflight { requested, entry };
    }
    if *request.method == Method::OPTIONS
        && route.scope
            == (Scope::Path {
                has_options_handler: false,
            })
    {
        return Step::AllowAnswer;
    }
    Step::Actual {
        entry: route.for_method(request.method),
    }
}

/// The outcome: an answer now, or the handler's response with these headers.
pub(crate) enum Decision<B> {
    Answer(Response<B>),
    Forward(ActualCors),
}

/// The origin answer of `step`'s policy, when no async check is needed.
pub(crate) fn origin_now<'r>(step: &Step<'r>, headers: &'r HeaderMap) -> OriginStep<'r> {
    match step.entry() {
        Some(entry) => origin_step(&entry.origins, headers),
        None => OriginStep::Answered(None),
    }
}

pub(crate) fn conclude<B: Default>(
    route: &RoutePolicies,
    step: Step<'_>,
    request: &RequestView<'_>,
    origin: OriginAnswer,
) -> Decision<B> {
    let mark = request.under_layer;
    let decision = match step {
        Step::Preflight { requested, entry } => {
            let origin = origin.unwrap_or(Err(Refusal::NoHandlerForMethod));
            Decision::Answer(preflight::answer(
                route,
                request.headers,
                &requested,
                entry,
                origin,
            ))
        }
        Step::AllowAnswer => Decision::Answer(preflight::allow_answer(route)),
        Step::Actual { entry: None } => Decision::Forward(ActualCors::vary_only(route)),
        Step::Actual { entry: Some(entry) } => match origin {
            Some(Err(refusal)) => match gate(entry, request) {
                Some(gate) => {
                    Decision::Answer(refuse_at_gate(route, entry, request, &refusal, gate))
                }
                None => {
                    log_withheld(route, entry, request, &refusal);
                    Decision::Forward(ActualCors::new(entry, None))
                }
            },
            Some(Ok(allow_origin)) => Decision::Forward(ActualCors::new(entry, Some(allow_origin))),
            None => Decision::Forward(ActualCors::new(entry, None)),
        },
    };
    match decision {
        Decision::Forward(cors) => Decision::Forward(cors.marked(mark)),
        Decision::Answer(mut response) => {
            if mark {
                response.extensions_mut().insert(CorsDecided);
            }
            Decision::Answer(response)
        }
    }
}

/// Which gate, if any, stops a request whose origin the policy refused.
fn gate(entry: &MethodPolicy, request: &RequestView<'_>) -> Option<Gate> {
    if gate::is_websocket_upgrade(request.headers) {
        return Some(Gate::WebSocket);
    }
    let blocks = entry.policy.parts().block_refused || request.under_layer;
    (blocks
        && gate::is_unsafe(request.method)
        && gate::is_cross_origin(request.headers, request.uri))
    .then_some(Gate::UnsafeCrossOrigin)
}

fn refuse_at_gate<B: Default>(
    route: &RoutePolicies,
    entry: &MethodPolicy,
    request: &RequestView<'_>,
    refusal: &Refusal,
    gate: Gate,
) -> Response<B> {
    tracing::debug!(
        target: "cors_runtime",
        route = %route.path,
        method = %request.method,
        origin = %log_value::origin(request.headers),
        handler = entry.handler,
        rule = %refusal,
        gate = %gate,
        "cors gate refused the request before its handler",
    );
    let mut response = Response::new(B::default());
    *response.status_mut() = StatusCode::FORBIDDEN;
    // No CORS headers, the route's `Vary`: what every refused response carries.
    ActualCors::vary_only(route).apply(&mut response);
    response
}

fn log_withheld(
    route: &RoutePolicies,
    entry: &MethodPolicy,
    request: &RequestView<'_>,
    refusal: &Refusal,
) {
    tracing::debug!(
        target: "cors_runtime",
        route = %route.path,
        method = %request.method,
        origin = %log_value::origin(request.headers),
        handler = entry.handler,
        rule = %refusal,
        "cors headers withheld from actual response",
    );
}

/// The whole decision for policies without a dynamic check.
pub(crate) fn decide_now<B: Default>(
    route: &RoutePolicies,
    request: &RequestView<'_>,
) -> Decision<B> {
    let step = classify(route, request);
    let origin = match origin_now(&step, request.headers) {
        OriginStep::Answered(answer) => answer,
        // Only `PathHandler` serves dynamic policies, and it calls `decide`.
        OriginStep::NeedsCheck { .. } => Some(Err(Refusal::MalformedOrigin)),
    };
    conclude(route, step, request, origin)
}

/// The whole decision, running a dynamic check (at most once) when the policy has one.
pub(crate) async fn decide<B: Default, S: Send + Sync + 'static>(
    route: &RoutePolicies,
    parts: &http::request::Parts,
    state: &S,
) -> Decision<B> {
    let request = RequestView::of_parts(parts);
    let step = classify(route, &request);
    let origin = origin_now(&step, &parts.headers)
        .resolve(parts, state)
        .await;
    conclude(route, step, &request, origin)
}

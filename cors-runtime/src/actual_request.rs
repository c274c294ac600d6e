//! The CORS headers of an actual (non-preflight) response: decided from the
//! request before the handler runs, written on whatever response comes back,
//! extractor rejections and errors included.

use http::{header, HeaderMap, HeaderValue, Method, Request};

use crate::allow_origin::{allow_origin, request_origin};
use crate::policy::Policy;
use crate::route_policies::RoutePolicies;

static TRUE: HeaderValue = HeaderValue::from_static("true");

/// What to add to the response of one actual request.
#[derive(Debug)]
pub(crate) struct ActualCors {
    policy: &'static Policy,
    /// `None` for a refused origin or a request without one.
    allow_origin: Option<HeaderValue>,
}

impl ActualCors {
    /// `None` when no `#[cors]` handler serves the method (axum answers 405).
    pub(crate) fn for_request<B>(route: &RoutePolicies, request: &Request<B>) -> Option<Self> {
        let entry = route.for_method(request.method())?;
        let policy = entry.policy;
        let allow_origin = match request_origin(request.headers()) {
            None => None,
            Some(origin) => match origin.and_then(|origin| allow_origin(policy, origin)) {
                Ok(value) => Some(value),
                Err(refusal) => {
                    log_refusal(route, request.method(), request.headers(), entry.handler, &refusal);
                    None
                }
            },
        };
        Some(Self { policy, allow_origin })
    }

    pub(crate) fn apply(self, headers: &mut HeaderMap) {
        // CORS headers a handler or inner layer set must not widen the policy.
        strip_cors_headers(headers);
        if let Some(allow_origin) = self.allow_origin {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
            if self.policy.credentials {
                headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE.clone());
            }
            if let Some(expose) = &self.policy.expose_headers {
                headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
            }
        }
        if !self.policy.is_any_origin() {
            crate::vary::add(headers, &crate::vary::ORIGIN);
        }
    }
}

fn strip_cors_headers(headers: &mut HeaderMap) {
    headers.remove(header::ACCESS_CONTROL_ALLOW_ORIGIN);
    headers.remove(header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
    headers.remove(header::ACCESS_CONTROL_EXPOSE_HEADERS);
}

fn log_refusal(
    route: &RoutePolicies,
    method: &Method,
    headers: &HeaderMap,
    handler: &str,
    refusal: &crate::refusal::Refusal,
) {
    tracing::info!(
        target: "cors_runtime",
        route = %route.path,
        method = %method,
        origin = ?headers.get(header::ORIGIN),
        handler,
        rule = %refusal,
        "cors headers withheld from actual response",
    );
}

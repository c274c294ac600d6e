//! The CORS headers of an actual (non-preflight) response: decided from the
//! request before the handler runs, written on whatever response comes back,
//! extractor rejections and errors included.

use http::{header, HeaderMap, HeaderValue, Method};

use crate::refusal::Refusal;
use crate::route_policies::{MethodPolicy, RoutePolicies};

/// `Access-Control-Allow-Credentials`: the only value it ever takes.
pub(crate) static TRUE: HeaderValue = HeaderValue::from_static("true");

/// What to add to the response of one actual request.
#[derive(Debug)]
pub(crate) struct ActualCors {
    /// `None` for a refused origin or a request without one.
    allow_origin: Option<HeaderValue>,
    credentials: bool,
    expose_headers: Option<&'static HeaderValue>,
    vary_origin: bool,
}

impl ActualCors {
    /// `verdict` is `None` without an `Origin`; a refusal is logged here.
    pub(crate) fn new(
        route: &RoutePolicies,
        entry: &MethodPolicy,
        method: &Method,
        headers: &HeaderMap,
        verdict: Option<Result<HeaderValue, Refusal>>,
    ) -> Self {
        let allow_origin = match verdict {
            None => None,
            Some(Ok(value)) => Some(value),
            Some(Err(refusal)) => {
                tracing::info!(
                    target: "cors_runtime",
                    route = %route.path,
                    method = %method,
                    origin = ?headers.get(header::ORIGIN),
                    handler = entry.handler,
                    rule = %refusal,
                    "cors headers withheld from actual response",
                );
                None
            }
        };
        Self {
            allow_origin,
            credentials: entry.policy.credentials,
            expose_headers: entry.policy.expose_headers.as_ref(),
            vary_origin: !entry.origins.is_any(),
        }
    }

    /// For a response no `#[cors]` handler made (axum's 405 for a method the
    /// path does not serve): no CORS headers, but the route's `Vary`.
    pub(crate) fn vary_only(route: &RoutePolicies) -> Self {
        Self { allow_origin: None, credentials: false, expose_headers: None, vary_origin: route.varies_on_origin() }
    }

    pub(crate) fn apply(self, headers: &mut HeaderMap) {
        // CORS headers a handler or inner layer set must not widen the policy:
        // each is replaced (`insert` drops every earlier value) or removed.
        // One map lookup per header, none spent removing what is then inserted.
        match self.allow_origin {
            Some(allow_origin) => {
                headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
                if self.credentials {
                    headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE.clone());
                } else {
                    headers.remove(header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
                }
                match self.expose_headers {
                    Some(expose) => {
                        headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
                    }
                    None => {
                        headers.remove(header::ACCESS_CONTROL_EXPOSE_HEADERS);
                    }
                }
            }
            None => {
                headers.remove(header::ACCESS_CONTROL_ALLOW_ORIGIN);
                headers.remove(header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
                headers.remove(header::ACCESS_CONTROL_EXPOSE_HEADERS);
            }
        }
        if self.vary_origin {
            crate::vary::add(headers, &crate::vary::ORIGIN);
        }
    }
}

//! Answering a preflight: `OPTIONS` with an `Origin` and a valid
//! `Access-Control-Request-Method`. The handler never runs for one.

use http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode};

use crate::log_value;
use crate::preflight_headers::check_requested_headers;
use crate::refusal::Refusal;
use crate::route_policies::{MethodPolicy, RoutePolicies};

/// Room for every header of a preflight answer: `with_capacity(12)` is 16
/// slots holding 12 entries, one allocation each for slots and entries.
const ANSWER_HEADERS: usize = 12;

/// The method a preflight asks about, if `request` is a preflight at all.
pub(crate) fn requested_method(method: &Method, headers: &HeaderMap) -> Option<Method> {
    if method != Method::OPTIONS || !headers.contains_key(header::ORIGIN) {
        return None;
    }
    let mut values = headers
        .get_all(header::ACCESS_CONTROL_REQUEST_METHOD)
        .iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    // `Method::from_bytes` accepts exactly the non-empty tokens.
    Method::from_bytes(value.as_bytes()).ok()
}

/// Answers a preflight once the origin is decided: `allow_origin` is the
/// ACAO value, or why the origin was refused (`None`: no handler serves the
/// requested method).
pub(crate) fn answer<B: Default>(
    route: &RoutePolicies,
    headers: &HeaderMap,
    requested: &Method,
    entry: Option<&MethodPolicy>,
    allow_origin: Result<HeaderValue, Refusal>,
) -> Response<B> {
    let mut response = Response::new(B::default());
    if entry.is_some() && allow_origin.is_ok() {
        // Likely allowed: sized once for every header the answer can carry
        // (Vary x2, the six CORS headers, then axum's Allow and Content-Length);
        // the default map holds 6 and would grow (allocate, rehash, realloc)
        // mid-answer. A refusal carries 3 headers and keeps the default.
        *response.headers_mut() = HeaderMap::with_capacity(ANSWER_HEADERS);
    }
    append_preflight_vary(route, response.headers_mut());
    let result = entry.ok_or(Refusal::NoHandlerForMethod).and_then(|entry| {
        allow(
            entry,
            headers,
            requested,
            allow_origin?,
            response.headers_mut(),
        )
        .map(|()| entry)
    });
    match result {
        Ok(entry) => *response.status_mut() = entry.policy.parts().preflight_status,
        Err(refusal) => {
            *response.status_mut() = StatusCode::FORBIDDEN;
            tracing::debug!(
                target: "cors_runtime",
                route = %route.path,
                method = %requested,
                origin = %log_value::origin(headers),
                handler = entry.map_or("", |m| m.handler),
                rule = %refusal,
                "cors preflight refused",
            );
        }
    }
    response
}

/// Checks the requested headers and, when they are allowed, writes the CORS
/// headers. Nothing is written on refusal.
fn allow(
    entry: &MethodPolicy,
    headers: &HeaderMap,
    requested: &Method,
    allow_origin: HeaderValue,
    out: &mut HeaderMap,
) -> Result<(), Refusal> {
    let policy = entry.policy;
    if !policy.parts().methods.covers(requested) {
        return Err(Refusal::MethodNotAllowed);
    }
    let headers_requested = check_requested_headers(policy, headers)?;
    let private_network = private_network_requested(headers);
    if private_network && !policy.parts().private_network {
        return Err(Refusal::PrivateNetworkNotAllowed);
    }

    out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    if policy.parts().credentials {
        out.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            crate::actual_request::TRUE.clone(),
        );
    }
    out.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        entry.headers.allow_methods.clone(),
    );
    if headers_requested {
        out.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            entry.headers.allow_headers.clone(),
        );
    }
    if let Some(max_age) = &entry.headers.max_age {
        out.insert(header::ACCESS_CONTROL_MAX_AGE, max_age.clone());
    }
    if private_network {
        out.insert(&ALLOW_PRIVATE_NETWORK, crate::actual_request::TRUE.clone());
    }
    Ok(())
}

static REQUEST_PRIVATE_NETWORK: header::HeaderName =
    header::HeaderName::from_static("access-control-request-private-network");
static ALLOW_PRIVATE_NETWORK: header::HeaderName =
    header::HeaderName::from_static("access-control-allow-private-network");

/// Private Network Access: the page asks to reach a more private address.
fn private_network_requested(headers: &HeaderMap) -> bool {
    headers
        .get(&REQUEST_PRIVATE_NETWORK)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"true"))
}

/// A non-preflight OPTIONS on a path whose user registered no OPTIONS handler.
pub(crate) fn allow_answer<B: Default>(route: &RoutePolicies) -> Response<B> {
    let mut response = Response::new(B::default());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
        .headers_mut()
        .insert(header::ALLOW, route.allow.clone());
    // Same `Vary` as the path's preflight answers: the two differ only by
    // request headers (SPEC §4: every response of the route varies on Origin).
    append_preflight_vary(route, response.headers_mut());
    response
}

fn append_preflight_vary(route: &RoutePolicies, headers: &mut HeaderMap) {
    for vary in &route.preflight_vary {
        headers.append(header::VARY, (*vary).clone());
    }
}

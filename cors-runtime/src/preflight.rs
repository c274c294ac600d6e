//! Answering a preflight: `OPTIONS` with an `Origin` and a valid
//! `Access-Control-Request-Method`. The handler never runs for one.

use axum::body::Body;
use axum::response::Response;
use http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};

use crate::allow_headers::check_requested_headers;
use crate::allow_origin::{allow_origin, request_origin};
use crate::refusal::Refusal;
use crate::route_policies::RoutePolicies;

static TRUE: HeaderValue = HeaderValue::from_static("true");

/// The method a preflight asks about, if `request` is a preflight at all.
pub(crate) fn requested_method<B>(request: &Request<B>) -> Option<Method> {
    if request.method() != Method::OPTIONS || !request.headers().contains_key(header::ORIGIN) {
        return None;
    }
    let mut values = request.headers().get_all(header::ACCESS_CONTROL_REQUEST_METHOD).iter();
    let value = values.next()?;
    if values.next().is_some() || !cors_rules::is_token(value.to_str().ok()?) {
        return None;
    }
    Method::from_bytes(value.as_bytes()).ok()
}

pub(crate) fn answer(route: &RoutePolicies, headers: &HeaderMap, requested: &Method) -> Response {
    let mut response = Response::new(Body::empty());
    for vary in &route.preflight_vary {
        response.headers_mut().append(header::VARY, (*vary).clone());
    }
    match allow(route, headers, requested, response.headers_mut()) {
        Ok(()) => *response.status_mut() = StatusCode::NO_CONTENT,
        Err(refusal) => {
            *response.status_mut() = StatusCode::FORBIDDEN;
            let handler = route.for_method(requested).map_or("", |m| m.handler);
            tracing::info!(
                target: "cors_runtime",
                route = %route.path,
                method = %requested,
                origin = ?headers.get(header::ORIGIN),
                handler,
                rule = %refusal,
                "cors preflight refused",
            );
        }
    }
    response
}

/// Checks the preflight and, when it is allowed, writes the CORS headers.
/// Nothing is written on refusal.
fn allow(
    route: &RoutePolicies,
    headers: &HeaderMap,
    requested: &Method,
    out: &mut HeaderMap,
) -> Result<(), Refusal> {
    let entry = route.for_method(requested).ok_or(Refusal::NoHandlerForMethod)?;
    let policy = entry.policy;
    let origin = request_origin(headers).ok_or(Refusal::OriginNotAllowed)??;
    let allow_origin = allow_origin(policy, origin)?;
    let headers_requested = check_requested_headers(policy, headers)?;

    out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    if policy.credentials {
        out.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE.clone());
    }
    out.insert(header::ACCESS_CONTROL_ALLOW_METHODS, entry.allow_methods.clone());
    if headers_requested {
        out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, policy.allow_headers.header_value().clone());
    }
    if let Some(max_age) = &policy.max_age {
        out.insert(header::ACCESS_CONTROL_MAX_AGE, max_age.clone());
    }
    Ok(())
}

/// A non-preflight OPTIONS on a path whose user registered no OPTIONS handler.
pub(crate) fn allow_answer(route: &RoutePolicies) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response.headers_mut().insert(header::ALLOW, route.allow.clone());
    response
}

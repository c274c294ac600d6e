//! Shared by the integration tests: a request builder and header assertions
//! against a real `Router` driven by `tower::ServiceExt::oneshot`.
#![allow(dead_code)]

pub mod logs;
pub mod modes;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, Response, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const APP: &str = "https://app.example.com";
pub const LOCAL: &str = "http://localhost:3000";
pub const EVIL: &str = "https://evil.example.net";

/// The CORS response headers; none may appear on a refused answer.
pub const CORS_HEADERS: [&str; 7] = [
    "access-control-allow-private-network",
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-expose-headers",
    "access-control-max-age",
];

pub async fn send(app: &Router, request: Request<Body>) -> Response<Body> {
    app.clone()
        .oneshot(request)
        .await
        .expect("router is infallible")
}

pub async fn body_text(response: Response<Body>) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

pub fn preflight(path: &str, origin: &str, method: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(Method::OPTIONS)
        .uri(path)
        .header("origin", origin)
        .header("access-control-request-method", method)
}

pub fn request(method: &str, path: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(path)
}

pub fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let mut values = headers.get_all(name).iter();
    let first = values.next()?;
    assert!(
        values.next().is_none(),
        "header {name} appears more than once: {headers:?}"
    );
    Some(first.to_str().expect("ascii header"))
}

/// Every `Vary` value, lower-cased, across all `Vary` lines.
pub fn vary(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all("vary")
        .iter()
        .flat_map(|line| line.to_str().unwrap().split(','))
        .map(|item| item.trim().to_ascii_lowercase())
        .filter(|item| !item.is_empty())
        .collect()
}

pub fn assert_no_cors_headers(headers: &HeaderMap) {
    for name in CORS_HEADERS {
        assert!(
            !headers.contains_key(name),
            "unexpected {name} in {headers:?}"
        );
    }
}

/// SPEC §4 invariants for one response: ACAO is the request's own single
/// Origin and an allowed one, or `*` where `star_allowed` (an `origins = "*"`
/// route), never `*` with ACAC, and ACAC only ever `true`.
pub fn assert_answer_invariants(
    request_origins: &[&[u8]],
    headers: &HeaderMap,
    allowed_origins: &[&str],
    star_allowed: bool,
) {
    assert_invariants(headers, allowed_origins);
    if let Some(acao) = headers.get("access-control-allow-origin") {
        if acao == "*" {
            assert!(
                star_allowed,
                "ACAO `*` on a route whose policy lists origins"
            );
        } else {
            assert_eq!(
                request_origins,
                [acao.as_bytes()],
                "ACAO other than the request's single Origin"
            );
        }
    }
}

/// SPEC §4 invariants, asserted on every response a test sees.
pub fn assert_invariants(headers: &HeaderMap, allowed_origins: &[&str]) {
    let allow_origin = headers
        .get("access-control-allow-origin")
        .map(|v| v.as_bytes().to_vec());
    let credentials = headers.get("access-control-allow-credentials");
    if let Some(credentials) = credentials {
        assert_eq!(credentials, "true", "ACAC other than `true`");
        assert_ne!(
            allow_origin.as_deref(),
            Some(&b"*"[..]),
            "ACAO `*` with ACAC"
        );
    }
    if let Some(origin) = allow_origin {
        assert!(
            origin == b"*"
                || allowed_origins
                    .iter()
                    .any(|allowed| allowed.as_bytes() == origin),
            "ACAO {:?} for an origin the policy does not allow",
            String::from_utf8_lossy(&origin)
        );
    }
}

pub fn status(response: &Response<Body>) -> StatusCode {
    response.status()
}

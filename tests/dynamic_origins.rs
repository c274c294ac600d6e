//! SPEC §6, dynamic origins: an async check sees the origin, the request parts
//! and the state; on allow ACAO echoes the origin; every response varies on
//! Origin; the check runs at most once per request, preflights included, and
//! never sees a malformed origin. The tenant example has its own tests
//! (`tests/tenant_origins.rs`).

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::HeaderValue;
use axum::Router;
use common::*;
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouteError, CorsRouterExt};

#[derive(Clone, Default)]
struct Counting {
    calls: Arc<AtomicUsize>,
}

/// Allows `https://*.allowed.example` when the request carries `x-tenant: ok`.
async fn counting_check(origin: &str, parts: &Parts, state: &Counting) -> bool {
    state.calls.fetch_add(1, Ordering::SeqCst);
    origin.ends_with(".allowed.example") && parts.headers.get("x-tenant").is_some_and(|v| v == "ok")
}

#[cors(origins = dynamic(counting_check), credentials, allow_headers = ["x-tenant"])]
async fn counted() -> &'static str {
    "counted"
}

#[cors(origins = ["https://static.example"])]
async fn static_beside() -> &'static str {
    "static"
}

async fn other_state_check(_origin: &str, _parts: &Parts, _state: &u8) -> bool {
    true
}

#[cors(origins = dynamic(other_state_check))]
async fn wrong_state() -> &'static str {
    "never"
}

fn counting_app() -> (Router, Counting) {
    let state = Counting::default();
    let app = Router::new()
        .cors_route("/c", get(counted).post(static_beside))
        .with_state(state.clone());
    (app, state)
}

const TENANT: &str = "https://shop.allowed.example";

#[tokio::test]
async fn the_check_decides_and_sees_origin_parts_and_state() {
    let (app, state) = counting_app();
    let allowed = send(
        &app,
        request("GET", "/c")
            .header("origin", TENANT)
            .header("x-tenant", "ok")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        header(allowed.headers(), "access-control-allow-origin"),
        Some(TENANT)
    );
    assert_eq!(
        header(allowed.headers(), "access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(vary(allowed.headers()), ["origin"]);
    assert_eq!(body_text(allowed).await, "counted");

    let refused = send(
        &app,
        request("GET", "/c")
            .header("origin", TENANT)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_no_cors_headers(refused.headers());
    assert_eq!(vary(refused.headers()), ["origin"]);
    assert_eq!(body_text(refused).await, "counted");
    assert_eq!(state.calls.load(Ordering::SeqCst), 2, "once per request");
}

#[tokio::test]
async fn the_check_runs_once_for_a_preflight_and_not_at_all_without_origin() {
    let (app, state) = counting_app();
    let response = send(
        &app,
        preflight("/c", TENANT, "GET")
            .header("x-tenant", "ok")
            .header("access-control-request-headers", "x-tenant")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some(TENANT)
    );
    assert_eq!(
        header(response.headers(), "access-control-allow-headers"),
        Some("x-tenant,accept,accept-language,content-language,content-type")
    );
    assert_eq!(state.calls.load(Ordering::SeqCst), 1);

    let no_origin = send(&app, request("GET", "/c").body(Body::empty()).unwrap()).await;
    assert_eq!(vary(no_origin.headers()), ["origin"]);
    assert_eq!(state.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn malformed_origins_never_reach_the_check() {
    let (app, state) = counting_app();
    for origin in [
        &b"null"[..],
        b"https://shop.allowed.example/",
        b"HTTPS://shop.allowed.example",
        b"https://shop.allowed.example\xff",
        b"shop.allowed.example",
    ] {
        let response = send(
            &app,
            request("GET", "/c")
                .header("origin", HeaderValue::from_bytes(origin).unwrap())
                .header("x-tenant", "ok")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_no_cors_headers(response.headers());
    }
    let several = send(
        &app,
        request("GET", "/c")
            .header("origin", TENANT)
            .header("origin", TENANT)
            .header("x-tenant", "ok")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_no_cors_headers(several.headers());
    assert_eq!(state.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn static_methods_on_a_dynamic_path_keep_their_policy() {
    let (app, state) = counting_app();
    let response = send(
        &app,
        request("POST", "/c")
            .header("origin", "https://static.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some("https://static.example")
    );
    let preflight = send(
        &app,
        preflight("/c", "https://static.example", "POST")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(preflight.status(), 204);
    assert_eq!(
        vary(preflight.headers()),
        ["origin", "access-control-request-method"]
    );
    assert_eq!(state.calls.load(Ordering::SeqCst), 0);
    // Non-preflight OPTIONS and unregistered methods behave as on static paths.
    let options = send(&app, request("OPTIONS", "/c").body(Body::empty()).unwrap()).await;
    assert_eq!(
        header(options.headers(), "allow"),
        Some("GET,POST,HEAD,OPTIONS")
    );
    let delete = send(
        &app,
        request("DELETE", "/c")
            .header("origin", TENANT)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(delete.status(), 405);
}

#[test]
fn a_check_over_another_state_is_a_start_up_error() {
    let error = Router::<Counting>::new()
        .try_cors_route("/w", get(wrong_state))
        .unwrap_err();
    assert!(
        matches!(error, CorsRouteError::DynamicStateMismatch { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("origin check `other_state_check` takes state `&u8`"),
        "{message}"
    );
    assert!(message.contains("dynamic_origins::Counting"), "{message}");
}

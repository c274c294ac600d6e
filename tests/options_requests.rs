//! SPEC §4, OPTIONS that is not a preflight: the user's own OPTIONS handler
//! if the path has one, else 204 with `Allow`; never another method's handler.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::Router;
use common::*;
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouterExt};

static GET_RUNS: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = ["https://app.example.com"])]
async fn read() -> &'static str {
    GET_RUNS.fetch_add(1, Ordering::SeqCst);
    "read"
}

#[cors(origins = ["https://app.example.com"])]
async fn write() -> &'static str {
    "written"
}

#[cors(origins = ["https://app.example.com"], methods = "OPTIONS,GET", max_age = 60)]
async fn own_options() -> &'static str {
    "my options"
}

fn app() -> Router {
    Router::new()
        .cors_route("/items", get(read).post(write))
        .cors_route("/custom", get(own_options).options(own_options))
}

#[tokio::test]
async fn options_without_origin_gets_allow() {
    let before = GET_RUNS.load(Ordering::SeqCst);
    let response = send(
        &app(),
        request("OPTIONS", "/items").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(response.headers(), "allow"),
        Some("GET,POST,HEAD,OPTIONS")
    );
    assert_no_cors_headers(response.headers());
    // The same Vary as the path's preflight answers (GET and POST answer ACAM differently).
    assert_eq!(
        vary(response.headers()),
        ["origin", "access-control-request-method"]
    );
    assert_eq!(body_text(response).await, "");
    assert_eq!(
        GET_RUNS.load(Ordering::SeqCst),
        before,
        "another method's handler ran"
    );
}

#[tokio::test]
async fn options_with_origin_but_no_requested_method_is_not_a_preflight() {
    let response = send(
        &app(),
        request("OPTIONS", "/items")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(response.headers(), "allow"),
        Some("GET,POST,HEAD,OPTIONS")
    );
    assert_no_cors_headers(response.headers());
}

#[tokio::test]
async fn options_with_an_invalid_requested_method_is_not_a_preflight() {
    for invalid in ["", "GE T", "GET,PUT"] {
        let response = send(
            &app(),
            request("OPTIONS", "/items")
                .header("origin", APP)
                .header("access-control-request-method", invalid)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(response.status(), 204, "{invalid:?}");
        assert_eq!(
            header(response.headers(), "allow"),
            Some("GET,POST,HEAD,OPTIONS")
        );
        assert_no_cors_headers(response.headers());
    }
}

#[tokio::test]
async fn the_users_options_handler_serves_non_preflight_options() {
    let response = send(
        &app(),
        request("OPTIONS", "/custom").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(body_text(response).await, "my options");

    // A cross-origin actual OPTIONS gets the OPTIONS handler's policy.
    let cross = send(
        &app(),
        request("OPTIONS", "/custom")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(cross.status(), 200);
    assert_eq!(
        header(cross.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    assert_eq!(body_text(cross).await, "my options");
}

#[tokio::test]
async fn a_preflight_for_options_is_still_answered_by_the_cors_layer() {
    let response = send(
        &app(),
        preflight("/custom", APP, "OPTIONS")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(response.headers(), "access-control-allow-methods"),
        Some("OPTIONS,GET")
    );
    assert_eq!(
        header(response.headers(), "access-control-max-age"),
        Some("60")
    );
    assert_eq!(body_text(response).await, "");
}

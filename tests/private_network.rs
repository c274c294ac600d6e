//! SPEC §6, Private Network Access: an opt-in flag; the preflight's
//! `Access-Control-Request-Private-Network: true` is answered only when the
//! rest of the preflight is allowed.

mod common;

use axum::body::Body;
use axum::Router;
use common::*;
use cors_runtime::routing::{get, put};
use cors_runtime::{cors, CorsRouterExt};

#[cors(origins = ["https://app.example.com"], private_network)]
async fn device() -> &'static str {
    "device"
}

#[cors(origins = ["https://app.example.com"])]
async fn not_opted_in() -> &'static str {
    "no"
}

fn app() -> Router {
    Router::new()
        .cors_route("/device", get(device))
        .cors_route("/other", put(not_opted_in))
}

fn pna_preflight(path: &str, origin: &str, method: &str) -> axum::http::Request<Body> {
    preflight(path, origin, method)
        .header("access-control-request-private-network", "true")
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn an_opted_in_policy_allows_private_network_access() {
    let response = send(&app(), pna_preflight("/device", APP, "GET")).await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(response.headers(), "access-control-allow-private-network"),
        Some("true")
    );
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some(APP)
    );
}

#[tokio::test]
async fn only_when_the_rest_of_the_preflight_is_allowed() {
    let response = send(&app(), pna_preflight("/device", EVIL, "GET")).await;
    assert_eq!(response.status(), 403);
    assert_eq!(
        header(response.headers(), "access-control-allow-private-network"),
        None
    );
}

#[tokio::test]
async fn a_policy_without_the_flag_refuses_it() {
    let response = send(&app(), pna_preflight("/other", APP, "PUT")).await;
    assert_eq!(response.status(), 403);
    assert_no_cors_headers(response.headers());
    assert_eq!(
        header(response.headers(), "access-control-allow-private-network"),
        None
    );
}

#[tokio::test]
async fn an_ordinary_preflight_gets_no_private_network_header() {
    let response = send(
        &app(),
        preflight("/device", APP, "GET")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(response.headers(), "access-control-allow-private-network"),
        None
    );
}

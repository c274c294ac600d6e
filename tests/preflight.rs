//! SPEC §4, preflights: allowed and refused (origin, method, header), the
//! exact headers of an answer, per-method policies on one path, and that the
//! handler never runs for a preflight.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::Router;
use common::*;
use cors_runtime::routing::{get, post, put};
use cors_runtime::{cors, CorsRouterExt};

static HANDLER_RUNS: AtomicUsize = AtomicUsize::new(0);

#[cors(
    origins = ["https://app.example.com", "http://localhost:3000"],
    methods = "GET, PUT",
    credentials,
    allow_headers = ["content-type", "x-api-key", "authorization"],
    expose_headers = ["x-total"],
    max_age = 600
)]
async fn read_data() -> &'static str {
    HANDLER_RUNS.fetch_add(1, Ordering::SeqCst);
    "data"
}

#[cors(origins = ["https://app.example.com"])]
async fn delete_data() -> &'static str {
    HANDLER_RUNS.fetch_add(1, Ordering::SeqCst);
    "deleted"
}

#[cors(origins = "*", allow_headers = "*")]
async fn public_post() -> &'static str {
    HANDLER_RUNS.fetch_add(1, Ordering::SeqCst);
    "public"
}

#[cors(origins = ["https://app.example.com"])]
async fn no_listed_headers() -> &'static str {
    "plain"
}

fn app() -> Router {
    Router::new()
        .cors_route("/data", get(read_data).put(read_data).delete(delete_data))
        .cors_route("/public", post(public_post))
        .cors_route("/plain", put(no_listed_headers))
}

#[tokio::test]
async fn allowed_preflight_answers_204_with_every_header() {
    let response = send(
        &app(),
        preflight("/data", APP, "PUT")
            .header("access-control-request-headers", "content-type,x-api-key")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    let h = response.headers();
    assert_eq!(header(h, "access-control-allow-origin"), Some(APP));
    assert_eq!(header(h, "access-control-allow-credentials"), Some("true"));
    assert_eq!(header(h, "access-control-allow-methods"), Some("GET,PUT"));
    assert_eq!(
        header(h, "access-control-allow-headers"),
        Some("content-type,x-api-key,authorization,accept,accept-language,content-language")
    );
    assert_eq!(header(h, "access-control-max-age"), Some("600"));
    // ACEH belongs to actual responses only.
    assert_eq!(header(h, "access-control-expose-headers"), None);
    // DELETE has another policy, so the answer depends on ACRM too.
    assert_eq!(vary(h), ["origin", "access-control-request-method"]);
    assert_eq!(body_text(response).await, "");
}

#[tokio::test]
async fn allow_origin_echoes_the_request_origin_byte_for_byte() {
    let response = send(
        &app(),
        preflight("/data", LOCAL, "GET")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some(LOCAL)
    );
}

#[tokio::test]
async fn preflight_without_requested_headers_sends_no_allow_headers() {
    let response = send(
        &app(),
        preflight("/data", APP, "PUT").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(response.headers(), "access-control-allow-headers"),
        None
    );
}

#[tokio::test]
async fn refused_origin_gets_403_and_no_cors_headers() {
    let response = send(
        &app(),
        preflight("/data", EVIL, "PUT").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(response.status(), 403);
    assert_no_cors_headers(response.headers());
    assert_eq!(
        vary(response.headers()),
        ["origin", "access-control-request-method"]
    );
}

#[tokio::test]
async fn method_without_a_handler_on_the_path_is_refused() {
    let response = send(
        &app(),
        preflight("/data", APP, "PATCH")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 403);
    assert_no_cors_headers(response.headers());
}

#[tokio::test]
async fn methods_compare_case_sensitively() {
    // A method that is not one of the six Fetch upper-cases compares byte for byte.
    let response = send(
        &app(),
        preflight("/data", APP, "put").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn unlisted_header_is_refused() {
    let response = send(
        &app(),
        preflight("/data", APP, "PUT")
            .header("access-control-request-headers", "content-type,x-other")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 403);
    assert_no_cors_headers(response.headers());
}

#[tokio::test]
async fn requested_headers_compare_case_insensitively_across_lines() {
    let response = send(
        &app(),
        preflight("/data", APP, "PUT")
            .header("access-control-request-headers", "X-Api-Key")
            .header("access-control-request-headers", "Content-Type")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
}

#[tokio::test]
async fn safelisted_headers_need_no_listing() {
    let response = send(
        &app(),
        preflight("/plain", APP, "PUT")
            .header("access-control-request-headers", "content-type,accept")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(response.headers(), "access-control-allow-headers"),
        Some("accept,accept-language,content-language,content-type")
    );
    // Anything else still must be listed.
    let refused = send(
        &app(),
        preflight("/plain", APP, "PUT")
            .header("access-control-request-headers", "x-custom")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn wildcard_headers_never_cover_authorization() {
    let allowed = send(
        &app(),
        preflight("/public", EVIL, "POST")
            .header("access-control-request-headers", "x-anything,x-else")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(allowed.status(), 204);
    assert_eq!(
        header(allowed.headers(), "access-control-allow-headers"),
        Some("*")
    );

    let refused = send(
        &app(),
        preflight("/public", EVIL, "POST")
            .header("access-control-request-headers", "x-anything,authorization")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(refused.status(), 403);
    assert_no_cors_headers(refused.headers());
}

#[tokio::test]
async fn listed_authorization_is_allowed() {
    let response = send(
        &app(),
        preflight("/data", APP, "GET")
            .header("access-control-request-headers", "authorization")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
}

#[tokio::test]
async fn wildcard_origin_answers_star_without_credentials_or_vary_origin() {
    let response = send(
        &app(),
        preflight("/public", EVIL, "POST")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    let h = response.headers();
    assert_eq!(header(h, "access-control-allow-origin"), Some("*"));
    assert_eq!(header(h, "access-control-allow-credentials"), None);
    // `methods` left out: the registered method.
    assert_eq!(header(h, "access-control-allow-methods"), Some("POST"));
    assert_eq!(header(h, "access-control-max-age"), None);
    assert!(vary(h).is_empty(), "{h:?}");
}

#[tokio::test]
async fn each_method_is_answered_with_its_own_policy() {
    // DELETE allows only APP, without credentials or max-age.
    let refused = send(
        &app(),
        preflight("/data", LOCAL, "DELETE")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(refused.status(), 403);
    let allowed_get = send(
        &app(),
        preflight("/data", LOCAL, "GET")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(allowed_get.status(), 204);

    let allowed = send(
        &app(),
        preflight("/data", APP, "DELETE")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(allowed.status(), 204);
    let h = allowed.headers();
    assert_eq!(header(h, "access-control-allow-origin"), Some(APP));
    assert_eq!(header(h, "access-control-allow-credentials"), None);
    assert_eq!(header(h, "access-control-allow-methods"), Some("DELETE"));
    assert_eq!(header(h, "access-control-max-age"), None);
}

#[tokio::test]
async fn head_is_answered_with_the_get_policy() {
    let response = send(
        &app(),
        preflight("/data", LOCAL, "HEAD")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(response.headers(), "access-control-allow-credentials"),
        Some("true")
    );
}

#[tokio::test]
async fn a_path_with_one_policy_does_not_vary_on_the_requested_method() {
    let response = send(
        &app(),
        preflight("/plain", APP, "PUT").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(vary(response.headers()), ["origin"]);
}

#[cors(origins = ["https://app.example.com"])]
async fn any_registered_method() -> &'static str {
    "same policy"
}

#[tokio::test]
async fn one_policy_on_several_methods_still_varies_on_the_method_when_acam_does() {
    // `methods` left out: ACAM is the requested method, so the answer depends on it.
    let app: Router = Router::new().cors_route(
        "/same",
        get(any_registered_method).put(any_registered_method),
    );
    let response = send(
        &app,
        preflight("/same", APP, "PUT").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(
        header(response.headers(), "access-control-allow-methods"),
        Some("PUT")
    );
    assert_eq!(
        vary(response.headers()),
        ["origin", "access-control-request-method"]
    );
}

#[tokio::test]
async fn the_handler_never_runs_for_a_preflight() {
    let before = HANDLER_RUNS.load(Ordering::SeqCst);
    let app = app();
    for (path, origin, method) in [
        ("/data", APP, "GET"),
        ("/data", APP, "PUT"),
        ("/data", EVIL, "GET"),
        ("/data", APP, "DELETE"),
        ("/public", EVIL, "POST"),
    ] {
        let response = send(
            &app,
            preflight(path, origin, method).body(Body::empty()).unwrap(),
        )
        .await;
        assert!(response.status() == 204 || response.status() == 403);
        assert_eq!(body_text(response).await, "");
    }
    assert_eq!(HANDLER_RUNS.load(Ordering::SeqCst), before);
}

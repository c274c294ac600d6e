//! SPEC §4, actual requests: headers on every response of the route (handler
//! errors, extractor rejections, inner layers), none for a refused origin or a
//! request without Origin, HEAD as GET, and `Vary` merged with the handler's.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use common::*;
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouterExt};
use serde::Deserialize;

#[derive(Clone)]
struct Db {
    greeting: &'static str,
}

#[derive(Deserialize)]
struct NewItem {
    #[allow(dead_code)]
    name: String,
}

struct AppError;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (StatusCode::INTERNAL_SERVER_ERROR, "failed").into_response()
    }
}

#[cors(
    origins = ["https://app.example.com", "http://localhost:3000"],
    credentials,
    expose_headers = ["x-total", "x-page"],
)]
async fn list(State(db): State<Db>) -> impl IntoResponse {
    ([("x-total", "3")], db.greeting)
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["content-type"])]
async fn create(Json(_item): Json<NewItem>) -> Result<StatusCode, AppError> {
    Err(AppError)
}

#[cors(origins = ["https://app.example.com"])]
async fn item(Path(id): Path<u32>) -> String {
    format!("item {id}")
}

#[cors(origins = ["https://app.example.com"])]
async fn varies() -> impl IntoResponse {
    ([("vary", "Accept-Encoding, origin")], "varied")
}

#[cors(origins = ["https://app.example.com"])]
async fn varies_on_everything() -> impl IntoResponse {
    ([("vary", "*")], "varied")
}

#[cors(origins = "*", expose_headers = "*")]
async fn public() -> impl IntoResponse {
    ([("vary", "accept-encoding")], "public")
}

/// A handler that sets CORS headers itself must not open the route to an origin its policy refuses.
#[cors(origins = ["https://app.example.com"])]
async fn leaky() -> impl IntoResponse {
    let mut headers = HeaderMap::new();
    headers.insert("access-control-allow-origin", "*".parse().unwrap());
    headers.insert("access-control-allow-credentials", "true".parse().unwrap());
    (headers, "leaky")
}

#[cors(origins = ["https://app.example.com"])]
async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_secs(5)).await;
    "late"
}

fn app() -> Router {
    Router::new()
        .cors_route("/items", get(list).post(create))
        .cors_route("/items/{id}", get(item))
        .cors_route("/varies", get(varies))
        .cors_route("/varies-star", get(varies_on_everything))
        .cors_route("/public", get(public))
        .cors_route("/leaky", get(leaky))
        .cors_route(
            "/slow",
            get(slow).layer(
                tower::ServiceBuilder::new()
                    .layer(axum::error_handling::HandleErrorLayer::new(
                        |_: tower::BoxError| async { StatusCode::REQUEST_TIMEOUT },
                    ))
                    .timeout(Duration::from_millis(10)),
            ),
        )
        .route("/health", axum::routing::get(|| async { "ok" }))
        .with_state(Db { greeting: "hello" })
}

#[tokio::test]
async fn allowed_origin_gets_origin_credentials_and_exposed_headers() {
    let response = send(
        &app(),
        request("GET", "/items")
            .header("origin", LOCAL)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 200);
    let h = response.headers();
    assert_eq!(header(h, "access-control-allow-origin"), Some(LOCAL));
    assert_eq!(header(h, "access-control-allow-credentials"), Some("true"));
    assert_eq!(
        header(h, "access-control-expose-headers"),
        Some("x-total,x-page")
    );
    assert_eq!(header(h, "x-total"), Some("3"));
    // Actual responses carry no preflight headers.
    assert_eq!(header(h, "access-control-allow-methods"), None);
    assert_eq!(header(h, "access-control-max-age"), None);
    assert_eq!(vary(h), ["origin"]);
    assert_eq!(body_text(response).await, "hello");
}

#[tokio::test]
async fn refused_origin_runs_the_handler_but_gets_no_cors_headers() {
    let response = send(
        &app(),
        request("GET", "/items")
            .header("origin", EVIL)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_no_cors_headers(response.headers());
    assert_eq!(vary(response.headers()), ["origin"]);
    assert_eq!(body_text(response).await, "hello");
}

#[tokio::test]
async fn request_without_origin_gets_no_cors_headers_but_vary() {
    let response = send(
        &app(),
        request("GET", "/items").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_no_cors_headers(response.headers());
    assert_eq!(vary(response.headers()), ["origin"]);
}

#[tokio::test]
async fn head_is_treated_as_get() {
    let response = send(
        &app(),
        request("HEAD", "/items")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    assert_eq!(
        header(response.headers(), "access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(body_text(response).await, "");
}

#[tokio::test]
async fn handler_errors_carry_cors_headers() {
    let response = send(
        &app(),
        request("POST", "/items")
            .header("origin", APP)
            .header("content-type", "application/json")
            .body(Body::from(r#"{"name":"x"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 500);
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    assert_eq!(body_text(response).await, "failed");
}

#[tokio::test]
async fn extractor_rejections_carry_cors_headers() {
    // Malformed JSON: axum's Json rejection (400).
    let bad_json = send(
        &app(),
        request("POST", "/items")
            .header("origin", APP)
            .header("content-type", "application/json")
            .body(Body::from("{not json"))
            .unwrap(),
    )
    .await;
    assert_eq!(bad_json.status(), 400);
    assert_eq!(
        header(bad_json.headers(), "access-control-allow-origin"),
        Some(APP)
    );

    // Well-formed JSON of the wrong shape: 422.
    let wrong_shape = send(
        &app(),
        request("POST", "/items")
            .header("origin", APP)
            .header("content-type", "application/json")
            .body(Body::from(r#"{"title":1}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(wrong_shape.status(), 422);
    assert_eq!(
        header(wrong_shape.headers(), "access-control-allow-origin"),
        Some(APP)
    );

    // Missing content type: 415.
    let no_type = send(
        &app(),
        request("POST", "/items")
            .header("origin", APP)
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(no_type.status(), 415);
    assert_eq!(
        header(no_type.headers(), "access-control-allow-origin"),
        Some(APP)
    );

    // Path rejection: 400.
    let bad_path = send(
        &app(),
        request("GET", "/items/abc")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(bad_path.status(), 400);
    assert_eq!(
        header(bad_path.headers(), "access-control-allow-origin"),
        Some(APP)
    );
}

#[tokio::test]
async fn path_parameters_work() {
    let response = send(
        &app(),
        request("GET", "/items/7")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(body_text(response).await, "item 7");
}

#[tokio::test]
async fn responses_of_layers_inside_the_route_carry_cors_headers() {
    let response = send(
        &app(),
        request("GET", "/slow")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 408);
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    assert_eq!(vary(response.headers()), ["origin"]);
}

#[tokio::test]
async fn vary_is_merged_with_the_handlers_own() {
    let response = send(
        &app(),
        request("GET", "/varies")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    // The handler already named origin (in another case): nothing added, nothing replaced.
    assert_eq!(vary(response.headers()), ["accept-encoding", "origin"]);

    let star = send(
        &app(),
        request("GET", "/varies-star")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(vary(star.headers()), ["*"]);

    let wildcard = send(
        &app(),
        request("GET", "/public")
            .header("origin", EVIL)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    // `origins = "*"`: the answer does not depend on Origin.
    assert_eq!(vary(wildcard.headers()), ["accept-encoding"]);
}

#[tokio::test]
async fn wildcard_policy_answers_star_and_exposes_star() {
    let response = send(
        &app(),
        request("GET", "/public")
            .header("origin", EVIL)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some("*")
    );
    assert_eq!(
        header(response.headers(), "access-control-expose-headers"),
        Some("*")
    );
    assert_eq!(
        header(response.headers(), "access-control-allow-credentials"),
        None
    );
}

#[tokio::test]
async fn a_handlers_own_cors_headers_never_reach_a_refused_origin() {
    let refused = send(
        &app(),
        request("GET", "/leaky")
            .header("origin", EVIL)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_no_cors_headers(refused.headers());
    let allowed = send(
        &app(),
        request("GET", "/leaky")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        header(allowed.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    // The policy has no `credentials`: the handler's own ACAC is dropped.
    assert_eq!(
        header(allowed.headers(), "access-control-allow-credentials"),
        None
    );
    assert_invariants(allowed.headers(), &[APP]);
}

#[tokio::test]
async fn plain_routes_are_untouched() {
    let response = send(
        &app(),
        request("GET", "/health")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_no_cors_headers(response.headers());
    assert!(vary(response.headers()).is_empty());
}

#[tokio::test]
async fn a_method_without_a_handler_is_axums_405() {
    let response = send(
        &app(),
        request("DELETE", "/items")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_no_cors_headers(response.headers());
    // Still a response of the route: it varies on Origin, and axum's Allow stays.
    assert_eq!(vary(response.headers()), ["origin"]);
    assert_eq!(
        header(response.headers(), "allow"),
        Some("GET,HEAD,POST,OPTIONS")
    );
    // The same on a route with user layers (one CORS layer around them).
    let layered = send(
        &app(),
        request("DELETE", "/slow")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(layered.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_no_cors_headers(layered.headers());
    assert_eq!(vary(layered.headers()), ["origin"]);
}

#[tokio::test]
async fn a_route_with_user_layers_answers_preflights_and_options_too() {
    // `/slow` has user layers, so CORS is one layer around them (not per handler).
    let allowed = send(
        &app(),
        preflight("/slow", APP, "GET").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(allowed.status(), 204);
    assert_eq!(
        header(allowed.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    assert_eq!(
        header(allowed.headers(), "access-control-allow-methods"),
        Some("GET")
    );
    let refused = send(
        &app(),
        preflight("/slow", EVIL, "GET").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(refused.status(), 403);
    assert_no_cors_headers(refused.headers());
    let options = send(
        &app(),
        request("OPTIONS", "/slow").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(options.status(), 204);
    assert_eq!(header(options.headers(), "allow"), Some("GET,HEAD,OPTIONS"));
}

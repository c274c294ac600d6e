//! Policies the demo API does not need but SPEC §4 covers, mounted beside it
//! under `/t/` for the browser suite. Listed origin: `http://localhost:3000`
//! (the suite's allowed page); `http://127.0.0.1:3000` is the refused page,
//! listed only where a case needs the other origin allowed.

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use cors_runtime::routing::{get, put};
use cors_runtime::{cors, CorsRouterExt};

/// `allow_headers = "*"` and `expose_headers = "*"`: any request header but
/// `authorization`, and every response header readable.
#[cors(origins = ["http://localhost:3000"], allow_headers = "*", expose_headers = "*")]
async fn wildcard_headers() -> impl IntoResponse {
    ([("x-one", "1"), ("x-two", "2")], "wildcards")
}

/// A listed origin without `credentials`.
#[cors(origins = ["http://localhost:3000"])]
async fn no_credentials() -> &'static str {
    "no credentials"
}

/// `max_age = 0`: the browser must not cache the preflight.
#[cors(origins = ["http://localhost:3000"], allow_headers = ["content-type"], max_age = 0)]
async fn no_cache(body: String) -> String {
    format!("stored {} bytes", body.len())
}

/// GET and PATCH on one path; `methods` omitted, so each handler allows the
/// method it is registered for.
#[cors(origins = ["http://localhost:3000"])]
async fn methods_get() -> &'static str {
    "got"
}

#[cors(origins = ["http://localhost:3000"])]
async fn methods_patch() -> &'static str {
    "patched"
}

/// A handler error: the 500 must reach the page.
#[cors(origins = ["http://localhost:3000"], credentials)]
async fn failing() -> (StatusCode, Json<serde_json::Value>) {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(serde_json::json!({ "error": "database on fire" })),
    )
}

/// Per-method policies that disagree: GET for the one page, PUT for the other.
#[cors(origins = ["http://localhost:3000"], credentials)]
async fn split_get() -> &'static str {
    "get for localhost"
}

#[cors(origins = ["http://127.0.0.1:3000"], allow_headers = ["content-type"])]
async fn split_put() -> &'static str {
    "put for 127.0.0.1"
}

/// A route whose inner layer answers before the handler (a rate limiter).
#[cors(origins = ["http://localhost:3000"], expose_headers = ["retry-after"])]
async fn limited() -> &'static str {
    "never reached"
}

async fn too_many_requests(_request: Request, _next: Next) -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, "7")],
        "slow down",
    )
        .into_response()
}

// Two routes with hand-written CORS headers (no `#[cors]`: the macro refuses
// both), to show where engines and the Fetch standard part ways.

const LISTED_PAGE: &str = "http://localhost:3000";

/// A preflight answer with an `Access-Control-Max-Age` that is no number.
async fn bad_max_age_preflight() -> impl IntoResponse {
    (
        StatusCode::NO_CONTENT,
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, LISTED_PAGE),
            (header::ACCESS_CONTROL_ALLOW_METHODS, "PUT"),
            (header::ACCESS_CONTROL_MAX_AGE, "soon"),
        ],
    )
}

async fn bad_max_age_put() -> impl IntoResponse {
    (
        [(header::ACCESS_CONTROL_ALLOW_ORIGIN, LISTED_PAGE)],
        "bad max-age",
    )
}

/// A preflight answer that allows only the method asked about, for 600 s.
async fn one_method_preflight(request: Request) -> impl IntoResponse {
    let asked = request
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .cloned()
        .unwrap_or_else(|| header::HeaderValue::from_static("GET"));
    (
        StatusCode::NO_CONTENT,
        [
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                header::HeaderValue::from_static(LISTED_PAGE),
            ),
            (header::ACCESS_CONTROL_ALLOW_METHODS, asked),
            (
                header::ACCESS_CONTROL_MAX_AGE,
                header::HeaderValue::from_static("600"),
            ),
        ],
    )
}

async fn one_method_actual() -> impl IntoResponse {
    (
        [(header::ACCESS_CONTROL_ALLOW_ORIGIN, LISTED_PAGE)],
        "one method",
    )
}

pub fn app() -> Router {
    Router::new()
        .cors_route("/t/wildcard-headers", get(wildcard_headers))
        .cors_route("/t/no-credentials", get(no_credentials))
        .cors_route("/t/no-cache", put(no_cache))
        .cors_route("/t/methods", get(methods_get).patch(methods_patch))
        .cors_route("/t/error", get(failing))
        .cors_route("/t/split", get(split_get).put(split_put))
        .cors_route(
            "/t/limited",
            get(limited).layer(middleware::from_fn(too_many_requests)),
        )
        .route(
            "/t/bad-max-age",
            axum::routing::options(bad_max_age_preflight).put(bad_max_age_put),
        )
        .route(
            "/t/one-method",
            axum::routing::options(one_method_preflight)
                .put(one_method_actual)
                .delete(one_method_actual),
        )
}

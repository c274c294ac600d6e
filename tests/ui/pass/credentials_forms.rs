// `credentials` as a flag, as `= true` and as `= false`, with keys in any
// order and a trailing comma; all optional keys at their limits.
#![deny(warnings)]
use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

#[cors(origins = ["https://app.example.com"], credentials)]
async fn flag() -> &'static str {
    "ok"
}

#[cors(credentials = true, origins = ["https://app.example.com"])]
async fn explicit_true() -> &'static str {
    "ok"
}

#[cors(origins = "*", credentials = false)]
async fn explicit_false() -> &'static str {
    "ok"
}

#[cors(
    max_age = 86400,
    expose_headers = ["X-Total", "x-request-id"],
    allow_headers = ["Authorization", "content-type", "x-api-key"],
    credentials,
    methods = ["GET"],
    origins = ["https://app.example.com", "https://admin.example.com"],
)]
async fn every_key() -> &'static str {
    "ok"
}

#[cors(origins = ["http://localhost:3000"], max_age = 0)]
async fn no_preflight_cache() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new()
        .cors_route("/a", get(flag))
        .cors_route("/b", get(explicit_true))
        .cors_route("/c", get(explicit_false))
        .cors_route("/d", get(every_key))
        .cors_route("/e", get(no_preflight_cache));
}

// `"*"` for origins, methods, allow_headers and expose_headers, each alone and
// all together, without credentials (also with `credentials = false`).
#![deny(warnings)]
use axum::Router;
use cors_runtime::{cors, routing::{get, post, put}, CorsRouterExt};

#[cors(origins = "*")]
async fn origins_only() -> &'static str {
    "ok"
}

#[cors(origins = "*", allow_headers = "*")]
async fn any_request_header() -> &'static str {
    "ok"
}

#[cors(origins = "*", expose_headers = "*")]
async fn any_response_header() -> &'static str {
    "ok"
}

#[cors(origins = "*", methods = "*")]
async fn any_method() -> &'static str {
    "ok"
}

#[cors(origins = "*", methods = "*", allow_headers = "*", expose_headers = "*", credentials = false)]
async fn everything() -> &'static str {
    "ok"
}

#[cors(origins = ["https://app.example.com"], methods = "*", allow_headers = "*", expose_headers = "*")]
async fn listed_origin_any_rest() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new()
        .cors_route("/a", get(origins_only))
        .cors_route("/b", get(any_request_header))
        .cors_route("/c", get(any_response_header))
        .cors_route("/d", put(any_method))
        .cors_route("/e", post(everything))
        .cors_route("/f", get(listed_origin_any_rest));
}

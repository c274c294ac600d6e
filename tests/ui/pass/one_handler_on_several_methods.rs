// One handler serving several methods of a path, and alongside other handlers
// and plain axum routes.
#![deny(warnings)]
use axum::Router;
use cors_runtime::{cors, routing::{get, put}, CorsRouterExt};

#[cors(origins = ["https://app.example.com"], methods = "GET,PUT,DELETE", credentials)]
async fn item(body: String) -> String {
    body
}

#[cors(origins = ["https://app.example.com"], methods = ["PATCH"])]
async fn patch_item() -> &'static str {
    "patched"
}

async fn health() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new()
        .cors_route("/item", get(item).put(item).delete(item).patch(patch_item))
        .cors_route("/other", put(item))
        .route("/health", axum::routing::get(health));
}

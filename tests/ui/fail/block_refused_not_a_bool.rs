use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

// `block_refused` is a flag.
#[cors(origins = ["https://app.example.com"], block_refused = "yes")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

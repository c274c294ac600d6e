use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

// A status is a number.
#[cors(origins = "*", preflight_status = "200")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

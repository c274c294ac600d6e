use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

// Only 204 (the default) and 200 (old browsers).
#[cors(origins = "*", preflight_status = 201)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

// `preflight_status` needs its value.
#[cors(origins = "*", preflight_status)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

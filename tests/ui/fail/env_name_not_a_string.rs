use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

#[cors(origins = env(CORS_ORIGINS))]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

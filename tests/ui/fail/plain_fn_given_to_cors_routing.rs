use axum::Router;
use cors_runtime::{routing::get, CorsRouterExt};

async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

// `disabled` stands alone: each other key is reported.
#[cors(disabled, origins = "*", max_age = 600)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

use axum::Router;
use cors_runtime::{cors, cors_policy, routing::get, CorsRouterExt};

cors_policy!(PUBLIC, origins = "*");

#[cors(PUBLIC, origins = ["https://app.example.com"])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

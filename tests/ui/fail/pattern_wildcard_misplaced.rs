use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

#[cors(origins = ["https://a.*.example.com", "https://*example.com", "http://localhost:8*"])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

#[cors(origins = ["https://app.example.com"])]
#[cors(origins = ["http://localhost:3000"], max_age = 60)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

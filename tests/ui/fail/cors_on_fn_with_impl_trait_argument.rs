use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

#[cors(origins = "*")]
async fn handler(body: impl Into<String>) -> String {
    body.into()
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

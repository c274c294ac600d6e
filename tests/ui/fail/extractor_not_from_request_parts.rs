use axum::Router;
use cors_runtime::{cors, routing::post, CorsRouterExt};

struct NotAnExtractor;

#[cors(origins = "*")]
async fn handler(_user: NotAnExtractor, body: String) -> String {
    body
}

fn main() {
    let _app: Router = Router::new().cors_route("/", post(handler));
}

use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

// `disabled` is a bare word.
#[cors(disabled = true)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

// Only the missing `origins` is reported: no claim about `origins = "*"`.
#[cors(private_network)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

use axum::Router;
use cors_runtime::{cors, cors_policy, routing::get, CorsRouterExt};

cors_policy!(PUBLIC, origins = "*");

// A disabled handler cannot start from a named policy.
#[cors(PUBLIC, disabled)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

use axum::Router;
use cors_runtime::{cors, cors_policy, routing::get, CorsRouterExt};

cors_policy!(PUBLIC, origins = "*", max_age = 600);

// Each policy alone is fine; adding `credentials` to `origins = "*"` is not.
#[cors(PUBLIC, credentials)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

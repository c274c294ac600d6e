use axum::Router;
use cors_runtime::{cors, cors_policy, routing::get, CorsRouterExt};

cors_policy!(PUBLIC, origins = "*");
cors_policy!(PARTNERS, origins = ["https://partner.example"]);

// One named policy at a time; the second is not silently dropped.
#[cors(PUBLIC, PARTNERS, max_age = 60)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

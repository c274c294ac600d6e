use axum::Router;
use cors_runtime::{cors, cors_policy, routing::get, CorsRouterExt};

cors_policy!(pub PARTNERS, origins = ["https://partner.example.com/"], max_age = 100000);

#[cors(PARTNERS)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

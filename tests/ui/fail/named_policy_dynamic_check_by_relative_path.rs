use axum::http::request::Parts;
use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

mod policies {
    use super::Parts;

    pub async fn check(_origin: &str, _parts: &Parts, _state: &()) -> bool {
        true
    }

    // Expanded where it is used: `check` there could be another function.
    cors_runtime::cors_policy!(pub(crate) TENANTS, origins = dynamic(check));
}

#[cors(policies::TENANTS)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

// Returns `String`, not `bool`.
async fn check(origin: &str, _parts: &axum::http::request::Parts, _state: &()) -> String {
    origin.to_owned()
}

#[cors(origins = dynamic(check))]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

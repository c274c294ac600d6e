// Each alone is fine: an `http:` origin without credentials, and a handler
// adding `credentials`. Together they break the loopback rule (SPEC §2),
// reported at both places; the loopback origin stays allowed.
use axum::Router;
use cors_runtime::{cors, cors_policy, routing::get, CorsRouterExt};

cors_policy!(LEGACY, origins = ["http://app.example.com", "http://localhost:*"]);

#[cors(LEGACY, credentials)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

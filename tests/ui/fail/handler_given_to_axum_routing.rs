use axum::Router;
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], credentials)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    // Plain axum routing would serve the handler without its preflight.
    let _app: Router = Router::new().route("/", axum::routing::get(handler));
}

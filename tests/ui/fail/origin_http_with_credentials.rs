// An exact `http:` origin with credentials: anyone on the network path can
// answer as it. Loopback (`http://localhost:3000`) stays allowed.
use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

#[cors(origins = ["http://app.example.com", "http://10.0.0.1:8080", "http://localhost:3000"], credentials)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

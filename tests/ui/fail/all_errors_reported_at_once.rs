use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

// Every broken rule of one attribute is reported in one build, each on its token.
#[cors(
    origins = ["https://app.example.com/", "null", "HTTP://localhost:3000"],
    methods = "GET, patch, TRACE",
    credentials,
    allow_headers = "*",
    expose_headers = ["x-total", "x total"],
    max_age = 90000,
    maxage = 60,
)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

// A pattern whose fixed part has public suffixes beneath it covers every
// customer of the hosting provider: `s3.amazonaws.com` holds every S3 bucket.
use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

#[cors(
    origins = ["https://*.amazonaws.com", "https://*.core.windows.net", "https://*.run.app", "https://*.vercel.app"],
    credentials,
)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

use axum::Router;
use cors_runtime::cors_layer;

// Methods are checked as in the attribute.
fn main() {
    let _app: Router = Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .layer(cors_layer!(origins = ["https://app.example.com"], methods = "GET, patch, TRACE"));
}

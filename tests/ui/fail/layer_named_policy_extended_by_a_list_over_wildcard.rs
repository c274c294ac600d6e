use axum::Router;
use cors_runtime::{cors_layer, cors_policy};

cors_policy!(PUBLIC, origins = "*");

// A list cannot extend a wildcard, in a layer as on a handler.
fn main() {
    let _app: Router = Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .layer(cors_layer!(PUBLIC, origins = ["https://app.example.com"]));
}

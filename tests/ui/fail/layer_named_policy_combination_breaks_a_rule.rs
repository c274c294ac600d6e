use axum::Router;
use cors_runtime::{cors_layer, cors_policy};

cors_policy!(PUBLIC, origins = "*", max_age = 600);

// Each alone is fine; the layer adds `credentials` to `origins = "*"`.
fn main() {
    let _app: Router = Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .layer(cors_layer!(PUBLIC, credentials));
}

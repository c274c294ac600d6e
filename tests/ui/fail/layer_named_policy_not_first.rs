use axum::Router;
use cors_runtime::{cors_layer, cors_policy};

cors_policy!(PUBLIC, origins = "*");

// As in the attribute, a named policy comes first.
fn main() {
    let _app: Router = Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .layer(cors_layer!(max_age = 60, PUBLIC));
}

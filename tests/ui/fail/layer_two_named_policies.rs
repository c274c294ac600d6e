use axum::Router;
use cors_runtime::{cors_layer, cors_policy};

cors_policy!(PUBLIC, origins = "*");
cors_policy!(PARTNERS, origins = ["https://partner.example"]);

// One named policy at a time.
fn main() {
    let _app: Router = Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .layer(cors_layer!(PUBLIC, PARTNERS));
}

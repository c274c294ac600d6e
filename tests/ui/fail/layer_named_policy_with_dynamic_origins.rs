use axum::Router;
use cors_runtime::{cors_layer, cors_policy};

cors_policy!(TENANTS, origins = dynamic(crate::tenant_check));

#[allow(dead_code)]
async fn tenant_check(_origin: &str, _parts: &axum::http::request::Parts, _state: &()) -> bool {
    true
}

// A valid policy for handlers, but not for a layer.
fn main() {
    let _app: Router = Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .layer(cors_layer!(TENANTS));
}

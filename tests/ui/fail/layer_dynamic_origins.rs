use axum::Router;
use cors_runtime::cors_layer;

#[allow(dead_code)]
async fn tenant_check(_origin: &str, _parts: &axum::http::request::Parts, _state: &()) -> bool {
    true
}

// A layer has no router state to give a dynamic check.
fn main() {
    let _app: Router = Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .layer(cors_layer!(origins = dynamic(crate::tenant_check), credentials));
}

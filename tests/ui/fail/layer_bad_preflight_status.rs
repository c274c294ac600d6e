use axum::Router;
use cors_runtime::cors_layer;

// Only 204 and 200.
fn main() {
    let _app: Router = Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .layer(cors_layer!(origins = ["https://app.example.com"], preflight_status = 201));
}

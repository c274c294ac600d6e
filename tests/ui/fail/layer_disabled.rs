use axum::Router;
use cors_runtime::cors_layer;

// A disabled layer would do nothing.
fn main() {
    let _app: Router = Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .layer(cors_layer!(disabled));
}

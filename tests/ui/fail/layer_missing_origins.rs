use axum::Router;
use cors_runtime::cors_layer;

// A layer needs `origins` too.
fn main() {
    let _app: Router = Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .layer(cors_layer!(credentials, max_age = 600));
}

use axum::Router;
use cors_runtime::cors_layer;

// `max_age` has the attribute's range.
fn main() {
    let _app: Router = Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .layer(cors_layer!(origins = ["https://app.example.com"], max_age = 90000));
}

use axum::Router;
use cors_runtime::cors_layer;

// An unknown key in a layer gets the attribute's suggestion.
fn main() {
    let _app: Router = Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .layer(cors_layer!(origins = ["https://app.example.com"], allowed_methods = "GET,POST"));
}

use axum::Router;
use cors_runtime::cors_layer;

// The attribute's credential rules hold for a layer.
fn main() {
    let _app: Router = Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .layer(cors_layer!(origins = "*", credentials));
}

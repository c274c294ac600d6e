// `methods` as a comma string (white space around commas ignored) and as a
// list, with upper-case standard methods and a custom token method.
#![deny(warnings)]
use axum::Router;
use cors_runtime::{cors, routing::{delete, get, patch, put}, CorsRouterExt};

#[cors(origins = "*", methods = "GET, PUT ,DELETE")]
async fn comma_string() -> &'static str {
    "ok"
}

#[cors(origins = "*", methods = "PUT,DELETE")]
async fn comma_string_without_spaces() -> &'static str {
    "ok"
}

#[cors(origins = "*", methods = ["GET", "PATCH", "PROPFIND"])]
async fn list() -> &'static str {
    "ok"
}

#[cors(origins = "*", methods = "PUT")]
async fn single() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new()
        .cors_route("/a", get(comma_string).put(comma_string).delete(comma_string))
        .cors_route("/b", put(comma_string_without_spaces).delete(comma_string_without_spaces))
        .cors_route("/c", patch(list).get(list))
        .cors_route("/d", put(single))
        .cors_route("/e", delete(comma_string));
}

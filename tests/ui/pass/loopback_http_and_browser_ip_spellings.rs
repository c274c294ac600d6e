// `http:` with credentials on loopback hosts, exact and as port patterns; IP
// hosts in the spelling browsers send (`[::ffff:102:304]`, not `[::ffff:1.2.3.4]`).
#![deny(warnings)]
use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

#[cors(
    origins = [
        "http://localhost:3000",
        "http://127.0.0.1:8080",
        "http://[::1]:3000",
        "http://localhost:*",
        "http://127.0.0.1:*",
        "http://[::1]:*",
    ],
    credentials,
)]
async fn loopback() -> &'static str {
    "ok"
}

#[cors(origins = ["https://[::ffff:102:304]", "https://[2001:db8::1:0:0:1]:8080", "https://*.my-bucket.s3.amazonaws.com"], credentials)]
async fn browser_spellings() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new()
        .cors_route("/loopback", get(loopback))
        .cors_route("/ip", get(browser_spellings));
}

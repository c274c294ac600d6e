// Origins with IPv6 and IPv4 hosts, explicit non-default ports, and other schemes.
#![deny(warnings)]
use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

#[cors(origins = [
    "http://[::1]:3000",
    "https://[2001:db8::1]",
    "http://127.0.0.1:8080",
    "http://localhost:3000",
    "https://app.example.com:8443",
    "http://app.example.com",
    "chrome-extension://abcdefghijklmnop",
    "https://xn--bcher-kva.example",
])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

// IP hosts written in forms no browser sends (browsers follow the URL
// standard's serialiser), and a host ending in a number that browsers refuse.
use axum::Router;
use cors_runtime::{cors, routing::get, CorsRouterExt};

#[cors(origins = [
    "http://[::ffff:1.2.3.4]",
    "http://[0:0:0:0:0:0:0:1]:3000",
    "http://[2001:DB8::1]",
    "http://127.1:8080",
    "http://0x7f.0.0.1",
    "http://1.2.3.0x4",
    "http://1.2.3.08",
])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().cors_route("/", get(handler));
}

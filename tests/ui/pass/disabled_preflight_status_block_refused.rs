//! SPEC §7 and §8 keys on `#[cors]` and `cors_policy!`: `disabled`,
//! `preflight_status = 200 | 204`, `block_refused` (flag and `= true|false`).
#![deny(warnings)]

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use cors_runtime::{cors, cors_policy, routing::{get, post}, CorsRouterExt};
use tower::ServiceExt;

const APP: &str = "https://app.example.com";

cors_policy!(GATED, origins = ["https://app.example.com"], block_refused, preflight_status = 200);

#[cors(disabled)]
async fn internal() -> &'static str {
    "internal"
}

#[cors(origins = ["https://app.example.com"], methods = "PUT", preflight_status = 200)]
async fn old_browsers() -> &'static str {
    "old"
}

#[cors(origins = ["https://app.example.com"], preflight_status = 204, block_refused = false)]
async fn open_post() -> &'static str {
    "open"
}

#[cors(GATED, preflight_status = 204)]
async fn gated_post() -> &'static str {
    "gated"
}

#[cors(GATED)]
async fn gated_put() -> &'static str {
    "gated"
}

#[cors(origins = ["https://app.example.com"], block_refused = true)]
async fn gated_delete() -> &'static str {
    "gated"
}

fn request(method: &str, uri: &str, origin: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(uri).header("origin", origin)
}

fn main() {
    let app: Router = Router::new()
        .cors_route("/internal", get(internal))
        .cors_route("/old", cors_runtime::routing::put(old_browsers))
        .cors_route("/open", post(open_post))
        .cors_route("/gated", post(gated_post).put(gated_put).delete(gated_delete));

    let table = cors_runtime::policy_table();
    let row = |path: &str, method: &str| {
        table.rows().iter().find(|row| row.path == path && row.method == method).cloned().expect(path)
    };
    assert!(row("/internal", "GET").disabled);
    assert_eq!(row("/internal", "GET").origins, "disabled");
    assert!(!row("/open", "POST").block_refused);
    assert!(row("/gated", "POST").block_refused);
    assert!(row("/gated", "DELETE").block_refused);

    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    runtime.block_on(async {
        let send = |request: Request<Body>| app.clone().oneshot(request);
        let preflight = |uri: &str, method: &str| {
            request("OPTIONS", uri, APP).header("access-control-request-method", method).body(Body::empty()).unwrap()
        };
        // `preflight_status = 200`, from the handler and from the policy, and
        // the handler's 204 over the policy's 200.
        assert_eq!(send(preflight("/old", "PUT")).await.unwrap().status(), 200);
        assert_eq!(send(preflight("/gated", "PUT")).await.unwrap().status(), 200);
        assert_eq!(send(preflight("/gated", "POST")).await.unwrap().status(), 204);
        assert_eq!(send(preflight("/gated", "DELETE")).await.unwrap().status(), 204);
        assert_eq!(send(preflight("/open", "POST")).await.unwrap().status(), 204);
        // `disabled`: refused, and no CORS header on the actual answer.
        assert_eq!(send(preflight("/internal", "GET")).await.unwrap().status(), 403);
        let actual = send(request("GET", "/internal", APP).body(Body::empty()).unwrap()).await.unwrap();
        assert!(!actual.headers().contains_key("access-control-allow-origin"));

        // `block_refused`: a refused cross-site POST never reaches the handler.
        let refused_post = |uri: &str| {
            request("POST", uri, "https://evil.example")
                .header("sec-fetch-site", "cross-site")
                .header("content-type", "text/plain")
                .body(Body::from("x"))
                .unwrap()
        };
        assert_eq!(send(refused_post("/gated")).await.unwrap().status(), 403);
        assert_eq!(send(refused_post("/open")).await.unwrap().status(), 200);
    });
}

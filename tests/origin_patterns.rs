//! SPEC §6, patterns: `*` as whole leftmost labels or as the port, matched at
//! label boundaries, never as a substring, prefix or suffix test.

mod common;

use axum::body::Body;
use axum::Router;
use common::*;
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouterExt};

#[cors(origins = ["https://*.example.com", "http://localhost:*", "https://exact.example.org"], credentials = false)]
async fn patterned() -> &'static str {
    "patterned"
}

#[cors(origins = ["https://*.partner.example", "https://app.example.com"], credentials)]
async fn credentialed() -> &'static str {
    "credentialed"
}

fn app() -> Router {
    Router::new()
        .cors_route("/p", get(patterned))
        .cors_route("/c", get(credentialed))
}

async fn allowed(path: &str, origin: &str) -> Option<String> {
    let response = send(
        &app(),
        request("GET", path)
            .header("origin", origin)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(vary(response.headers()), ["origin"]);
    header(response.headers(), "access-control-allow-origin").map(str::to_owned)
}

#[tokio::test]
async fn subdomain_patterns_match_one_or_more_whole_labels() {
    for origin in [
        "https://a.example.com",
        "https://a.b.example.com",
        "https://x-1.example.com",
    ] {
        assert_eq!(
            allowed("/p", origin).await.as_deref(),
            Some(origin),
            "{origin}"
        );
    }
}

#[tokio::test]
async fn subdomain_patterns_never_match_look_alikes() {
    for origin in [
        "https://example.com",
        "https://evil-example.com",
        "https://evilexample.com",
        "https://a.example.com.evil.net",
        "https://a.example.com:8443",
        "http://a.example.com",
        "https://.example.com",
        "https://a..example.com",
        "https://A.example.com",
        "https://a.example.comx",
    ] {
        assert_eq!(allowed("/p", origin).await, None, "{origin}");
    }
}

#[tokio::test]
async fn port_patterns_match_any_port_and_only_the_port() {
    for origin in [
        "http://localhost:3000",
        "http://localhost:8080",
        "http://localhost",
    ] {
        assert_eq!(
            allowed("/p", origin).await.as_deref(),
            Some(origin),
            "{origin}"
        );
    }
    for origin in [
        "http://localhost:03000",
        "http://localhost:70000",
        "http://localhost.evil.net:3000",
        "http://localhost:3000.evil.net",
        "https://localhost:3000",
        "http://sub.localhost:3000",
    ] {
        assert_eq!(allowed("/p", origin).await, None, "{origin}");
    }
}

#[tokio::test]
async fn exact_origins_beside_patterns_still_match_exactly() {
    assert_eq!(
        allowed("/p", "https://exact.example.org").await.as_deref(),
        Some("https://exact.example.org")
    );
    assert_eq!(allowed("/p", "https://a.exact.example.org").await, None);
}

#[tokio::test]
async fn credentialed_patterns_echo_the_origin() {
    let response = send(
        &app(),
        preflight("/c", "https://shop.partner.example", "GET")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some("https://shop.partner.example")
    );
    assert_eq!(
        header(response.headers(), "access-control-allow-credentials"),
        Some("true")
    );
    let refused = send(
        &app(),
        preflight("/c", "https://partner.example", "GET")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(refused.status(), 403);
}

#[cors(origins = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"], credentials)]
async fn loopback_development() -> &'static str {
    "loopback"
}

#[tokio::test]
async fn loopback_port_patterns_keep_credentials() {
    // Loopback cannot be answered from the network, so `http:` is safe there (SPEC §2, §6).
    let app = Router::new().cors_route("/dev", get(loopback_development));
    for origin in [
        "http://localhost:5173",
        "http://127.0.0.1:8080",
        "http://[::1]:3000",
        "http://localhost",
    ] {
        let response = send(
            &app,
            preflight("/dev", origin, "GET")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(response.status(), 204, "{origin}");
        assert_eq!(
            header(response.headers(), "access-control-allow-origin"),
            Some(origin)
        );
        assert_eq!(
            header(response.headers(), "access-control-allow-credentials"),
            Some("true")
        );
    }
    for origin in [
        "http://localhost.evil.net:5173",
        "http://127.0.0.10:8080",
        "http://[::1]x:3000",
        "https://localhost:5173",
    ] {
        let response = send(
            &app,
            preflight("/dev", origin, "GET")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(response.status(), 403, "{origin}");
    }
}

#[cors(origins = ["http://[::ffff:102:304]:*", "http://[2001:db8::1:0:0:1]"])]
async fn ipv6_hosts() -> &'static str {
    "ipv6"
}

#[tokio::test]
async fn ipv6_origins_match_what_browsers_send() {
    // A page on `http://[::ffff:1.2.3.4]:8080` sends the URL standard's spelling.
    let app = Router::new().cors_route("/v6", get(ipv6_hosts));
    for origin in ["http://[::ffff:102:304]:8080", "http://[2001:db8::1:0:0:1]"] {
        let response = send(
            &app,
            request("GET", "/v6")
                .header("origin", origin)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(
            header(response.headers(), "access-control-allow-origin"),
            Some(origin)
        );
    }
    for origin in [
        "http://[::ffff:1.2.3.4]:8080",
        "http://[2001:db8:0:0:1::1]",
        "http://[::FFFF:102:304]:8080",
    ] {
        let response = send(
            &app,
            request("GET", "/v6")
                .header("origin", origin)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_no_cors_headers(response.headers());
    }
}

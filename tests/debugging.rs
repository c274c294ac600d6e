//! SPEC §5: every refusal is explained in a `tracing` event naming route,
//! method, origin and the rule that refused it.

mod common;

use axum::body::Body;
use axum::Router;
use common::*;
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouterExt};

#[cors(origins = ["https://app.example.com"], allow_headers = ["x-api-key"])]
async fn data() -> &'static str {
    "data"
}

#[cors(origins = "*", allow_headers = "*")]
async fn public() -> &'static str {
    "public"
}

/// Sends the requests and returns what was logged at DEBUG (where refusals
/// are explained).
fn logged(requests: Vec<axum::http::Request<Body>>) -> String {
    logged_at(tracing::Level::DEBUG, requests)
}

fn logged_at(level: tracing::Level, requests: Vec<axum::http::Request<Body>>) -> String {
    let app: Router = Router::new()
        .cors_route("/data", get(data))
        .cors_route("/public", get(public));
    let ((), log) = common::logs::log_at(level, async {
        for request in requests {
            send(&app, request).await;
        }
    });
    log
}

#[test]
fn a_refused_preflight_origin_is_explained() {
    let log = logged(vec![preflight("/data", EVIL, "GET")
        .body(Body::empty())
        .unwrap()]);
    assert!(log.contains("cors preflight refused"), "{log}");
    assert!(log.contains("route=/data"), "{log}");
    assert!(log.contains("method=GET"), "{log}");
    assert!(log.contains(EVIL), "{log}");
    assert!(log.contains("handler=\"data\""), "{log}");
    assert!(
        log.contains("rule=origin is not in the policy's `origins`"),
        "{log}"
    );
}

#[test]
fn a_refused_header_names_the_header() {
    let log = logged(vec![preflight("/data", APP, "GET")
        .header("access-control-request-headers", "x-secret")
        .body(Body::empty())
        .unwrap()]);
    assert!(
        log.contains("rule=requested header `x-secret` is not in the policy's `allow_headers`"),
        "{log}"
    );
}

#[test]
fn authorization_under_a_wildcard_is_explained() {
    let log = logged(vec![preflight("/public", APP, "GET")
        .header("access-control-request-headers", "authorization")
        .body(Body::empty())
        .unwrap()]);
    assert!(
        log.contains("`authorization` is never covered by `allow_headers = \"*\"`"),
        "{log}"
    );
}

#[test]
fn a_method_without_handler_is_explained() {
    let log = logged(vec![preflight("/data", APP, "DELETE")
        .body(Body::empty())
        .unwrap()]);
    assert!(log.contains("method=DELETE"), "{log}");
    assert!(
        log.contains("rule=no handler on this path serves the requested method"),
        "{log}"
    );
}

#[test]
fn a_refused_actual_request_is_explained() {
    let log = logged(vec![request("GET", "/data")
        .header("origin", EVIL)
        .body(Body::empty())
        .unwrap()]);
    assert!(
        log.contains("cors headers withheld from actual response"),
        "{log}"
    );
    assert!(log.contains("route=/data"), "{log}");
    assert!(log.contains(EVIL), "{log}");
}

#[test]
fn allowed_requests_log_nothing() {
    let log = logged(vec![
        preflight("/data", APP, "GET").body(Body::empty()).unwrap(),
        request("GET", "/data")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
        request("GET", "/data").body(Body::empty()).unwrap(),
    ]);
    assert_eq!(log, "");
}

#[test]
fn hostile_origins_are_explained_with_their_own_rule() {
    let log = logged(vec![
        request("GET", "/data")
            .header("origin", APP)
            .header("origin", EVIL)
            .body(Body::empty())
            .unwrap(),
        preflight("/data", APP, "GET")
            .header(
                "access-control-request-headers",
                vec!["x-api-key"; 100].join(","),
            )
            .body(Body::empty())
            .unwrap(),
    ]);
    assert!(
        log.contains("rule=request carries several `Origin` headers"),
        "{log}"
    );
    assert!(
        log.contains("rule=`access-control-request-headers` names more than 64 headers"),
        "{log}"
    );
}

/// A burst of refused requests from bots must not flood INFO logs: the
/// explanations are DEBUG events (`RUST_LOG=cors_runtime=debug` shows them).
#[test]
fn refusals_stay_out_of_info_logs() {
    let log = logged_at(
        tracing::Level::INFO,
        vec![
            request("GET", "/data")
                .header("origin", EVIL)
                .body(Body::empty())
                .unwrap(),
            preflight("/data", EVIL, "GET").body(Body::empty()).unwrap(),
        ],
    );
    assert_eq!(log, "");
}

#[test]
fn hostile_bytes_are_logged_escaped_and_bounded() {
    let hostile = axum::http::HeaderValue::from_bytes(&[0xff; 200]).unwrap();
    let log = logged(vec![request("GET", "/data")
        .header("origin", hostile)
        .body(Body::empty())
        .unwrap()]);
    let line = log
        .lines()
        .find(|line| line.contains("withheld"))
        .expect(&log);
    assert!(line.contains("\\xff"), "{line}");
    assert!(line.contains("(72 more bytes)"), "{line}");
    assert!(line.len() < 1000, "{}", line.len());
}

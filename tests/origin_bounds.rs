//! SPEC §4 "Bounds" (issue 8 item 3): an Origin longer than a browser can
//! send (host over 253 bytes, a label over 63) is refused before any lookup,
//! dynamic check or log line sees it whole; the longest a browser can send
//! still works. Log values stay bounded and escaped.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::HeaderValue;
use axum::Router;
use common::logs::debug_log_of;
use common::*;
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouterExt};

/// The longest origin a browser can send: a 253-byte host of 63-byte labels.
const LONGEST: &str = "https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd";

#[derive(Clone, Default)]
struct CheckCalls(Arc<AtomicUsize>);

/// Allows [`LONGEST`] (and its variant with a port) and counts its calls.
async fn allow_longest(origin: &str, _parts: &Parts, calls: &CheckCalls) -> bool {
    calls.0.fetch_add(1, Ordering::SeqCst);
    origin == LONGEST || origin == format!("{LONGEST}:8443")
}

#[cors(origins = dynamic(allow_longest))]
async fn dynamic_data() -> &'static str {
    "dynamic"
}

#[cors(origins = ["https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"])]
async fn listed_data() -> &'static str {
    "listed"
}

fn app() -> (Router, CheckCalls) {
    let calls = CheckCalls::default();
    let app = Router::new()
        .cors_route("/dynamic", get(dynamic_data))
        .cors_route("/listed", get(listed_data))
        .with_state(calls.clone());
    (app, calls)
}

/// `labels` labels of 63 bytes, then `.example`: about 64 bytes a label.
fn many_labels(labels: usize) -> String {
    let label = "a".repeat(63);
    format!("https://{}.example", vec![label.as_str(); labels].join("."))
}

/// A 254-byte host of labels no longer than 63 bytes.
fn host_254() -> String {
    let host = [
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(62),
    ]
    .join(".");
    assert_eq!(host.len(), 254);
    format!("https://{host}")
}

fn label_64() -> String {
    format!("https://{}.example.com", "a".repeat(64))
}

fn oversized() -> Vec<(&'static str, String)> {
    vec![
        ("190 KB of 63-byte labels", many_labels(2950)),
        ("254-byte host", host_254()),
        ("64-byte label", label_64()),
    ]
}

#[test]
fn the_test_origins_have_the_sizes_they_claim() {
    let longest_host = LONGEST.strip_prefix("https://").unwrap();
    assert_eq!(longest_host.len(), 253);
    assert!(longest_host.split('.').all(|label| label.len() <= 63));
    let huge = many_labels(2950);
    assert!((185_000..195_000).contains(&huge.len()), "{}", huge.len());
    assert!(huge
        .trim_start_matches("https://")
        .split('.')
        .all(|label| label.len() <= 63));
}

#[tokio::test]
async fn oversized_origins_are_refused_before_the_dynamic_check() {
    let (app, calls) = app();
    for (what, origin) in oversized() {
        for path in ["/dynamic", "/listed"] {
            let actual = send(
                &app,
                request("GET", path)
                    .header("origin", &origin)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(actual.status(), 200, "{what} {path}");
            assert_no_cors_headers(actual.headers());
            assert_eq!(vary(actual.headers()), ["origin"], "{what} {path}");

            let preflight = send(
                &app,
                preflight(path, &origin, "GET").body(Body::empty()).unwrap(),
            )
            .await;
            assert_eq!(preflight.status(), 403, "{what} {path}");
            assert_no_cors_headers(preflight.headers());
        }
        assert_eq!(
            calls.0.load(Ordering::SeqCst),
            0,
            "{what}: the dynamic check saw an oversized origin"
        );
    }
}

#[tokio::test]
async fn the_longest_origin_a_browser_sends_is_allowed_when_listed_or_checked() {
    let (app, calls) = app();
    for path in ["/dynamic", "/listed"] {
        let actual = send(
            &app,
            request("GET", path)
                .header("origin", LONGEST)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(
            header(actual.headers(), "access-control-allow-origin"),
            Some(LONGEST),
            "{path}"
        );

        let preflight = send(
            &app,
            preflight(path, LONGEST, "GET").body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(preflight.status(), 204, "{path}");
        assert_eq!(
            header(preflight.headers(), "access-control-allow-origin"),
            Some(LONGEST),
            "{path}"
        );
    }
    assert_eq!(
        calls.0.load(Ordering::SeqCst),
        2,
        "the check ran once per /dynamic request"
    );

    // A port does not count towards the host's 253 bytes.
    let with_port = format!("{LONGEST}:8443");
    let actual = send(
        &app,
        request("GET", "/dynamic")
            .header("origin", &with_port)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        header(actual.headers(), "access-control-allow-origin"),
        Some(with_port.as_str())
    );
    assert_eq!(calls.0.load(Ordering::SeqCst), 3);
}

/// Hosts just past the limit, built from LONGEST so that every label stays
/// within 63 bytes: only the host length refuses them, and the check (which
/// would be shown nothing else) never runs.
#[tokio::test]
async fn just_over_the_host_limit_is_refused() {
    let (app, calls) = app();
    let longest_host = LONGEST.strip_prefix("https://").unwrap();
    let one_label_more = format!("https://a.{longest_host}");
    assert_eq!(one_label_more.len() - "https://".len(), 255);
    for origin in [host_254(), one_label_more] {
        let actual = send(
            &app,
            request("GET", "/dynamic")
                .header("origin", &origin)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_no_cors_headers(actual.headers());
    }
    assert_eq!(calls.0.load(Ordering::SeqCst), 0);
}

/// The refusal of an oversized origin is explained with its own rule, and
/// the log line carries a bounded prefix of the value, not 190 KB.
#[test]
fn oversized_origins_are_logged_bounded_with_their_rule() {
    for (what, origin) in oversized() {
        let (_, log) = debug_log_of(async {
            let (app, _) = app();
            send(
                &app,
                request("GET", "/dynamic")
                    .header("origin", &origin)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            send(
                &app,
                preflight("/listed", &origin, "GET")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        });
        assert_eq!(log.lines().count(), 2, "{what}: {log}");
        for line in log.lines() {
            assert!(
                line.contains("rule=origin is longer than a browser can send"),
                "{what}: {line}"
            );
            assert!(
                line.len() < 1_000,
                "{what}: a log line of {} bytes",
                line.len()
            );
            if origin.len() > 128 {
                assert!(line.contains("more bytes)"), "{what}: {line}");
            }
        }
    }
}

/// Issue 8: a non-UTF-8 Origin was logged at four times its size.
#[test]
fn a_huge_non_utf8_origin_is_logged_bounded_and_escaped() {
    let hostile = HeaderValue::from_bytes(&vec![0xff; 190_000]).unwrap();
    let (_, log) = debug_log_of(async {
        let (app, calls) = app();
        send(
            &app,
            request("GET", "/dynamic")
                .header("origin", hostile.clone())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        send(
            &app,
            request("OPTIONS", "/listed")
                .header("origin", hostile)
                .header("access-control-request-method", "GET")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(calls.0.load(Ordering::SeqCst), 0);
    });
    assert_eq!(log.lines().count(), 2, "{log}");
    for line in log.lines() {
        assert!(line.contains("\\xff"), "{line}");
        assert!(line.len() < 1_000, "a log line of {} bytes", line.len());
    }
}

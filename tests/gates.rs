//! SPEC §8 and issue 10: the policy as a gate.
//!
//! - WebSocket upgrades (always on): an upgrade whose `Origin` the policy
//!   refuses gets 403 before the handler runs; an allowed or absent Origin
//!   passes. Run in every serving mode (tests/common/modes.rs).
//! - `block_refused`: an unsafe cross-origin request from a refused origin
//!   gets 403 with no CORS headers, and the handler never runs. Run on a
//!   route, a route with a user layer and under `cors_layer!`.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::http::request::{Builder, Parts};
use axum::Router;
use common::logs::debug_log_of;
use common::modes::{Mode, ModeApp, MODES};
use common::*;
use cors_runtime::routing::{get, post};
use cors_runtime::{cors, cors_layer, CorsRouterExt};

/// The server's own origin, as `Host` names it.
const HOST: &str = "api.example.com";
const SELF_ORIGIN: &str = "https://api.example.com";
/// A sibling subdomain: `Sec-Fetch-Site: same-site`, but not in the policy.
const SIBLING: &str = "https://evil.example.com";

// ------------------------------------------------------------ WebSockets

fn upgrade(path: &str) -> Builder {
    request("GET", path)
        .header("host", HOST)
        .header("connection", "upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
}

#[tokio::test]
async fn a_websocket_upgrade_from_a_refused_origin_is_403_before_the_handler() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        let response = served
            .send(
                upgrade("/data")
                    .header("origin", EVIL)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(response.status(), 403, "{mode:?}");
        assert_no_cors_headers(response.headers());
        assert_eq!(vary(response.headers()), ["origin"], "{mode:?}");
        assert_eq!(body_text(response).await, "", "{mode:?}");
        assert_eq!(
            served.handler_calls(),
            0,
            "{mode:?}: the handler ran for a refused upgrade"
        );
    }
}

#[tokio::test]
async fn a_websocket_upgrade_from_an_allowed_or_absent_origin_reaches_the_handler() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        let allowed = served
            .send(
                upgrade("/data")
                    .header("origin", APP)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(allowed.status(), 200, "{mode:?}");
        assert_eq!(
            header(allowed.headers(), "access-control-allow-origin"),
            Some(APP),
            "{mode:?}"
        );
        let absent = served
            .send(upgrade("/data").body(Body::empty()).unwrap())
            .await;
        assert_eq!(absent.status(), 200, "{mode:?}");
        assert_eq!(served.handler_calls(), 2, "{mode:?}");
    }
}

/// Whatever makes the request an upgrade attempt, and whatever makes the
/// origin refused, the answer is the same 403.
#[tokio::test]
async fn every_refused_upgrade_attempt_is_stopped() {
    let half_formed: [&[(&str, &str)]; 3] = [
        // no Sec-WebSocket-Key (nor version)
        &[("connection", "upgrade"), ("upgrade", "websocket")],
        // a token list, any case
        &[("upgrade", "h2c, WebSocket")],
        &[("upgrade", "WEBSOCKET")],
    ];
    let refused_origins: [&[&[u8]]; 4] = [
        &[b"null"],
        &[b"https://app.example.com\xff"],
        &[APP.as_bytes(), EVIL.as_bytes()],
        &[b"https://app.example.com.evil.net"],
    ];
    for mode in MODES {
        let served = ModeApp::new(mode);
        for headers in half_formed {
            let mut builder = request("GET", "/data").header("origin", EVIL);
            for (name, value) in headers {
                builder = builder.header(*name, *value);
            }
            let response = served.send(builder.body(Body::empty()).unwrap()).await;
            assert_eq!(response.status(), 403, "{mode:?} {headers:?}");
            assert_no_cors_headers(response.headers());
        }
        for origins in refused_origins {
            let mut builder = upgrade("/data");
            for origin in origins {
                builder = builder.header(
                    "origin",
                    axum::http::HeaderValue::from_bytes(origin).unwrap(),
                );
            }
            let response = served.send(builder.body(Body::empty()).unwrap()).await;
            assert_eq!(response.status(), 403, "{mode:?} {origins:?}");
            assert_no_cors_headers(response.headers());
        }
        assert_eq!(served.handler_calls(), 0, "{mode:?}");

        // Not a WebSocket upgrade: the refused origin's GET runs (CORS alone never blocks a GET).
        let plain = served
            .send(
                request("GET", "/data")
                    .header("origin", EVIL)
                    .header("upgrade", "h2c")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(plain.status(), 200, "{mode:?}");
        assert_eq!(served.handler_calls(), 1, "{mode:?}");
    }
}

#[cors(origins = "*")]
async fn public_socket() -> &'static str {
    "public"
}

/// An `origins = "*"` policy refuses no origin, so it gates no upgrade.
#[tokio::test]
async fn a_wildcard_route_lets_every_upgrade_through() {
    let app: Router = Router::new().cors_route("/ws", get(public_socket));
    for origin in [EVIL, "null"] {
        let response = send(
            &app,
            upgrade("/ws")
                .header("origin", origin)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(response.status(), 200, "{origin}");
        assert_eq!(body_text(response).await, "public");
    }
}

/// Each block is explained like any other refusal: route, method, origin, rule.
#[test]
fn a_refused_upgrade_is_logged_with_its_gate() {
    let (_, log) = debug_log_of(async {
        let served = ModeApp::new(Mode::Route);
        served
            .send(
                upgrade("/data")
                    .header("origin", EVIL)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
    });
    let line = log
        .lines()
        .find(|line| line.contains("cors gate refused"))
        .unwrap_or_else(|| panic!("{log}"));
    for part in [
        "route=/data",
        "method=GET",
        EVIL,
        "rule=origin is not in the policy's `origins`",
        "websocket",
    ] {
        assert!(line.contains(part), "{part} missing from {line}");
    }
}

// ------------------------------------------------------------ block_refused

/// Counts the runs of every gated handler.
static GATED_RUNS: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = ["https://app.example.com"], block_refused)]
async fn gated_listed() -> &'static str {
    GATED_RUNS.fetch_add(1, Ordering::SeqCst);
    "reached"
}

#[derive(Clone, Default)]
struct CheckCalls(Arc<AtomicUsize>);

async fn allow_app_only(origin: &str, _parts: &Parts, calls: &CheckCalls) -> bool {
    calls.0.fetch_add(1, Ordering::SeqCst);
    origin == APP
}

#[cors(origins = dynamic(allow_app_only), block_refused)]
async fn gated_dynamic() -> &'static str {
    GATED_RUNS.fetch_add(1, Ordering::SeqCst);
    "reached"
}

async fn plain_gated() -> &'static str {
    GATED_RUNS.fetch_add(1, Ordering::SeqCst);
    "reached"
}

/// The gated handler on every method, served the fast way, with a user
/// layer, and as plain handlers under a router-wide layer with its policy.
fn gated_apps() -> [(&'static str, Router); 3] {
    let routes = || {
        get(gated_listed)
            .post(gated_listed)
            .put(gated_listed)
            .patch(gated_listed)
            .delete(gated_listed)
    };
    [
        ("route", Router::new().cors_route("/x", routes())),
        (
            "route with a user layer",
            Router::new().cors_route("/x", routes().layer(tower::layer::util::Identity::new())),
        ),
        (
            "router layer",
            Router::new()
                .route(
                    "/x",
                    axum::routing::get(plain_gated)
                        .post(plain_gated)
                        .put(plain_gated)
                        .patch(plain_gated)
                        .delete(plain_gated),
                )
                .layer(cors_layer!(
                    origins = ["https://app.example.com"],
                    block_refused
                )),
        ),
    ]
}

/// Sends `request` to `app`; returns the status and whether the handler ran.
async fn reached(app: &Router, request: axum::http::Request<Body>) -> (u16, bool) {
    // Tests run in parallel and share the counter: serialise on it.
    static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _turn = ONE_AT_A_TIME.lock().await;
    let before = GATED_RUNS.load(Ordering::SeqCst);
    let response = send(app, request).await;
    let status = response.status().as_u16();
    if status == 403 {
        assert_no_cors_headers(response.headers());
        assert!(
            vary(response.headers()).contains(&"origin".to_owned()),
            "{:?}",
            response.headers()
        );
    }
    (status, GATED_RUNS.load(Ordering::SeqCst) > before)
}

fn unsafe_request(method: &str, origin: &str) -> Builder {
    request(method, "/x")
        .header("host", HOST)
        .header("origin", origin)
}

#[tokio::test]
async fn an_unsafe_cross_site_request_from_a_refused_origin_never_reaches_the_handler() {
    for (mode, app) in gated_apps() {
        for method in ["POST", "PUT", "PATCH", "DELETE"] {
            // Sec-Fetch-Site says cross-site.
            let request = unsafe_request(method, EVIL).header("sec-fetch-site", "cross-site");
            assert_eq!(
                reached(&app, request.body(Body::empty()).unwrap()).await,
                (403, false),
                "{mode} {method}"
            );
            // No Sec-Fetch-Site (an older browser): Origin and Host differ.
            let request = unsafe_request(method, EVIL);
            assert_eq!(
                reached(&app, request.body(Body::empty()).unwrap()).await,
                (403, false),
                "{mode} {method}"
            );
        }
        // The seed's case: a simple `text/plain` POST, which CORS alone lets through.
        let request = unsafe_request("POST", EVIL)
            .header("content-type", "text/plain")
            .body(Body::from("x"))
            .unwrap();
        assert_eq!(reached(&app, request).await, (403, false), "{mode}");
    }
}

#[tokio::test]
async fn a_refused_sibling_subdomain_is_blocked_though_same_site() {
    for (mode, app) in gated_apps() {
        let request = unsafe_request("POST", SIBLING).header("sec-fetch-site", "same-site");
        assert_eq!(
            reached(&app, request.body(Body::empty()).unwrap()).await,
            (403, false),
            "{mode}"
        );
    }
}

#[tokio::test]
async fn an_allowed_origin_a_same_origin_request_and_no_origin_pass() {
    for (mode, app) in gated_apps() {
        let allowed = unsafe_request("POST", APP).header("sec-fetch-site", "cross-site");
        assert_eq!(
            reached(&app, allowed.body(Body::empty()).unwrap()).await,
            (200, true),
            "{mode}: allowed origin"
        );
        let same_origin =
            unsafe_request("POST", SELF_ORIGIN).header("sec-fetch-site", "same-origin");
        assert_eq!(
            reached(&app, same_origin.body(Body::empty()).unwrap()).await,
            (200, true),
            "{mode}: same-origin"
        );
        let same_origin_by_host = unsafe_request("POST", SELF_ORIGIN);
        assert_eq!(
            reached(&app, same_origin_by_host.body(Body::empty()).unwrap()).await,
            (200, true),
            "{mode}: Origin = Host"
        );
        let no_origin = request("POST", "/x").header("host", HOST);
        assert_eq!(
            reached(&app, no_origin.body(Body::empty()).unwrap()).await,
            (200, true),
            "{mode}: no Origin (curl)"
        );
    }
}

/// `Sec-Fetch-Site: none` is a user-initiated request (address bar,
/// bookmark): not cross-origin, so it passes.
#[tokio::test]
async fn sec_fetch_site_none_passes() {
    for (mode, app) in gated_apps() {
        let request = unsafe_request("POST", EVIL).header("sec-fetch-site", "none");
        assert_eq!(
            reached(&app, request.body(Body::empty()).unwrap()).await,
            (200, true),
            "{mode}"
        );
    }
}

/// Without `Host` (nor an authority in the URI) nothing says the request is
/// same-origin: a refused Origin is blocked. With an absolute URI, its
/// authority stands for `Host` (as HTTP/2's `:authority` does).
#[tokio::test]
async fn no_host_counts_as_cross_origin() {
    for (mode, app) in gated_apps() {
        let no_host = request("POST", "/x").header("origin", SELF_ORIGIN);
        assert_eq!(
            reached(&app, no_host.body(Body::empty()).unwrap()).await,
            (403, false),
            "{mode}: no Host"
        );
        let authority = request("POST", "https://api.example.com/x").header("origin", SELF_ORIGIN);
        assert_eq!(
            reached(&app, authority.body(Body::empty()).unwrap()).await,
            (200, true),
            "{mode}: authority"
        );
    }
}

#[tokio::test]
async fn host_ports_are_compared_with_the_origins_default_port() {
    let cases = [
        // (Origin, Host, reaches the handler)
        ("https://api.example.com:8443", "api.example.com:8443", true),
        ("http://api.example.com:8080", "api.example.com:8080", true),
        ("https://api.example.com", "api.example.com:443", true),
        ("http://api.example.com", "api.example.com:80", true),
        ("https://api.example.com", "api.example.com:8443", false),
        ("https://api.example.com:8443", "api.example.com", false),
        ("http://api.example.com", "api.example.com:443", false),
        ("https://api.example.com", "api.example.com:80", false),
        ("http://localhost:3000", "localhost:3001", false),
        ("https://api.example.com.evil.net", "api.example.com", false),
    ];
    for (mode, app) in gated_apps() {
        for (origin, host, passes) in cases {
            let builder = request("POST", "/x")
                .header("origin", origin)
                .header("host", host);
            let expected = if passes { (200, true) } else { (403, false) };
            assert_eq!(
                reached(&app, builder.body(Body::empty()).unwrap()).await,
                expected,
                "{mode}: {origin} on {host}"
            );
        }
    }
}

/// Safe methods pass (the gate stops what changes state), and an OPTIONS
/// is either a preflight (refused as such, 403 without the handler) or
/// answered with `Allow`.
#[tokio::test]
async fn get_head_and_options_pass_the_gate() {
    for (mode, app) in gated_apps() {
        for method in ["GET", "HEAD"] {
            let request = unsafe_request(method, EVIL).header("sec-fetch-site", "cross-site");
            assert_eq!(
                reached(&app, request.body(Body::empty()).unwrap()).await,
                (200, true),
                "{mode} {method}"
            );
        }
        let options = unsafe_request("OPTIONS", EVIL).header("sec-fetch-site", "cross-site");
        // Not gated (the status itself is serving_modes.rs's concern: the
        // router layer answers 405 there, a known bug).
        let (status, ran) = reached(&app, options.body(Body::empty()).unwrap()).await;
        assert!(
            status != 403 && !ran,
            "{mode}: OPTIONS got {status}, handler ran: {ran}"
        );
        let preflight = unsafe_request("OPTIONS", EVIL)
            .header("sec-fetch-site", "cross-site")
            .header("access-control-request-method", "POST");
        assert_eq!(
            reached(&app, preflight.body(Body::empty()).unwrap()).await,
            (403, false),
            "{mode}: preflight"
        );
    }
}

#[tokio::test]
async fn block_refused_with_dynamic_origins_runs_the_check_once() {
    let calls = CheckCalls::default();
    let app: Router = Router::new()
        .cors_route("/x", post(gated_dynamic).get(gated_dynamic))
        .with_state(calls.clone());
    let count = || calls.0.load(Ordering::SeqCst);

    let refused = unsafe_request("POST", EVIL).header("sec-fetch-site", "cross-site");
    assert_eq!(
        reached(&app, refused.body(Body::empty()).unwrap()).await,
        (403, false)
    );
    assert_eq!(count(), 1, "the check runs once for a gated request");

    let allowed = unsafe_request("POST", APP).header("sec-fetch-site", "cross-site");
    assert_eq!(
        reached(&app, allowed.body(Body::empty()).unwrap()).await,
        (200, true)
    );
    assert_eq!(count(), 2);

    // Malformed: refused before the check, and gated all the same.
    let malformed = unsafe_request("POST", "null").header("sec-fetch-site", "cross-site");
    assert_eq!(
        reached(&app, malformed.body(Body::empty()).unwrap()).await,
        (403, false)
    );
    assert_eq!(count(), 2);

    // A safe method: the check still decides the CORS headers, once.
    let get = unsafe_request("GET", EVIL).header("sec-fetch-site", "cross-site");
    assert_eq!(
        reached(&app, get.body(Body::empty()).unwrap()).await,
        (200, true)
    );
    assert_eq!(count(), 3);
}

/// Without `block_refused`, the same unsafe cross-site request reaches the
/// handler: the gate is the key's doing, not CORS's.
#[tokio::test]
async fn without_block_refused_the_request_reaches_the_handler() {
    let served = ModeApp::new(Mode::Route);
    let response = served
        .send(
            request("PUT", "/data")
                .header("host", HOST)
                .header("origin", EVIL)
                .header("sec-fetch-site", "cross-site")
                .header("content-type", "application/json")
                .body(Body::from("1"))
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(served.handler_calls(), 1);
}

#[test]
fn a_blocked_request_is_logged_with_its_gate() {
    let (_, log) = debug_log_of(async {
        let [(_, app), _, _] = gated_apps();
        send(
            &app,
            unsafe_request("DELETE", EVIL)
                .header("sec-fetch-site", "cross-site")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    });
    let line = log
        .lines()
        .find(|line| line.contains("cors gate refused"))
        .unwrap_or_else(|| panic!("{log}"));
    for part in [
        "route=/x",
        "method=DELETE",
        EVIL,
        "handler=\"gated_listed\"",
        "block_refused",
    ] {
        assert!(line.contains(part), "{part} missing from {line}");
    }
}

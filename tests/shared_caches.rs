//! SPEC §4 "Shared caches" (issue 8 item 2): a response never differs by
//! `Origin` (nor by several `Origin` headers) without `Vary: Origin`. An
//! `origins = "*"` route answers `*` to every request, with or without an
//! Origin, so a shared cache may store any of its answers for everyone; a
//! cache seeded with a doubled Origin must not lock out other readers.

mod common;

use axum::body::Body;
use axum::http::{HeaderMap, Request};
use axum::response::IntoResponse;
use axum::Router;
use common::*;
use cors_runtime::routing::get;
use cors_runtime::{cors, cors_layer, CorsRouterExt};

#[cors(origins = "*", expose_headers = ["x-total"])]
async fn public() -> impl IntoResponse {
    public_body()
}

fn public_body() -> impl IntoResponse {
    ([("vary", "accept-encoding"), ("x-total", "3")], "public")
}

async fn public_plain() -> impl IntoResponse {
    public_body()
}

/// The `*` policy served as a route, as a route with a user layer, and as a
/// router-wide layer over a plain handler.
fn apps() -> [(&'static str, Router); 3] {
    [
        ("route", Router::new().cors_route("/public", get(public))),
        (
            "route with a user layer",
            Router::new().cors_route(
                "/public",
                get(public).layer(tower::layer::util::Identity::new()),
            ),
        ),
        (
            "router layer",
            Router::new()
                .route("/public", axum::routing::get(public_plain))
                .layer(cors_layer!(origins = "*", expose_headers = ["x-total"])),
        ),
    ]
}

fn with_origins(method: &str, origins: &[&str]) -> Request<Body> {
    let mut builder = request(method, "/public");
    for origin in origins {
        builder = builder.header("origin", *origin);
    }
    builder.body(Body::empty()).unwrap()
}

fn assert_public_answer(mode: &str, origins: &[&str], headers: &HeaderMap) {
    assert_eq!(
        header(headers, "access-control-allow-origin"),
        Some("*"),
        "{mode} {origins:?}"
    );
    assert_eq!(
        header(headers, "access-control-expose-headers"),
        Some("x-total"),
        "{mode} {origins:?}"
    );
    assert!(
        !headers.contains_key("access-control-allow-credentials"),
        "{mode} {origins:?}"
    );
    // The handler's own Vary stays; Origin is not added: the answer does not depend on it.
    assert_eq!(vary(headers), ["accept-encoding"], "{mode} {origins:?}");
}

const ORIGIN_SETS: [&[&str]; 5] = [&[], &[APP], &[EVIL], &[APP, LOCAL], &[EVIL, APP]];

#[tokio::test]
async fn a_wildcard_route_answers_star_to_no_one_or_several_origins() {
    for (mode, app) in apps() {
        for origins in ORIGIN_SETS {
            for method in ["GET", "HEAD"] {
                let response = send(&app, with_origins(method, origins)).await;
                assert_eq!(response.status(), 200, "{mode} {method} {origins:?}");
                assert_public_answer(mode, origins, response.headers());
            }
        }
    }
}

/// The cache-poisoning check itself: since no answer carries `Vary: Origin`,
/// every answer must be byte-for-byte the same whatever the Origin headers.
#[tokio::test]
async fn a_wildcard_response_is_identical_whatever_the_origin_headers() {
    for (mode, app) in apps() {
        let reference = send(&app, with_origins("GET", &[])).await;
        let reference_headers = reference.headers().clone();
        let reference_body = body_text(reference).await;
        for origins in ORIGIN_SETS {
            let response = send(&app, with_origins("GET", origins)).await;
            assert_eq!(response.status(), 200, "{mode} {origins:?}");
            assert_eq!(
                response.headers(),
                &reference_headers,
                "{mode}: headers differ for {origins:?}"
            );
            assert_eq!(
                body_text(response).await,
                reference_body,
                "{mode} {origins:?}"
            );
        }
    }
}

/// Preflights of a `*` route do not depend on the Origin either: the same
/// answer for one Origin or two.
#[tokio::test]
async fn a_wildcard_preflight_is_the_same_for_one_or_several_origins() {
    for (mode, app) in apps() {
        let mut answers = Vec::new();
        for origins in [&[APP][..], &[EVIL], &[APP, LOCAL]] {
            let mut builder =
                request("OPTIONS", "/public").header("access-control-request-method", "GET");
            for origin in origins {
                builder = builder.header("origin", *origin);
            }
            let response = send(&app, builder.body(Body::empty()).unwrap()).await;
            assert_eq!(response.status(), 204, "{mode} {origins:?}");
            assert_eq!(
                header(response.headers(), "access-control-allow-origin"),
                Some("*"),
                "{mode} {origins:?}"
            );
            assert!(
                !vary(response.headers()).contains(&"origin".to_owned()),
                "{mode} {origins:?}"
            );
            answers.push(response.headers().clone());
        }
        assert!(
            answers.windows(2).all(|pair| pair[0] == pair[1]),
            "{mode}: preflight answers differ: {answers:#?}"
        );
    }
}

#[cors(origins = ["https://app.example.com"])]
async fn listed() -> &'static str {
    "listed"
}

/// The contrast that makes the rule: a route whose answer depends on the
/// Origin says so on every response, with or without Origin.
#[tokio::test]
async fn a_listed_route_varies_on_origin_on_every_response() {
    let app: Router = Router::new().cors_route("/listed", get(listed));
    for origins in ORIGIN_SETS {
        let mut builder = request("GET", "/listed");
        for origin in origins {
            builder = builder.header("origin", *origin);
        }
        let response = send(&app, builder.body(Body::empty()).unwrap()).await;
        assert_eq!(vary(response.headers()), ["origin"], "{origins:?}");
        let expected = (origins == [APP]).then_some(APP);
        assert_eq!(
            header(response.headers(), "access-control-allow-origin"),
            expected,
            "{origins:?}"
        );
    }
}

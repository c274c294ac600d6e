//! Issue 9, "run the integration suites in every serving mode": SPEC §4's
//! answers, asserted alike on a plain `cors_route`, a route with user layers,
//! dynamic origins and a router-wide layer (tests/common/modes.rs). A mode
//! that answers differently from the others fails here, naming the mode.

mod common;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue};
use common::modes::{Mode, ModeApp, ALLOWED, DENY_HEADER, LAYER_HEADER, MODES};
use common::*;

fn items(headers: &HeaderMap, name: &str) -> Vec<String> {
    header(headers, name)
        .map(|value| {
            value
                .split(',')
                .map(|item| item.trim().to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default()
}

/// SPEC §4: every response of a route whose policy lists origins carries
/// `Vary: Origin`, once, beside any `Vary` the handler set.
fn assert_varies_on_origin_once(mode: Mode, headers: &HeaderMap) {
    let vary = vary(headers);
    assert_eq!(
        vary.iter().filter(|v| *v == "origin").count(),
        1,
        "{mode:?}: Vary {vary:?}"
    );
    let unique: std::collections::HashSet<_> = vary.iter().collect();
    assert_eq!(
        unique.len(),
        vary.len(),
        "{mode:?}: a Vary value repeated: {vary:?}"
    );
}

/// The user layer's header shows which responses it made or passed: only
/// the layered mode has one.
fn assert_user_layer(mode: Mode, headers: &HeaderMap) {
    assert_eq!(
        headers.contains_key(LAYER_HEADER),
        mode == Mode::RouteWithLayers,
        "{mode:?}: {headers:?}"
    );
}

#[tokio::test]
async fn an_allowed_preflight_is_answered_without_the_handler() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        for origin in ALLOWED {
            let response = served
                .send(
                    preflight("/data", origin, "PUT")
                        .header("access-control-request-headers", "content-type,x-api-key")
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            let headers = response.headers();
            assert_eq!(response.status(), 204, "{mode:?}");
            assert_eq!(
                header(headers, "access-control-allow-origin"),
                Some(origin),
                "{mode:?}"
            );
            assert_eq!(
                header(headers, "access-control-allow-credentials"),
                Some("true"),
                "{mode:?}"
            );
            assert_eq!(
                items(headers, "access-control-allow-methods"),
                ["get", "put"],
                "{mode:?}"
            );
            let allowed_headers = items(headers, "access-control-allow-headers");
            for name in ["content-type", "x-api-key"] {
                assert!(
                    allowed_headers.iter().any(|h| h == name),
                    "{mode:?}: {allowed_headers:?}"
                );
            }
            assert_eq!(
                header(headers, "access-control-max-age"),
                Some("600"),
                "{mode:?}"
            );
            assert!(
                !headers.contains_key("access-control-expose-headers"),
                "{mode:?}: ACEH on a preflight"
            );
            // One policy for both methods, headers checked not mirrored: Origin only.
            assert_eq!(vary(headers), ["origin"], "{mode:?}");
            assert_answer_invariants(&[origin.as_bytes()], headers, &ALLOWED, false);
            assert_eq!(body_text(response).await, "", "{mode:?}");
        }
        assert_eq!(
            served.handler_calls(),
            0,
            "{mode:?}: a handler ran for a preflight"
        );
    }
}

#[tokio::test]
async fn a_preflight_for_a_safelisted_method_without_headers_is_allowed() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        let response = served
            .send(preflight("/data", APP, "GET").body(Body::empty()).unwrap())
            .await;
        assert_eq!(response.status(), 204, "{mode:?}");
        assert_eq!(
            header(response.headers(), "access-control-allow-origin"),
            Some(APP),
            "{mode:?}"
        );
        // No header requested: none allowed in the answer.
        assert!(
            !response
                .headers()
                .contains_key("access-control-allow-headers"),
            "{mode:?}"
        );
        assert_eq!(served.handler_calls(), 0, "{mode:?}");
    }
}

#[tokio::test]
async fn a_refused_preflight_is_403_with_only_vary() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        let refused = [
            // origin not allowed
            preflight("/data", EVIL, "PUT"),
            // method not allowed
            preflight("/data", APP, "DELETE"),
            // header not allowed
            preflight("/data", APP, "PUT").header("access-control-request-headers", "x-secret"),
            // `authorization` is never implied
            preflight("/data", APP, "GET")
                .header("access-control-request-headers", "authorization"),
            // private network not opted in
            preflight("/data", APP, "GET").header("access-control-request-private-network", "true"),
        ];
        for (case, builder) in refused.into_iter().enumerate() {
            let response = served.send(builder.body(Body::empty()).unwrap()).await;
            assert_eq!(response.status(), 403, "{mode:?} case {case}");
            assert_no_cors_headers(response.headers());
            assert_eq!(vary(response.headers()), ["origin"], "{mode:?} case {case}");
            assert_eq!(body_text(response).await, "", "{mode:?} case {case}");
        }
        assert_eq!(
            served.handler_calls(),
            0,
            "{mode:?}: a handler ran for a refused preflight"
        );
    }
}

#[tokio::test]
async fn an_allowed_actual_request_gets_the_policys_headers() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        for origin in ALLOWED {
            let response = served
                .send(
                    request("GET", "/data")
                        .header("origin", origin)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            let headers = response.headers();
            assert_eq!(response.status(), 200, "{mode:?}");
            assert_eq!(
                header(headers, "access-control-allow-origin"),
                Some(origin),
                "{mode:?}"
            );
            assert_eq!(
                header(headers, "access-control-allow-credentials"),
                Some("true"),
                "{mode:?}"
            );
            assert_eq!(
                header(headers, "access-control-expose-headers"),
                Some("x-total"),
                "{mode:?}"
            );
            for preflight_only in [
                "access-control-allow-methods",
                "access-control-allow-headers",
                "access-control-max-age",
            ] {
                assert!(
                    !headers.contains_key(preflight_only),
                    "{mode:?}: {preflight_only} on an actual response"
                );
            }
            // The handler's own Vary is kept, Origin added once.
            assert!(
                vary(headers).contains(&"accept-encoding".to_owned()),
                "{mode:?}: {headers:?}"
            );
            assert_varies_on_origin_once(mode, headers);
            assert_user_layer(mode, headers);
            assert_answer_invariants(&[origin.as_bytes()], headers, &ALLOWED, false);
            assert_eq!(body_text(response).await, "data", "{mode:?}");
        }
        assert_eq!(served.handler_calls(), ALLOWED.len(), "{mode:?}");
    }
}

#[tokio::test]
async fn a_put_with_a_json_body_is_decorated() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        let response = served
            .send(
                request("PUT", "/data")
                    .header("origin", APP)
                    .header("content-type", "application/json")
                    .body(Body::from(r#"{"n":1}"#))
                    .unwrap(),
            )
            .await;
        assert_eq!(response.status(), 200, "{mode:?}");
        assert_eq!(
            header(response.headers(), "access-control-allow-origin"),
            Some(APP),
            "{mode:?}"
        );
        assert_varies_on_origin_once(mode, response.headers());
        assert_eq!(body_text(response).await, r#"{"n":1}"#, "{mode:?}");
        assert_eq!(served.handler_calls(), 1, "{mode:?}");
    }
}

#[tokio::test]
async fn a_refused_or_absent_origin_reaches_the_handler_without_cors_headers() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        for builder in [
            request("GET", "/data").header("origin", EVIL),
            request("GET", "/data"),
        ] {
            let response = served.send(builder.body(Body::empty()).unwrap()).await;
            assert_eq!(response.status(), 200, "{mode:?}");
            assert_no_cors_headers(response.headers());
            assert!(
                vary(response.headers()).contains(&"accept-encoding".to_owned()),
                "{mode:?}"
            );
            assert_varies_on_origin_once(mode, response.headers());
            assert_user_layer(mode, response.headers());
            assert_eq!(body_text(response).await, "data", "{mode:?}");
        }
        assert_eq!(served.handler_calls(), 2, "{mode:?}");
    }
}

#[tokio::test]
async fn a_method_without_handler_is_405_with_vary() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        for origin in [Some(APP), Some(EVIL), None] {
            let mut builder = request("DELETE", "/data");
            if let Some(origin) = origin {
                builder = builder.header("origin", origin);
            }
            let response = served.send(builder.body(Body::empty()).unwrap()).await;
            assert_eq!(response.status(), 405, "{mode:?} {origin:?}");
            let allow = items(response.headers(), "allow");
            assert!(
                allow.contains(&"get".to_owned()) && allow.contains(&"put".to_owned()),
                "{mode:?}: Allow {allow:?}"
            );
            assert_varies_on_origin_once(mode, response.headers());
            let origins: Vec<&[u8]> = origin.iter().map(|o| o.as_bytes()).collect();
            assert_answer_invariants(&origins, response.headers(), &ALLOWED, false);
            if origin != Some(APP) {
                assert_no_cors_headers(response.headers());
            }
        }
        assert_eq!(
            served.handler_calls(),
            0,
            "{mode:?}: another method's handler ran"
        );
    }
}

/// SPEC §4: "every response of the route gets ACAO ... including extractor
/// rejections". `Json` without a JSON content type is refused (415) before
/// the handler runs; a malformed body is refused too (400).
#[tokio::test]
async fn extractor_rejections_get_cors_headers() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        let cases = [
            (
                request("PUT", "/data")
                    .header("origin", APP)
                    .body(Body::from("x"))
                    .unwrap(),
                415,
            ),
            (
                request("PUT", "/data")
                    .header("origin", APP)
                    .header("content-type", "application/json")
                    .body(Body::from("{not json"))
                    .unwrap(),
                400,
            ),
        ];
        for (request, status) in cases {
            let response = served.send(request).await;
            let headers = response.headers();
            assert_eq!(response.status(), status, "{mode:?}");
            assert_eq!(
                header(headers, "access-control-allow-origin"),
                Some(APP),
                "{mode:?}"
            );
            assert_eq!(
                header(headers, "access-control-allow-credentials"),
                Some("true"),
                "{mode:?}"
            );
            assert_eq!(
                header(headers, "access-control-expose-headers"),
                Some("x-total"),
                "{mode:?}"
            );
            assert_varies_on_origin_once(mode, headers);
            assert_user_layer(mode, headers);
        }
        assert_eq!(
            served.handler_calls(),
            0,
            "{mode:?}: the handler ran despite the rejection"
        );
    }
}

/// SPEC §4: "responses of layers inside the route" get the CORS headers too:
/// a user layer answering 401 before the handler.
#[tokio::test]
async fn a_response_made_by_a_user_layer_gets_cors_headers() {
    let served = ModeApp::new(Mode::RouteWithLayers);
    let response = served
        .send(
            request("GET", "/data")
                .header("origin", APP)
                .header(DENY_HEADER, "1")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let headers = response.headers();
    assert_eq!(response.status(), 401);
    assert_eq!(header(headers, "access-control-allow-origin"), Some(APP));
    assert_eq!(
        header(headers, "access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(
        header(headers, "access-control-expose-headers"),
        Some("x-total")
    );
    assert_varies_on_origin_once(Mode::RouteWithLayers, headers);
    assert_eq!(body_text(response).await, "denied by a user layer");
    assert_eq!(served.handler_calls(), 0);

    // And a refused origin gets none.
    let response = served
        .send(
            request("GET", "/data")
                .header("origin", EVIL)
                .header(DENY_HEADER, "1")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), 401);
    assert_no_cors_headers(response.headers());
    assert_varies_on_origin_once(Mode::RouteWithLayers, response.headers());
}

#[tokio::test]
async fn head_is_served_as_get() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        let response = served
            .send(
                request("HEAD", "/data")
                    .header("origin", APP)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(response.status(), 200, "{mode:?}");
        assert_eq!(
            header(response.headers(), "access-control-allow-origin"),
            Some(APP),
            "{mode:?}"
        );
        assert_eq!(
            header(response.headers(), "access-control-expose-headers"),
            Some("x-total"),
            "{mode:?}"
        );
        assert_varies_on_origin_once(mode, response.headers());
        assert_eq!(body_text(response).await, "", "{mode:?}: HEAD has no body");
        assert_eq!(
            served.handler_calls(),
            1,
            "{mode:?}: GET's handler serves HEAD"
        );

        // A preflight for HEAD is allowed by GET's policy.
        let response = served
            .send(preflight("/data", APP, "HEAD").body(Body::empty()).unwrap())
            .await;
        assert_eq!(response.status(), 204, "{mode:?}");
        assert_eq!(
            header(response.headers(), "access-control-allow-origin"),
            Some(APP),
            "{mode:?}"
        );
    }
}

/// SPEC §4: an OPTIONS that is not a preflight goes to the user's OPTIONS
/// handler when the path has one; it never runs another method's handler.
#[tokio::test]
async fn non_preflight_options_goes_to_the_users_options_handler() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        let response = served
            .send(
                request("OPTIONS", "/own-options")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(response.status(), 200, "{mode:?}");
        assert_no_cors_headers(response.headers());
        assert_eq!(body_text(response).await, "user options", "{mode:?}");

        // With an Origin but no requested method: an actual OPTIONS request.
        let response = served
            .send(
                request("OPTIONS", "/own-options")
                    .header("origin", APP)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(response.status(), 200, "{mode:?}");
        assert_eq!(
            header(response.headers(), "access-control-allow-origin"),
            Some(APP),
            "{mode:?}"
        );
        assert_varies_on_origin_once(mode, response.headers());
        assert_eq!(body_text(response).await, "user options", "{mode:?}");
        assert_eq!(served.handler_calls(), 2, "{mode:?}");
    }
}

/// SPEC §4: without a user OPTIONS handler, 204 with `Allow`, and no other
/// method's handler runs.
#[tokio::test]
async fn non_preflight_options_without_a_user_handler_is_204_with_allow() {
    for mode in MODES.into_iter().filter(|mode| *mode != Mode::RouterLayer) {
        assert_options_answered_with_allow(mode).await;
    }
}

/// Under a router-wide `cors_layer!`, a non-preflight OPTIONS is routed as
/// axum routes it: a plain route without an OPTIONS handler answers axum's
/// 405 with `Allow`, decorated by the layer, and no other method's handler
/// runs. (The layer cannot tell whether the route has an OPTIONS handler
/// without calling it; §4's 204 with `Allow` is the `cors_route` path's own
/// OPTIONS answer.)
#[tokio::test]
async fn non_preflight_options_under_the_router_layer_is_axums_405_decorated() {
    let served = ModeApp::new(Mode::RouterLayer);
    let response = served
        .send(
            request("OPTIONS", "/data")
                .header("origin", APP)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), 405);
    let allow = items(response.headers(), "allow");
    for method in ["get", "head", "put"] {
        assert!(allow.contains(&method.to_owned()), "Allow {allow:?}");
    }
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    assert_eq!(served.handler_calls(), 0, "another method's handler ran");
}

async fn assert_options_answered_with_allow(mode: Mode) {
    {
        let served = ModeApp::new(mode);
        for builder in [
            request("OPTIONS", "/data"),
            request("OPTIONS", "/data").header("origin", APP),
            request("OPTIONS", "/data")
                .header("origin", APP)
                .header("access-control-request-method", "GE T"),
            // Two requested methods: no browser sends that, so no preflight.
            request("OPTIONS", "/data")
                .header("origin", APP)
                .header("access-control-request-method", "PUT")
                .header("access-control-request-method", "GET"),
        ] {
            let response = served.send(builder.body(Body::empty()).unwrap()).await;
            assert_eq!(response.status(), 204, "{mode:?}");
            let allow = items(response.headers(), "allow");
            for method in ["get", "head", "put", "options"] {
                assert!(
                    allow.contains(&method.to_owned()),
                    "{mode:?}: Allow {allow:?}"
                );
            }
            assert_no_cors_headers(response.headers());
            assert_varies_on_origin_once(mode, response.headers());
        }
        assert_eq!(
            served.handler_calls(),
            0,
            "{mode:?}: another method's handler ran"
        );
    }
}

const LOOK_ALIKES: [&[u8]; 12] = [
    b"https://app.example.com.evil.net",
    b"https://app.example.com:443",
    b"https://app.example.com:4430",
    b"https://evilapp.example.com",
    b"https://app.example.comm",
    b"https://APP.example.com",
    b"HTTPS://app.example.com",
    b"https://app.example.com/",
    b"http://app.example.com",
    b"http://localhost:30000",
    b"http://localhost",
    b" https://app.example.com",
];

/// SPEC §4 hostile input, in every mode: a standard refusal, never a panic,
/// never ACAO for anything but an exactly allowed origin.
#[tokio::test]
async fn hostile_origins_are_refused_in_every_mode() {
    let hostile: Vec<Vec<&[u8]>> = LOOK_ALIKES
        .iter()
        .map(|origin| vec![*origin])
        .chain([
            vec![APP.as_bytes(), LOCAL.as_bytes()],
            vec![APP.as_bytes(), APP.as_bytes()],
            vec![EVIL.as_bytes(), APP.as_bytes()],
            vec![&b"null"[..]],
            vec![&b"https://app.example.com\xff"[..]],
            vec![&b"\xff\xfe"[..]],
        ])
        .collect();
    for mode in MODES {
        let served = ModeApp::new(mode);
        for origins in &hostile {
            let shown: Vec<_> = origins.iter().map(|o| String::from_utf8_lossy(o)).collect();
            let with_origins = |mut builder: axum::http::request::Builder| {
                for origin in origins {
                    builder = builder.header("origin", HeaderValue::from_bytes(origin).unwrap());
                }
                builder
            };
            let actual = served
                .send(
                    with_origins(request("GET", "/data"))
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            assert_eq!(actual.status(), 200, "{mode:?} {shown:?}");
            assert_no_cors_headers(actual.headers());
            assert_varies_on_origin_once(mode, actual.headers());

            let preflight = served
                .send(
                    with_origins(request("OPTIONS", "/data"))
                        .header("access-control-request-method", "PUT")
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            assert_eq!(preflight.status(), 403, "{mode:?} {shown:?}");
            assert_no_cors_headers(preflight.headers());
        }
    }
}

/// The dynamic check never sees what is not a browser's serialised origin.
#[tokio::test]
async fn the_dynamic_check_never_sees_malformed_or_several_origins() {
    let served = ModeApp::new(Mode::DynamicOrigins);
    for origins in [
        vec![&b"null"[..]],
        vec![b"https://app.example.com\xff"],
        vec![APP.as_bytes(), LOCAL.as_bytes()],
        vec![b"HTTPS://app.example.com"],
        vec![b"https://app.example.com/"],
    ] {
        let mut builder = request("GET", "/data");
        for origin in origins {
            builder = builder.header("origin", HeaderValue::from_bytes(origin).unwrap());
        }
        served.send(builder.body(Body::empty()).unwrap()).await;
    }
    assert_eq!(served.check_calls(), 0);
    // It does see a well-formed one (the counter works).
    served
        .send(
            request("GET", "/data")
                .header("origin", EVIL)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(served.check_calls(), 1);
}

#[tokio::test]
async fn a_hundred_requested_headers_are_refused() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        for names in [
            vec!["x-api-key"; 100].join(","),
            (0..100)
                .map(|i| format!("x-h{i}"))
                .collect::<Vec<_>>()
                .join(","),
        ] {
            let response = served
                .send(
                    preflight("/data", APP, "PUT")
                        .header("access-control-request-headers", names)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            assert_eq!(response.status(), 403, "{mode:?}");
            assert_no_cors_headers(response.headers());
        }
        // 64 allowed names still pass (the limit is not below what browsers send).
        let response = served
            .send(
                preflight("/data", APP, "PUT")
                    .header(
                        "access-control-request-headers",
                        vec!["x-api-key"; 64].join(","),
                    )
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(response.status(), 204, "{mode:?}");
        assert_eq!(served.handler_calls(), 0, "{mode:?}");
    }
}

/// The modes really differ: the check runs only in the dynamic mode and the
/// user layer only in the layered one (else the suite would test one path four times).
#[tokio::test]
async fn each_mode_takes_its_own_path() {
    for mode in MODES {
        let served = ModeApp::new(mode);
        let response = served
            .send(
                request("GET", "/data")
                    .header("origin", APP)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_user_layer(mode, response.headers());
        assert_eq!(
            served.check_calls(),
            usize::from(mode == Mode::DynamicOrigins),
            "{mode:?}"
        );
    }
}

//! SPEC §4, hostile input: several Origin headers, non-UTF-8 bytes, `null`,
//! look-alike origins, huge header lists. Always a standard refusal, never a
//! panic, never ACAO for anything but an exactly allowed origin.

mod common;

use axum::body::Body;
use axum::http::{HeaderValue, Request};
use axum::Router;
use common::*;
use cors_runtime::routing::{get, put};
use cors_runtime::{cors, CorsRouterExt};

const ALLOWED: [&str; 2] = [APP, LOCAL];

#[cors(
    origins = ["https://app.example.com", "http://localhost:3000"],
    methods = "GET,PUT",
    credentials,
    allow_headers = ["content-type", "x-api-key"]
)]
async fn data() -> &'static str {
    "data"
}

#[cors(origins = "*", allow_headers = "*")]
async fn public() -> &'static str {
    "public"
}

/// More than 16 exact origins: looked up in a set hashed at start-up.
#[cors(origins = ["https://site0.example.com", "https://site1.example.com", "https://site2.example.com", "https://site3.example.com", "https://site4.example.com", "https://site5.example.com", "https://site6.example.com", "https://site7.example.com", "https://site8.example.com", "https://site9.example.com", "https://site10.example.com", "https://site11.example.com", "https://site12.example.com", "https://site13.example.com", "https://site14.example.com", "https://site15.example.com", "https://site16.example.com", "https://site17.example.com", "https://site18.example.com", "https://site19.example.com"])]
async fn many() -> &'static str {
    "many"
}

fn app() -> Router {
    Router::new()
        .cors_route("/data", get(data).put(data))
        .cors_route("/public", put(public))
        .cors_route("/many", get(many))
}

fn with_origin_bytes(method: &str, origin: &[u8]) -> axum::http::request::Builder {
    request(method, "/data").header("origin", HeaderValue::from_bytes(origin).unwrap())
}

const LOOK_ALIKES: [&[u8]; 16] = [
    b"https://app.example.com.evil.net",
    b"https://app.example.com:443",
    b"https://app.example.com:4430",
    b"https://evilapp.example.com",
    b"https://app.example.co",
    b"https://app.example.comm",
    b"https://APP.example.com",
    b"HTTPS://app.example.com",
    b"https://app.example.com/",
    b"http://app.example.com",
    b"http://localhost:30000",
    b"http://localhost:300",
    b"http://localhost",
    b"https://app.example.com\t",
    b"null",
    b"https://app.example.com\xff",
];

#[tokio::test]
async fn look_alike_origins_are_refused() {
    let app = app();
    for origin in LOOK_ALIKES {
        let shown = String::from_utf8_lossy(origin);
        let actual = send(
            &app,
            with_origin_bytes("GET", origin)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(actual.status(), 200, "{shown}");
        assert_no_cors_headers(actual.headers());

        let preflight = send(
            &app,
            with_origin_bytes("OPTIONS", origin)
                .header("access-control-request-method", "PUT")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(preflight.status(), 403, "{shown}");
        assert_no_cors_headers(preflight.headers());
    }
}

#[tokio::test]
async fn several_origin_headers_are_refused_even_when_each_is_allowed() {
    let several = || {
        request("GET", "/data")
            .header("origin", APP)
            .header("origin", LOCAL)
    };
    let actual = send(&app(), several().body(Body::empty()).unwrap()).await;
    assert_no_cors_headers(actual.headers());
    let preflight = send(
        &app(),
        several()
            .method("OPTIONS")
            .header("access-control-request-method", "PUT")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(preflight.status(), 403);
    assert_no_cors_headers(preflight.headers());
}

#[tokio::test]
async fn thousands_of_requested_headers_are_refused() {
    let names: Vec<String> = (0..5000).map(|i| format!("x-h{i}")).collect();
    let response = send(
        &app(),
        preflight("/public", APP, "PUT")
            .header("access-control-request-headers", names.join(","))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 403);
    assert_no_cors_headers(response.headers());

    // The same allowed name repeated is still refused past the limit.
    let repeated = vec!["content-type"; 5000].join(",");
    let response = send(
        &app(),
        preflight("/data", APP, "PUT")
            .header("access-control-request-headers", repeated)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn malformed_requested_headers_are_refused() {
    for value in [
        &b"content-type, x api key"[..],
        b"content-type;x",
        b"x-\xff",
    ] {
        let response = send(
            &app(),
            preflight("/data", APP, "PUT")
                .header(
                    "access-control-request-headers",
                    HeaderValue::from_bytes(value).unwrap(),
                )
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(response.status(), 403, "{}", String::from_utf8_lossy(value));
        assert_no_cors_headers(response.headers());
    }
}

#[tokio::test]
async fn a_huge_origin_is_refused() {
    let huge = format!("https://{}.example.com", "a".repeat(100_000));
    let response = send(
        &app(),
        request("GET", "/data")
            .header("origin", huge)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_no_cors_headers(response.headers());
}

/// A deterministic generator (no dependency): the same inputs every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn bytes(&mut self, pieces: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for _ in 0..(self.next() % 4 + 1) {
            out.extend_from_slice(pieces[(self.next() as usize) % pieces.len()]);
        }
        out
    }
}

#[tokio::test]
async fn invariants_hold_on_every_response_to_generated_hostile_requests() {
    let app = app();
    let mut random = Lcg(0x5eed);
    let origin_pieces: &[&[u8]] = &[
        b"https://app.example.com",
        b"http://localhost:3000",
        b"null",
        b"*",
        b".evil.net",
        b":443",
        b"\xff",
        b"\x80",
        b" ",
        b"\t",
        b",",
        b"https://",
        b"",
        b"%00",
        b"app.example.com",
    ];
    let header_pieces: &[&[u8]] = &[
        b"content-type",
        b"x-api-key",
        b"authorization",
        b",",
        b" ",
        b"*",
        b"\xff",
        b"x-other",
        b";",
        b"",
    ];
    let method_pieces: &[&[u8]] = &[
        b"GET", b"PUT", b"put", b"DELETE", b"*", b",", b" ", b"\xff", b"OPTIONS",
    ];
    for round in 0..3000 {
        let path = if round % 3 == 0 { "/public" } else { "/data" };
        let method = ["GET", "PUT", "OPTIONS", "HEAD", "OPTIONS"][round % 5];
        let mut builder = Request::builder().method(method).uri(path);
        let mut origins: Vec<Vec<u8>> = Vec::new();
        for _ in 0..(random.next() % 3) {
            let bytes = random.bytes(origin_pieces);
            if let Ok(value) = HeaderValue::from_bytes(&bytes) {
                builder = builder.header("origin", value);
                origins.push(bytes);
            }
        }
        if let Ok(value) = HeaderValue::from_bytes(&random.bytes(method_pieces)) {
            builder = builder.header("access-control-request-method", value);
        }
        if let Ok(value) = HeaderValue::from_bytes(&random.bytes(header_pieces)) {
            builder = builder.header("access-control-request-headers", value);
        }
        let response = send(&app, builder.body(Body::empty()).unwrap()).await;
        assert!(
            response.status().as_u16() < 500,
            "round {round}: {}",
            response.status()
        );
        let origins: Vec<&[u8]> = origins.iter().map(Vec::as_slice).collect();
        assert_answer_invariants(&origins, response.headers(), &ALLOWED, path == "/public");
    }
}

#[tokio::test]
async fn a_long_static_list_matches_exactly() {
    for origin in ["https://site0.example.com", "https://site19.example.com"] {
        let response = send(
            &app(),
            request("GET", "/many")
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
        &b"https://site20.example.com"[..],
        b"https://site1.example.com.evil.net",
        b"https://site1.example.com:443",
        b"https://site1.example.com\xff",
        b"null",
    ] {
        let response = send(
            &app(),
            request("GET", "/many")
                .header("origin", HeaderValue::from_bytes(origin).unwrap())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_no_cors_headers(response.headers());
    }
}

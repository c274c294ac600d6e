//! `cors_runtime::testing`: the browser model predicts, for one `fetch()`,
//! what a browser decides, against `#[cors]` routers, a tower-http
//! `CorsLayer` router and plain services that answer CORS headers by hand.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use cors_runtime::routing::{get, post};
use cors_runtime::testing::{Browser, CorsCheckFailure, Engine, Refusal, Summary};
use cors_runtime::{cors, CorsRouterExt};
use tower_http::cors::{Any, CorsLayer};

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example.net";
/// Where the kit sends relative URIs by default.
const API: &str = "https://api.example.com";

fn get_req(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

fn put_json(path: &str) -> Request<Body> {
    Request::put(path)
        .header("content-type", "application/json")
        .body(Body::from(r#"{"n":1}"#))
        .unwrap()
}

// ---------------------------------------------------------------- #[cors] app

#[cors(
    origins = ["https://app.example.com"],
    methods = "GET,PUT",
    credentials,
    allow_headers = ["content-type"],
    expose_headers = ["x-total"],
    max_age = 600,
)]
async fn list_items(headers: HeaderMap) -> impl IntoResponse {
    let cookie = headers
        .get("cookie")
        .map_or("none", |v| v.to_str().unwrap_or("?"))
        .to_owned();
    ([("x-total", "3"), ("x-hidden", "secret")], cookie)
}

#[cors(
    origins = ["https://app.example.com"],
    methods = "GET,PUT",
    credentials,
    allow_headers = ["content-type"],
    expose_headers = ["x-total"],
    max_age = 600,
)]
async fn replace_items(body: String) -> impl IntoResponse {
    ([("x-total", "1")], body)
}

#[cors(origins = ["https://app.example.com"])]
async fn submit(body: String) -> String {
    format!("got {body}")
}

#[cors(origins = "*", expose_headers = ["x-total"])]
async fn public() -> impl IntoResponse {
    ([("x-total", "7"), ("x-hidden", "no")], "public")
}

#[cors(origins = ["https://app.example.com"], allow_headers = "*")]
async fn any_header() -> &'static str {
    "any header"
}

fn cors_app() -> Router {
    Router::new()
        .cors_route("/items", get(list_items).put(replace_items))
        .cors_route("/submit", post(submit))
        .cors_route("/public", get(public))
        .cors_route("/any-header", get(any_header))
}

#[tokio::test]
async fn simple_get_from_a_listed_origin_reads_safelisted_and_exposed_headers_only() {
    let app = cors_app();
    let mut browser = Browser::at(APP);
    let outcome = browser.fetch(&app, get_req("/items")).await;
    assert!(outcome.allowed(), "{:?}", outcome.reason());
    assert!(
        !outcome.preflight_sent(),
        "a GET without custom headers is simple"
    );
    assert_eq!(outcome.status(), Some(StatusCode::OK));
    assert_eq!(outcome.readable_header("x-total"), Some("3"), "exposed");
    assert_eq!(
        outcome.readable_header("X-Total"),
        Some("3"),
        "names in any case"
    );
    assert_eq!(
        outcome.readable_header("x-hidden"),
        None,
        "sent but not exposed"
    );
    assert!(
        outcome
            .actual()
            .unwrap()
            .response_headers()
            .contains_key("x-hidden"),
        "the server did send it"
    );
    assert_eq!(
        outcome.readable_header("content-type"),
        Some("text/plain; charset=utf-8"),
        "safelisted"
    );
    assert_eq!(outcome.text(), "none", "no cookie without credentials");
}

#[tokio::test]
async fn simple_get_from_another_origin_is_blocked_after_the_handler_ran() {
    let app = cors_app();
    let mut browser = Browser::at(EVIL);
    let outcome = browser.fetch(&app, get_req("/items")).await;
    assert!(outcome.blocked());
    assert_eq!(outcome.reason(), Some("no Access-Control-Allow-Origin"));
    assert_eq!(
        outcome.refusal(),
        Some(&Refusal::CorsCheck(CorsCheckFailure::NoAllowOrigin))
    );
    assert_eq!(outcome.status(), None);
    assert!(outcome.readable_headers().is_empty() && outcome.body().is_empty());
    let actual = outcome
        .actual()
        .expect("a simple request reaches the server");
    assert_eq!(
        actual.status(),
        StatusCode::OK,
        "the handler ran: CORS protects the reading, not the server"
    );
    assert_eq!(actual.request_header("origin").as_deref(), Some(EVIL));
    assert_eq!(
        actual.request_header("sec-fetch-site").as_deref(),
        Some("cross-site")
    );
}

#[tokio::test]
async fn simple_post_text_plain_needs_no_preflight_but_json_does() {
    let app = cors_app();
    let mut browser = Browser::at(APP);
    let text = Request::post("/submit")
        .header("content-type", "text/plain;charset=UTF-8")
        .body(Body::from("hi"))
        .unwrap();
    let outcome = browser.fetch(&app, text).await;
    assert!(
        outcome.allowed() && !outcome.preflight_sent(),
        "{:?}",
        outcome.reason()
    );
    assert_eq!(outcome.text(), "got hi");

    let json = Request::post("/submit")
        .header("content-type", "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let outcome = browser.fetch(&app, json).await;
    assert!(
        outcome.preflight_sent(),
        "application/json is not a safelisted content-type"
    );
    let preflight = outcome.preflight().unwrap();
    assert_eq!(
        preflight
            .request_header("access-control-request-method")
            .as_deref(),
        Some("POST")
    );
    assert_eq!(
        preflight
            .request_header("access-control-request-headers")
            .as_deref(),
        Some("content-type")
    );

    let custom = Request::post("/submit")
        .header("X-Request-Id", "1")
        .header("x-b", "2")
        .body(Body::from("hi"))
        .unwrap();
    let outcome = browser.fetch(&app, custom).await;
    assert_eq!(
        outcome
            .preflight()
            .unwrap()
            .request_header("access-control-request-headers")
            .as_deref(),
        Some("x-b,x-request-id"),
        "lower case, sorted, no space"
    );
    assert_eq!(
        outcome.reason(),
        Some("preflight refused (403)"),
        "/submit allows no extra header"
    );
    assert!(
        outcome.actual().is_none(),
        "a refused preflight stops the request"
    );
}

#[tokio::test]
async fn preflighted_put_with_json_and_credentials() {
    let app = cors_app();
    let mut browser = Browser::at(APP);
    let outcome = browser
        .fetch(&app, put_json("/items"))
        .credentials(true)
        .cookie("session=abc")
        .await;
    assert!(outcome.allowed(), "{:?}", outcome.reason());
    assert!(outcome.preflight_sent());
    assert_eq!(outcome.readable_header("x-total"), Some("1"));
    assert_eq!(outcome.text(), r#"{"n":1}"#);

    let preflight = outcome.preflight().unwrap();
    assert_eq!(preflight.method(), Method::OPTIONS);
    assert_eq!(preflight.uri(), "/items");
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(preflight.request_header("origin").as_deref(), Some(APP));
    assert_eq!(
        preflight
            .request_header("access-control-request-method")
            .as_deref(),
        Some("PUT")
    );
    assert_eq!(
        preflight
            .request_header("access-control-request-headers")
            .as_deref(),
        Some("content-type")
    );
    assert_eq!(
        preflight.request_header("host").as_deref(),
        Some("api.example.com")
    );
    assert_eq!(
        preflight.request_header("cookie"),
        None,
        "preflights carry no credentials"
    );
    let actual = outcome.actual().unwrap();
    assert_eq!(
        actual.request_header("cookie").as_deref(),
        Some("session=abc")
    );
    assert_eq!(
        actual.request_header("sec-fetch-site").as_deref(),
        Some("same-site"),
        "app. and api.example.com"
    );
}

#[tokio::test]
async fn put_from_another_origin_stops_at_the_preflight() {
    let app = cors_app();
    let mut browser = Browser::at(EVIL);
    let outcome = browser
        .fetch(&app, put_json("/items"))
        .credentials(true)
        .await;
    assert_eq!(outcome.reason(), Some("preflight refused (403)"));
    assert_eq!(outcome.refusal(), Some(&Refusal::PreflightStatus(403)));
    assert!(outcome.actual().is_none(), "the PUT handler never ran");
}

#[tokio::test]
async fn credentials_with_a_wildcard_origin_are_refused() {
    let app = cors_app();
    let mut browser = Browser::at(APP);
    let without = browser.fetch(&app, get_req("/public")).await;
    assert!(without.allowed(), "{:?}", without.reason());
    assert_eq!(without.readable_header("x-total"), Some("7"));
    assert_eq!(without.readable_header("x-hidden"), None);

    let with = browser
        .fetch(&app, get_req("/public"))
        .credentials(true)
        .await;
    assert!(with.blocked());
    assert_eq!(
        with.refusal(),
        Some(&Refusal::CorsCheck(
            CorsCheckFailure::WildcardWithCredentials
        ))
    );
    assert_eq!(
        with.reason(),
        Some("Access-Control-Allow-Origin `*` with credentials")
    );
}

#[tokio::test]
async fn preflight_cache_hits_until_max_age_then_expires() {
    let app = cors_app();
    let mut browser = Browser::at(APP);
    let first = browser
        .fetch(&app, put_json("/items"))
        .credentials(true)
        .await;
    assert!(first.allowed() && first.preflight_sent());
    let granted = |name: &str| {
        let value = first.preflight().unwrap().response_headers()[name]
            .to_str()
            .unwrap()
            .to_owned();
        value.split(',').count()
    };
    let grants = granted("access-control-allow-methods") + granted("access-control-allow-headers");
    assert_eq!(
        browser.cached_preflight_grants(),
        grants,
        "each allowed method and header, for 600 s"
    );

    browser.advance(Duration::from_secs(599));
    let cached = browser
        .fetch(&app, put_json("/items"))
        .credentials(true)
        .await;
    assert!(cached.allowed());
    assert!(
        !cached.preflight_sent() && cached.preflight_cached(),
        "max_age = 600 still covers it"
    );

    let other_query = browser
        .fetch(&app, put_json("/items?page=2"))
        .credentials(true)
        .await;
    assert!(
        other_query.preflight_sent(),
        "the cache is per URL, query included"
    );

    browser.advance(Duration::from_secs(1));
    let expired = browser
        .fetch(&app, put_json("/items"))
        .credentials(true)
        .await;
    assert!(
        expired.allowed() && expired.preflight_sent(),
        "600 s later the entry is gone"
    );
}

#[tokio::test]
async fn a_preflight_without_credentials_does_not_serve_one_with() {
    let app = cors_app();
    let mut browser = Browser::at(APP);
    assert!(browser
        .fetch(&app, put_json("/items"))
        .await
        .preflight_sent());
    assert!(!browser
        .fetch(&app, put_json("/items"))
        .await
        .preflight_sent());
    let credentialed = browser
        .fetch(&app, put_json("/items"))
        .credentials(true)
        .await;
    assert!(
        credentialed.preflight_sent(),
        "cache entries keep the credentials mode"
    );
}

#[tokio::test]
async fn wildcard_allow_headers_never_covers_authorization() {
    let app = cors_app();
    let mut browser = Browser::at(APP);
    let custom = Request::get("/any-header")
        .header("x-request-id", "7")
        .body(Body::empty())
        .unwrap();
    let outcome = browser.fetch(&app, custom).await;
    assert!(
        outcome.allowed() && outcome.preflight_sent(),
        "{:?}",
        outcome.reason()
    );

    let auth = Request::get("/any-header")
        .header("authorization", "Bearer t")
        .body(Body::empty())
        .unwrap();
    let outcome = browser.fetch(&app, auth).await;
    assert!(outcome.blocked());
    assert!(
        outcome.preflight_sent(),
        "the cached `*` does not cover authorization either"
    );
    assert_eq!(
        outcome
            .preflight()
            .unwrap()
            .request_header("access-control-request-headers")
            .as_deref(),
        Some("authorization")
    );
}

#[tokio::test]
async fn same_origin_requests_do_no_cors() {
    let app = cors_app();
    let mut browser = Browser::at(API);
    let outcome = browser.fetch(&app, put_json("/items")).await;
    assert!(!outcome.cross_origin());
    assert!(outcome.allowed() && !outcome.preflight_sent());
    assert_eq!(outcome.readable_header("x-total"), Some("1"));
    assert_eq!(
        outcome
            .actual()
            .unwrap()
            .request_header("origin")
            .as_deref(),
        Some(API),
        "a PUT carries Origin"
    );
    let get = browser.fetch(&app, get_req("/items")).await;
    assert_eq!(
        get.readable_header("x-hidden"),
        Some("secret"),
        "same origin reads every header"
    );
    assert_eq!(
        get.actual().unwrap().request_header("origin"),
        None,
        "a same-origin GET has no Origin"
    );
}

#[tokio::test]
async fn headers_a_page_cannot_set_are_dropped() {
    let app = cors_app();
    let mut browser = Browser::at(APP);
    let request = Request::get("/items")
        .header("cookie", "session=forged")
        .header("origin", EVIL)
        .body(Body::empty())
        .unwrap();
    let outcome = browser.fetch(&app, request).credentials(true).await;
    assert_eq!(outcome.ignored_request_headers(), ["cookie", "origin"]);
    assert!(
        outcome.allowed(),
        "Origin is the page's, not the forged one: {:?}",
        outcome.reason()
    );
    assert_eq!(
        outcome.text(),
        "none",
        "the forged cookie never reached the server"
    );
}

#[tokio::test]
async fn the_summary_is_what_a_page_observes() {
    let app = cors_app();
    let mut browser = Browser::at(APP);
    let outcome = browser.fetch(&app, get_req("/public")).await;
    let expected = Summary {
        allowed: true,
        preflight_sent: false,
        status: Some(200),
        readable_headers: BTreeMap::from([
            ("content-length".to_owned(), "6".to_owned()),
            (
                "content-type".to_owned(),
                "text/plain; charset=utf-8".to_owned(),
            ),
            ("x-total".to_owned(), "7".to_owned()),
        ]),
    };
    assert_eq!(outcome.summary(), expected);
    assert_eq!(
        expected.to_string(),
        "allowed 200, no preflight, readable: content-length content-type x-total"
    );
    let blocked = Browser::at(EVIL)
        .fetch(&app, get_req("/items"))
        .await
        .summary();
    assert_eq!(
        blocked,
        Summary {
            allowed: false,
            preflight_sent: false,
            status: None,
            readable_headers: BTreeMap::new()
        }
    );
}

// ------------------------------------------------------------ tower-http app

async fn items_plain() -> impl IntoResponse {
    ([("x-total", "3"), ("x-hidden", "secret")], "[1,2,3]")
}

fn tower_http_app() -> Router {
    let cors = CorsLayer::new()
        .allow_origin(HeaderValue::from_static(APP))
        .allow_methods([Method::GET, Method::PUT])
        .allow_headers([header::CONTENT_TYPE])
        .expose_headers([HeaderName::from_static("x-total")])
        .allow_credentials(true)
        .max_age(Duration::from_secs(3600));
    Router::new()
        .route(
            "/items",
            axum::routing::get(items_plain)
                .put(items_plain)
                .delete(items_plain),
        )
        .layer(cors)
}

#[tokio::test]
async fn tower_http_simple_requests() {
    let app = tower_http_app();
    let outcome = Browser::at(APP)
        .fetch(&app, get_req("/items"))
        .credentials(true)
        .await;
    assert!(outcome.allowed(), "{:?}", outcome.reason());
    assert_eq!(outcome.readable_header("x-total"), Some("3"));
    assert_eq!(outcome.readable_header("x-hidden"), None);

    // tower-http sends its one configured origin to everyone: the browser refuses the mismatch.
    let outcome = Browser::at(EVIL).fetch(&app, get_req("/items")).await;
    assert!(outcome.blocked());
    assert_eq!(
        outcome.refusal(),
        Some(&Refusal::CorsCheck(CorsCheckFailure::OriginMismatch {
            allowed: APP.to_owned()
        }))
    );
}

#[tokio::test]
async fn tower_http_preflights_method_checks_and_engine_caps() {
    let app = tower_http_app();
    let mut chromium = Browser::at(APP).engine(Engine::Chromium);
    let outcome = chromium
        .fetch(&app, put_json("/items"))
        .credentials(true)
        .await;
    assert!(
        outcome.allowed() && outcome.preflight_sent(),
        "{:?}",
        outcome.reason()
    );
    assert_eq!(
        outcome.preflight().unwrap().status(),
        StatusCode::OK,
        "tower-http answers 200"
    );

    let delete = Request::delete("/items").body(Body::empty()).unwrap();
    let outcome = chromium.fetch(&app, delete).credentials(true).await;
    assert_eq!(
        outcome.reason(),
        Some("preflight: DELETE not in Access-Control-Allow-Methods")
    );
    assert!(outcome.actual().is_none());

    // max_age 3600: Chromium (cap 7200) still has it after 3599 s, WebKit (cap 600) not after 600.
    chromium.advance(Duration::from_secs(3599));
    assert!(chromium
        .fetch(&app, put_json("/items"))
        .credentials(true)
        .await
        .preflight_cached());
    let mut webkit = Browser::at(APP).engine(Engine::WebKit);
    assert!(webkit
        .fetch(&app, put_json("/items"))
        .credentials(true)
        .await
        .preflight_sent());
    webkit.advance(Duration::from_secs(599));
    assert!(webkit
        .fetch(&app, put_json("/items"))
        .credentials(true)
        .await
        .preflight_cached());
    webkit.advance(Duration::from_secs(1));
    assert!(webkit
        .fetch(&app, put_json("/items"))
        .credentials(true)
        .await
        .preflight_sent());
}

#[tokio::test]
async fn tower_http_wildcard_headers_and_authorization() {
    let app = Router::new()
        .route("/items", axum::routing::get(items_plain))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_headers(Any)
                .expose_headers(Any),
        );
    let mut browser = Browser::at(APP);
    let custom = Request::get("/items")
        .header("x-request-id", "1")
        .body(Body::empty())
        .unwrap();
    let outcome = browser.fetch(&app, custom).await;
    assert!(outcome.allowed(), "{:?}", outcome.reason());
    assert_eq!(
        outcome.readable_header("x-hidden"),
        Some("secret"),
        "expose `*` without credentials: all"
    );

    let auth = Request::get("/items")
        .header("authorization", "Bearer t")
        .body(Body::empty())
        .unwrap();
    let outcome = browser.fetch(&app, auth).await;
    assert_eq!(
        outcome.preflight().unwrap().status(),
        StatusCode::OK,
        "the server agreed with `*`"
    );
    assert!(
        outcome.blocked(),
        "but a browser never lets `*` cover authorization"
    );
    assert_eq!(
        outcome.reason(),
        Some("preflight: authorization not in Access-Control-Allow-Headers (`*` never covers Authorization)")
    );
}

#[tokio::test]
async fn a_router_whose_cors_layer_was_dropped_is_caught() {
    let refactored = Router::new().route("/items", axum::routing::get(items_plain));
    let outcome = Browser::at(APP).fetch(&refactored, get_req("/items")).await;
    assert_eq!(outcome.reason(), Some("no Access-Control-Allow-Origin"));
}

// ------------------------------------------- services answering by hand

/// A hand-written (wrong) policy: `*` together with credentials.
fn hand_written_app() -> Router {
    async fn handler() -> impl IntoResponse {
        (
            [
                ("access-control-allow-origin", "*"),
                ("access-control-allow-credentials", "true"),
                ("access-control-allow-methods", "*"),
                ("access-control-allow-headers", "*"),
                ("access-control-max-age", "60"),
            ],
            "ok",
        )
    }
    Router::new().route(
        "/",
        axum::routing::get(handler).put(handler).options(handler),
    )
}

#[tokio::test]
async fn wildcards_count_only_without_credentials() {
    let app = hand_written_app();
    let mut browser = Browser::at(APP);
    let put = || {
        Request::put("/")
            .header("x-custom", "1")
            .body(Body::empty())
            .unwrap()
    };
    let outcome = browser.fetch(&app, put()).await;
    assert!(
        outcome.allowed(),
        "without credentials `*` allows any method and header: {:?}",
        outcome.reason()
    );

    let outcome = browser.fetch(&app, put()).credentials(true).await;
    assert_eq!(
        outcome.reason(),
        Some("preflight: Access-Control-Allow-Origin `*` with credentials")
    );
}

#[tokio::test]
async fn upper_case_true_is_not_true() {
    async fn handler() -> impl IntoResponse {
        (
            [
                ("access-control-allow-origin", APP),
                ("access-control-allow-credentials", "TRUE"),
            ],
            "ok",
        )
    }
    let app = Router::new().route("/", axum::routing::get(handler));
    let outcome = Browser::at(APP)
        .fetch(&app, get_req("/"))
        .credentials(true)
        .await;
    assert_eq!(
        outcome.reason(),
        Some("Access-Control-Allow-Credentials `TRUE` is not `true`")
    );
    let without = Browser::at(APP).fetch(&app, get_req("/")).await;
    assert!(
        without.allowed(),
        "ACAC is only read for requests with credentials"
    );
}

#[tokio::test]
async fn a_real_clock_lets_wall_time_expire_the_cache() {
    async fn handler() -> impl IntoResponse {
        (
            [
                ("access-control-allow-origin", APP),
                ("access-control-allow-methods", "PUT"),
                ("access-control-allow-headers", "content-type"),
                ("access-control-max-age", "1"),
            ],
            "ok",
        )
    }
    let app = Router::new().route("/", axum::routing::put(handler).options(handler));
    let mut test_clock = Browser::at(APP);
    let mut real_clock = Browser::at(APP).real_clock();
    for browser in [&mut test_clock, &mut real_clock] {
        assert!(browser.fetch(&app, put_json("/")).await.preflight_sent());
    }
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(
        test_clock
            .fetch(&app, put_json("/"))
            .await
            .preflight_cached(),
        "only advance() moves it"
    );
    assert!(
        real_clock.fetch(&app, put_json("/")).await.preflight_sent(),
        "1 s passed"
    );
}

#[tokio::test]
async fn an_absolute_uri_names_its_own_origin() {
    let app = cors_app();
    let mut browser = Browser::at(APP);
    let own = browser
        .fetch(&app, put_json("https://app.example.com/items"))
        .await;
    assert!(!own.cross_origin() && !own.preflight_sent() && own.allowed());
    assert_eq!(
        own.actual().unwrap().request_header("host").as_deref(),
        Some("app.example.com")
    );
    assert_eq!(
        own.actual().unwrap().uri(),
        "/items",
        "the server gets the path, as over HTTP/1.1"
    );

    let other = browser
        .fetch(&app, put_json("http://api.example.com:8080/items"))
        .await;
    assert!(other.cross_origin() && other.preflight_sent());
    assert_eq!(
        other.preflight().unwrap().request_header("host").as_deref(),
        Some("api.example.com:8080")
    );
    assert_eq!(
        other
            .actual()
            .unwrap()
            .request_header("sec-fetch-site")
            .as_deref(),
        Some("cross-site"),
        "http is another site than https"
    );
}

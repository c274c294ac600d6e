//! SPEC §7: one compile-checked policy for a whole router (`cors_layer!`),
//! overridden per route; §8 `preflight_status`, `block_refused` and the
//! WebSocket gate under a layer.

mod common;

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{Request, Response, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use common::*;
use cors_runtime::routing::get;
use cors_runtime::{cors, cors_layer, cors_policy, CorsRouterExt, PolicyLevel};
use tower::{ServiceBuilder, ServiceExt};

cors_policy! { API, origins = ["https://app.example.com", "http://localhost:3000"], credentials,
allow_headers = ["content-type"], expose_headers = ["x-total"], max_age = 600 }

/// Counts every handler run, so a test can say a handler never ran.
#[derive(Clone, Default)]
struct Runs(Arc<AtomicUsize>);

impl Runs {
    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

async fn plain(State(runs): State<Runs>) -> impl IntoResponse {
    runs.0.fetch_add(1, Ordering::SeqCst);
    ([("x-total", "3"), ("vary", "accept-encoding")], "plain")
}

async fn plain_options(State(runs): State<Runs>) -> &'static str {
    runs.0.fetch_add(1, Ordering::SeqCst);
    "user options"
}

async fn numbered(State(runs): State<Runs>, Path(id): Path<u32>) -> String {
    runs.0.fetch_add(1, Ordering::SeqCst);
    id.to_string()
}

#[cors(origins = "*")]
async fn public(State(runs): State<Runs>) -> &'static str {
    runs.0.fetch_add(1, Ordering::SeqCst);
    "public"
}

#[cors(origins = ["https://app.example.com"], methods = "GET,DELETE")]
async fn strict(State(runs): State<Runs>) -> &'static str {
    runs.0.fetch_add(1, Ordering::SeqCst);
    "strict"
}

#[cors(disabled)]
async fn internal(State(runs): State<Runs>) -> &'static str {
    runs.0.fetch_add(1, Ordering::SeqCst);
    "internal"
}

#[cors(origins = ["https://app.example.com"], preflight_status = 200)]
async fn old_browsers() -> &'static str {
    "old"
}

async fn not_found() -> (StatusCode, &'static str) {
    (StatusCode::NOT_FOUND, "nothing here")
}

/// The seed's shape: plain routes, a nested router and a fallback under one
/// layer, overrides registered after it.
fn app(runs: &Runs) -> Router {
    let v2 = Router::new().route("/items/{id}", axum::routing::get(numbered));
    Router::new()
        .route(
            "/api/data",
            axum::routing::get(plain).put(plain).options(plain_options),
        )
        .route("/api/any", axum::routing::any(plain))
        .nest("/v2", v2)
        .fallback(not_found)
        .layer(cors_layer!(API))
        .cors_route("/api/public", get(public))
        .cors_route("/internal", get(internal))
        .with_state(runs.clone())
}

/// The same overrides registered before the layer (inside it).
fn app_overrides_inside(runs: &Runs) -> Router {
    Router::new()
        .route("/api/data", axum::routing::get(plain).put(plain))
        .cors_route("/api/strict", get(strict).delete(strict))
        .cors_route("/internal", get(internal))
        .layer(cors_layer!(API))
        .with_state(runs.clone())
}

fn get_from(path: &str, origin: &str) -> Request<Body> {
    request("GET", path)
        .header("origin", origin)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn plain_routes_get_the_layer_policy() {
    let runs = Runs::default();
    let response = send(&app(&runs), get_from("/api/data", APP)).await;
    let h = response.headers();
    assert_eq!(header(h, "access-control-allow-origin"), Some(APP));
    assert_eq!(header(h, "access-control-allow-credentials"), Some("true"));
    assert_eq!(header(h, "access-control-expose-headers"), Some("x-total"));
    assert_eq!(vary(h), ["accept-encoding", "origin"]);
    assert_invariants(h, &[APP, LOCAL]);

    let refused = send(&app(&runs), get_from("/api/data", EVIL)).await;
    assert_no_cors_headers(refused.headers());
    assert_eq!(vary(refused.headers()), ["accept-encoding", "origin"]);
    assert_eq!(
        runs.count(),
        2,
        "CORS alone lets a refused origin's GET run the handler"
    );
}

#[tokio::test]
async fn every_preflight_is_answered_without_running_a_handler() {
    let runs = Runs::default();
    for path in ["/api/data", "/api/any", "/v2/items/7", "/no/such/path"] {
        let response = send(
            &app(&runs),
            preflight(path, APP, "PUT")
                .header("access-control-request-headers", "content-type")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(response.status(), 204, "{path}");
        let h = response.headers();
        assert_eq!(
            header(h, "access-control-allow-origin"),
            Some(APP),
            "{path}"
        );
        assert_eq!(
            header(h, "access-control-allow-methods"),
            Some("GET,HEAD,PUT,PATCH,POST,DELETE"),
            "{path}"
        );
        assert_eq!(header(h, "access-control-max-age"), Some("600"), "{path}");
        assert_eq!(vary(h), ["origin"], "{path}");

        let refused = send(
            &app(&runs),
            preflight(path, EVIL, "PUT").body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(refused.status(), 403, "{path}");
        assert_no_cors_headers(refused.headers());
    }
    assert_eq!(
        runs.count(),
        0,
        "a preflight ran a handler (the user's OPTIONS or any())"
    );
}

#[tokio::test]
async fn methods_left_out_mean_the_seeds_list() {
    let runs = Runs::default();
    let allowed = send(
        &app(&runs),
        preflight("/api/data", APP, "PATCH")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(allowed.status(), 204);
    let refused = send(
        &app(&runs),
        preflight("/api/data", APP, "PROPFIND")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn a_non_preflight_options_reaches_the_users_handler() {
    let runs = Runs::default();
    let response = send(
        &app(&runs),
        request("OPTIONS", "/api/data")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(body_text(response).await, "user options");
    assert_eq!(runs.count(), 1);
}

#[tokio::test]
async fn nested_routes_the_fallback_405s_and_rejections_are_decorated() {
    let runs = Runs::default();
    let nested = send(&app(&runs), get_from("/v2/items/7", APP)).await;
    assert_eq!(
        header(nested.headers(), "access-control-allow-origin"),
        Some(APP)
    );

    let missing = send(&app(&runs), get_from("/no/such/path", APP)).await;
    assert_eq!(missing.status(), 404);
    assert_eq!(
        header(missing.headers(), "access-control-allow-origin"),
        Some(APP)
    );

    let not_allowed = send(
        &app(&runs),
        request("DELETE", "/api/data")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(not_allowed.status(), 405);
    assert_eq!(
        header(not_allowed.headers(), "access-control-allow-origin"),
        Some(APP)
    );

    let rejected = send(&app(&runs), get_from("/v2/items/not-a-number", APP)).await;
    assert_eq!(rejected.status(), 400);
    assert_eq!(
        header(rejected.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    assert_eq!(vary(rejected.headers()), ["origin"]);
}

#[tokio::test]
async fn a_layer_around_any_service() {
    let service = ServiceBuilder::new()
        .layer(cors_layer!(origins = ["https://app.example.com"]))
        .service(tower::service_fn(|_request: Request<Body>| async {
            Ok::<_, Infallible>(Response::new(Body::from("from a plain service")))
        }));
    let allowed = service
        .clone()
        .oneshot(get_from("/file.txt", APP))
        .await
        .unwrap();
    assert_eq!(
        header(allowed.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    let preflight_answer = service
        .oneshot(
            preflight("/file.txt", APP, "GET")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(preflight_answer.status(), 204);
}

#[tokio::test]
async fn a_route_after_the_layer_answers_with_its_own_policy_alone() {
    let runs = Runs::default();
    let preflight_answer = send(
        &app(&runs),
        preflight("/api/public", EVIL, "GET")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(preflight_answer.status(), 204);
    assert_eq!(
        header(preflight_answer.headers(), "access-control-allow-origin"),
        Some("*")
    );
    assert_eq!(
        header(
            preflight_answer.headers(),
            "access-control-allow-credentials"
        ),
        None
    );
    assert_eq!(
        header(preflight_answer.headers(), "access-control-max-age"),
        None,
        "the layer added its max_age"
    );

    let actual = send(&app(&runs), get_from("/api/public", APP)).await;
    let h = actual.headers();
    assert_eq!(header(h, "access-control-allow-origin"), Some("*"));
    assert_eq!(header(h, "access-control-allow-credentials"), None);
    assert_eq!(header(h, "access-control-expose-headers"), None);
    assert!(vary(h).is_empty(), "{h:?}");
}

#[tokio::test]
async fn disabled_means_no_cors_at_all() {
    let runs = Runs::default();
    let actual = send(&app(&runs), get_from("/internal", APP)).await;
    assert_eq!(
        body_text_of(actual, assert_no_cors_headers).await,
        "internal"
    );
    let refused = send(
        &app(&runs),
        preflight("/internal", APP, "GET")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(refused.status(), 403);
    assert_no_cors_headers(refused.headers());
}

#[tokio::test]
async fn a_route_inside_the_layer_decides_its_actual_responses_and_the_layer_adds_nothing() {
    let runs = Runs::default();
    // LOCAL is allowed by the layer, not by `strict`.
    let response = send(&app_overrides_inside(&runs), get_from("/api/strict", LOCAL)).await;
    assert_no_cors_headers(response.headers());
    assert_eq!(vary(response.headers()), ["origin"], "each Vary value once");

    let allowed = send(&app_overrides_inside(&runs), get_from("/api/strict", APP)).await;
    let h = allowed.headers();
    assert_eq!(header(h, "access-control-allow-origin"), Some(APP));
    assert_eq!(
        header(h, "access-control-allow-credentials"),
        None,
        "the layer's credentials leaked in"
    );
    assert_eq!(
        header(h, "access-control-expose-headers"),
        None,
        "the layer's expose_headers leaked in"
    );
    assert_eq!(vary(h), ["origin"]);

    let disabled = send(&app_overrides_inside(&runs), get_from("/internal", APP)).await;
    assert_no_cors_headers(disabled.headers());
    assert!(vary(disabled.headers()).is_empty());
}

#[tokio::test]
async fn the_layers_looser_preflight_never_carries_an_unsafe_request_to_a_stricter_route() {
    let runs = Runs::default();
    // The layer answers the preflight (LOCAL is in API)...
    let preflight_answer = send(
        &app_overrides_inside(&runs),
        preflight("/api/strict", LOCAL, "DELETE")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(preflight_answer.status(), 204);
    // ...but `strict` refuses LOCAL: the DELETE is stopped before its handler.
    let delete = send(
        &app_overrides_inside(&runs),
        request("DELETE", "/api/strict")
            .header("origin", LOCAL)
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(delete.status(), 403);
    assert_no_cors_headers(delete.headers());
    let disabled = send(
        &app_overrides_inside(&runs),
        request("POST", "/internal")
            .header("origin", APP)
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(disabled.status(), 405, "POST is not served by /internal");
    assert_eq!(runs.count(), 0);

    // An allowed origin's DELETE goes through.
    let allowed = send(
        &app_overrides_inside(&runs),
        request("DELETE", "/api/strict")
            .header("origin", APP)
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(allowed.status(), 200);
    assert_eq!(runs.count(), 1);
}

#[tokio::test]
async fn a_nested_routers_own_layer_wins_over_the_outer_one() {
    let runs = Runs::default();
    let v2 = Router::new()
        .route("/items/{id}", axum::routing::get(numbered))
        .layer(cors_layer!(origins = ["https://partner.example"]));
    let app = Router::new()
        .nest("/v2", v2)
        .layer(cors_layer!(API))
        .with_state(runs.clone());
    let partner = send(&app, get_from("/v2/items/1", "https://partner.example")).await;
    assert_eq!(
        header(partner.headers(), "access-control-allow-origin"),
        Some("https://partner.example")
    );
    assert_eq!(
        header(partner.headers(), "access-control-allow-credentials"),
        None
    );
    assert_eq!(vary(partner.headers()), ["origin"]);
    let app_origin = send(&app, get_from("/v2/items/1", APP)).await;
    assert_no_cors_headers(app_origin.headers());
}

#[tokio::test]
async fn preflight_status_200_for_old_browsers() {
    let app: Router = Router::new()
        .route("/any", axum::routing::get(|| async { "x" }))
        .layer(cors_layer!(
            origins = ["https://app.example.com"],
            preflight_status = 200
        ))
        .cors_route("/old", get(old_browsers));
    for path in ["/any", "/old"] {
        let response = send(
            &app,
            preflight(path, APP, "GET").body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            header(response.headers(), "access-control-allow-origin"),
            Some(APP)
        );
    }
}

#[tokio::test]
async fn block_refused_on_a_layer() {
    let runs = Runs::default();
    let app: Router = Router::new()
        .route("/submit", axum::routing::post(plain))
        .layer(cors_layer!(API, block_refused))
        .with_state(runs.clone());
    let blocked = send(
        &app,
        request("POST", "/submit")
            .header("origin", EVIL)
            .header("content-type", "text/plain")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(blocked.status(), 403);
    assert_no_cors_headers(blocked.headers());
    assert_eq!(runs.count(), 0);
    let allowed = send(
        &app,
        request("POST", "/submit")
            .header("origin", APP)
            .header("content-type", "text/plain")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(allowed.status(), 200);
    assert_eq!(runs.count(), 1);
}

#[tokio::test]
async fn websocket_upgrades_from_refused_origins_are_stopped_under_a_layer() {
    let runs = Runs::default();
    let upgrade = |origin: Option<&str>| {
        let mut builder = request("GET", "/api/data")
            .header("connection", "upgrade")
            .header("upgrade", "websocket")
            .header("sec-websocket-version", "13")
            .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==");
        if let Some(origin) = origin {
            builder = builder.header("origin", origin);
        }
        builder.body(Body::empty()).unwrap()
    };
    let refused = send(&app(&runs), upgrade(Some(EVIL))).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(
        runs.count(),
        0,
        "the handler ran for a refused origin's upgrade"
    );
    let allowed = send(&app(&runs), upgrade(Some(APP))).await;
    assert_eq!(allowed.status(), 200);
    let no_origin = send(&app(&runs), upgrade(None)).await;
    assert_eq!(no_origin.status(), 200);
    assert_eq!(runs.count(), 2);
}

#[test]
fn the_policy_table_lists_layers_and_routes() {
    let runs = Runs::default();
    let _app = app(&runs);
    let table = cors_runtime::policy_table();
    let layer = table
        .rows()
        .iter()
        .find(|row| {
            row.level == PolicyLevel::Router
                && row.defined_at.contains("router_layer.rs")
                && row.origins == "http://localhost:3000 https://app.example.com"
        })
        .expect("the API layer's row");
    assert!(layer.credentials);
    assert_eq!(layer.methods, "GET,HEAD,PUT,PATCH,POST,DELETE");
    let disabled = table
        .rows()
        .iter()
        .find(|row| row.path == "/internal")
        .expect("the disabled route row");
    assert!(disabled.disabled);
    assert_eq!(disabled.level, PolicyLevel::Route);
}

async fn body_text_of(
    response: axum::http::Response<Body>,
    check: impl FnOnce(&axum::http::HeaderMap),
) -> String {
    check(response.headers());
    body_text(response).await
}

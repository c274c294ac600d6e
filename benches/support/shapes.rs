//! Policy shapes (issue 12): the same path and handler served without CORS
//! and under each form of policy. The path `/data` serves GET, PUT and
//! DELETE with one handler that sets two headers of its own; every policy
//! allows `https://app.example.com` with `methods = "GET,PUT,DELETE"`,
//! `credentials`, `allow_headers = ["content-type"]`,
//! `expose_headers = ["x-total"]` and `max_age = 600`, and differs only in
//! how its origins are given (or where the policy sits).

use std::time::Duration;

use axum::http::request::Parts;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::Router;
use cors_runtime::{cors, CorsRouterExt};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// What `CORS_BENCH_ORIGINS` is set to for the `env` shape.
pub const ENV_VAR: &str = "CORS_BENCH_SHAPE_ORIGINS";
pub const ENV_VALUE: &str = "https://app.example.com,http://localhost:3000";

const X_TOTAL: HeaderName = HeaderName::from_static("x-total");

pub type DataResponse = ([(HeaderName, &'static str); 2], &'static str);

fn data_response() -> DataResponse {
    ([(X_TOTAL, "3"), (header::CACHE_CONTROL, "no-store")], "ok")
}

async fn data_bare() -> DataResponse {
    data_response()
}

/// The bare handler writing, by hand, the four headers an allowed GET gets
/// from the policy (static values, as the runtime's): what a response with
/// four more headers costs in axum and `http`, before any CORS decision.
async fn data_floor() -> ([(HeaderName, HeaderValue); 4], DataResponse) {
    (
        [
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("https://app.example.com"),
            ),
            (
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            ),
            (
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("x-total"),
            ),
            (header::VARY, HeaderValue::from_static("origin")),
        ],
        data_response(),
    )
}

#[cors(
    origins = ["https://app.example.com", "http://localhost:3000"],
    methods = "GET,PUT,DELETE", credentials, allow_headers = ["content-type"],
    expose_headers = ["x-total"], max_age = 600
)]
async fn data_list() -> DataResponse {
    data_response()
}

#[cors(
    origins = ["https://*.example.com", "http://localhost:*"],
    methods = "GET,PUT,DELETE", credentials, allow_headers = ["content-type"],
    expose_headers = ["x-total"], max_age = 600
)]
async fn data_patterns() -> DataResponse {
    data_response()
}

#[cors(
    origins = env("CORS_BENCH_SHAPE_ORIGINS"),
    methods = "GET,PUT,DELETE", credentials, allow_headers = ["content-type"],
    expose_headers = ["x-total"], max_age = 600
)]
async fn data_env() -> DataResponse {
    data_response()
}

/// A check as cheap as a check can be, so the shape measures the machinery.
async fn origin_check(origin: &str, _parts: &Parts, _state: &()) -> bool {
    origin == "https://app.example.com" || origin == "http://localhost:3000"
}

#[cors(
    origins = dynamic(origin_check),
    methods = "GET,PUT,DELETE", credentials, allow_headers = ["content-type"],
    expose_headers = ["x-total"], max_age = 600
)]
async fn data_dynamic() -> DataResponse {
    data_response()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    /// The baseline: no CORS.
    Bare,
    /// The bare handler adding the same four headers itself (no decision).
    Floor,
    /// `#[cors]` with a literal list (the shape).
    List,
    Patterns,
    Env,
    Dynamic,
    /// `cors_layer!` on the bare router.
    Layer,
    /// tower-http's `CorsLayer` on the router, configured alike.
    TowerHttp,
}

impl Shape {
    pub const ALL: [Shape; 8] = [
        Shape::Bare,
        Shape::Floor,
        Shape::List,
        Shape::Patterns,
        Shape::Env,
        Shape::Dynamic,
        Shape::Layer,
        Shape::TowerHttp,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::Bare => "bare",
            Shape::Floor => "bare_plus_4_headers",
            Shape::List => "cors_list",
            Shape::Patterns => "cors_patterns",
            Shape::Env => "cors_env",
            Shape::Dynamic => "cors_dynamic",
            Shape::Layer => "cors_layer",
            Shape::TowerHttp => "tower_http_router",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Shape::Bare => "bare handler (no CORS)",
            Shape::Floor => "bare + the 4 headers by hand (floor)",
            Shape::List => "`#[cors]`, literal origins",
            Shape::Patterns => "`#[cors]`, origin patterns",
            Shape::Env => "`#[cors]`, `env(...)` origins",
            Shape::Dynamic => "`#[cors]`, `dynamic(...)` origins",
            Shape::Layer => "`cors_layer!` on the router",
            Shape::TowerHttp => "tower-http `CorsLayer` on the router",
        }
    }

    /// Has a policy (so a preflight to measure).
    pub fn is_cors(self) -> bool {
        !matches!(self, Shape::Bare | Shape::Floor)
    }

    /// Every shape's router; `env` reads `ENV_VAR`, which `main` sets first.
    pub fn app(self) -> Router {
        use cors_runtime::routing::get;
        let bare = || {
            Router::new().route(
                "/data",
                axum::routing::get(data_bare)
                    .put(data_bare)
                    .delete(data_bare),
            )
        };
        let cors = |routes| Router::new().cors_route("/data", routes).with_state(());
        match self {
            Shape::Bare => bare().with_state(()),
            Shape::Floor => Router::new()
                .route(
                    "/data",
                    axum::routing::get(data_floor)
                        .put(data_floor)
                        .delete(data_floor),
                )
                .with_state(()),
            Shape::List => cors(get(data_list).put(data_list).delete(data_list)),
            Shape::Patterns => cors(get(data_patterns).put(data_patterns).delete(data_patterns)),
            Shape::Env => cors(get(data_env).put(data_env).delete(data_env)),
            Shape::Dynamic => cors(get(data_dynamic).put(data_dynamic).delete(data_dynamic)),
            Shape::Layer => bare()
                .layer(cors_runtime::cors_layer!(
                    origins = ["https://app.example.com", "http://localhost:3000"],
                    methods = "GET,PUT,DELETE",
                    credentials,
                    allow_headers = ["content-type"],
                    expose_headers = ["x-total"],
                    max_age = 600
                ))
                .with_state(()),
            Shape::TowerHttp => bare()
                .layer(
                    CorsLayer::new()
                        .allow_origin(AllowOrigin::list([
                            HeaderValue::from_static("https://app.example.com"),
                            HeaderValue::from_static("http://localhost:3000"),
                        ]))
                        .allow_methods([Method::GET, Method::PUT, Method::DELETE])
                        .allow_credentials(true)
                        .allow_headers([header::CONTENT_TYPE])
                        .expose_headers([X_TOTAL])
                        .max_age(Duration::from_secs(600)),
                )
                .with_state(()),
        }
    }
}

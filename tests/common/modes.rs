//! Issue 9: the same app, served in each of the runtime's serving modes, so
//! that one set of assertions runs against every entry point of the
//! decision core:
//! - [`Mode::Route`]: `cors_route` with plain `#[cors]` handlers (the fast
//!   path: each handler wrapped, the path's OPTIONS and 405 answered by us);
//! - [`Mode::RouteWithLayers`]: the same handlers under a user layer that adds
//!   a header (the path handler around the user's method router);
//! - [`Mode::DynamicOrigins`]: the same policy with `origins = dynamic(check)`
//!   allowing exactly the same origins (the path handler, awaiting the check);
//! - [`Mode::RouterLayer`]: plain axum handlers under one router-wide
//!   `cors_layer!` with the same keys.
//!
//! Every mode serves `/data` (GET and PUT, one policy: [`ALLOWED`] origins,
//! credentials, `content-type`/`x-api-key` request headers, `x-total` exposed,
//! max age 600) and `/own-options` (GET and a user OPTIONS handler). The
//! handlers count their calls, the dynamic check counts its own, and the
//! handlers set `Vary: accept-encoding` so that merging is visible.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{Request, Response};
use axum::response::IntoResponse;
use axum::Json;
use axum::Router;
use cors_runtime::routing::get;
use cors_runtime::{cors, cors_layer, CorsRouterExt};

use super::{send, APP, LOCAL};

/// The origins every mode allows.
pub const ALLOWED: [&str; 2] = [APP, LOCAL];

/// Added by the user layer of [`Mode::RouteWithLayers`].
pub const LAYER_HEADER: &str = "x-user-layer";

/// A request carrying this header is answered 401 by a user layer of
/// [`Mode::RouteWithLayers`] before the handler (ignored in other modes).
pub const DENY_HEADER: &str = "x-deny";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Route,
    RouteWithLayers,
    DynamicOrigins,
    RouterLayer,
}

pub const MODES: [Mode; 4] = [
    Mode::Route,
    Mode::RouteWithLayers,
    Mode::DynamicOrigins,
    Mode::RouterLayer,
];

/// What the handlers and the origin check count.
#[derive(Clone, Default)]
pub struct Counters {
    pub handler_calls: Arc<AtomicUsize>,
    pub check_calls: Arc<AtomicUsize>,
}

/// One mode's app and its counters.
pub struct ModeApp {
    pub mode: Mode,
    pub app: Router,
    pub counters: Counters,
}

impl ModeApp {
    pub fn new(mode: Mode) -> Self {
        let counters = Counters::default();
        let app = match mode {
            Mode::Route => route_app(counters.clone()),
            Mode::RouteWithLayers => route_with_layers_app(counters.clone()),
            Mode::DynamicOrigins => dynamic_app(counters.clone()),
            Mode::RouterLayer => router_layer_app(counters.clone()),
        };
        Self {
            mode,
            app,
            counters,
        }
    }

    /// Sends one request. Asserts on the way what holds for every request in
    /// every mode: the origin check runs at most once (SPEC §6), and only in
    /// the dynamic mode.
    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        let checks_before = self.check_calls();
        let response = send(&self.app, request).await;
        let checks = self.check_calls() - checks_before;
        match self.mode {
            Mode::DynamicOrigins => assert!(
                checks <= 1,
                "{:?}: the origin check ran {checks} times",
                self.mode
            ),
            _ => assert_eq!(
                checks, 0,
                "{:?}: an origin check ran outside the dynamic mode",
                self.mode
            ),
        }
        response
    }

    pub fn handler_calls(&self) -> usize {
        self.counters.handler_calls.load(Ordering::SeqCst)
    }

    pub fn check_calls(&self) -> usize {
        self.counters.check_calls.load(Ordering::SeqCst)
    }
}

// The handlers' bodies, shared by the `#[cors]` handlers and the plain ones
// of the router-layer mode.

async fn read_body(counters: &Counters) -> impl IntoResponse {
    counters.handler_calls.fetch_add(1, Ordering::SeqCst);
    ([("vary", "accept-encoding"), ("x-total", "3")], "data")
}

async fn write_body(counters: &Counters, body: serde_json::Value) -> impl IntoResponse {
    counters.handler_calls.fetch_add(1, Ordering::SeqCst);
    Json(body)
}

async fn own_options_body(counters: &Counters) -> impl IntoResponse {
    counters.handler_calls.fetch_add(1, Ordering::SeqCst);
    "user options"
}

// Mode::Route and Mode::RouteWithLayers: a static list.

#[cors(
    origins = ["https://app.example.com", "http://localhost:3000"],
    methods = "GET,PUT",
    credentials,
    allow_headers = ["content-type", "x-api-key"],
    expose_headers = ["x-total"],
    max_age = 600
)]
async fn read(State(counters): State<Counters>) -> impl IntoResponse {
    read_body(&counters).await
}

#[cors(
    origins = ["https://app.example.com", "http://localhost:3000"],
    methods = "GET,PUT",
    credentials,
    allow_headers = ["content-type", "x-api-key"],
    expose_headers = ["x-total"],
    max_age = 600
)]
async fn write(
    State(counters): State<Counters>,
    Json(body): Json<serde_json::Value>,
) -> impl IntoResponse {
    write_body(&counters, body).await
}

#[cors(origins = ["https://app.example.com", "http://localhost:3000"], methods = "GET,OPTIONS", credentials)]
async fn own_options(State(counters): State<Counters>) -> impl IntoResponse {
    own_options_body(&counters).await
}

// Mode::DynamicOrigins: the same policy, origins decided by a check.

async fn allow_listed(origin: &str, _parts: &Parts, counters: &Counters) -> bool {
    counters.check_calls.fetch_add(1, Ordering::SeqCst);
    ALLOWED.contains(&origin)
}

#[cors(
    origins = dynamic(allow_listed),
    methods = "GET,PUT",
    credentials,
    allow_headers = ["content-type", "x-api-key"],
    expose_headers = ["x-total"],
    max_age = 600
)]
async fn read_dynamic(State(counters): State<Counters>) -> impl IntoResponse {
    read_body(&counters).await
}

#[cors(
    origins = dynamic(allow_listed),
    methods = "GET,PUT",
    credentials,
    allow_headers = ["content-type", "x-api-key"],
    expose_headers = ["x-total"],
    max_age = 600
)]
async fn write_dynamic(
    State(counters): State<Counters>,
    Json(body): Json<serde_json::Value>,
) -> impl IntoResponse {
    write_body(&counters, body).await
}

#[cors(origins = dynamic(allow_listed), methods = "GET,OPTIONS", credentials)]
async fn own_options_dynamic(State(counters): State<Counters>) -> impl IntoResponse {
    own_options_body(&counters).await
}

// Mode::RouterLayer: plain axum handlers.

async fn read_plain(State(counters): State<Counters>) -> impl IntoResponse {
    read_body(&counters).await
}

async fn write_plain(
    State(counters): State<Counters>,
    Json(body): Json<serde_json::Value>,
) -> impl IntoResponse {
    write_body(&counters, body).await
}

async fn own_options_plain(State(counters): State<Counters>) -> impl IntoResponse {
    own_options_body(&counters).await
}

fn route_app(counters: Counters) -> Router {
    Router::new()
        .cors_route("/data", get(read).put(write))
        .cors_route("/own-options", get(own_options).options(own_options))
        .with_state(counters)
}

async fn add_layer_header(mut response: axum::response::Response) -> axum::response::Response {
    response
        .headers_mut()
        .insert(LAYER_HEADER, axum::http::HeaderValue::from_static("1"));
    response
}

async fn deny_when_asked(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if request.headers().contains_key(DENY_HEADER) {
        return (
            axum::http::StatusCode::UNAUTHORIZED,
            "denied by a user layer",
        )
            .into_response();
    }
    next.run(request).await
}

fn route_with_layers_app(counters: Counters) -> Router {
    let layer = || axum::middleware::map_response(add_layer_header);
    Router::new()
        .cors_route(
            "/data",
            get(read)
                .put(write)
                .layer(axum::middleware::from_fn(deny_when_asked))
                .layer(layer()),
        )
        .cors_route(
            "/own-options",
            get(own_options).options(own_options).layer(layer()),
        )
        .with_state(counters)
}

fn dynamic_app(counters: Counters) -> Router {
    Router::new()
        .cors_route("/data", get(read_dynamic).put(write_dynamic))
        .cors_route(
            "/own-options",
            get(own_options_dynamic).options(own_options_dynamic),
        )
        .with_state(counters)
}

/// The same keys as `read`'s `#[cors]`, as one layer over plain handlers.
fn router_layer_app(counters: Counters) -> Router {
    Router::new()
        .route("/data", axum::routing::get(read_plain).put(write_plain))
        .route(
            "/own-options",
            axum::routing::get(own_options_plain).options(own_options_plain),
        )
        .layer(cors_layer!(
            origins = ["https://app.example.com", "http://localhost:3000"],
            methods = "GET,PUT",
            credentials,
            allow_headers = ["content-type", "x-api-key"],
            expose_headers = ["x-total"],
            max_age = 600
        ))
        .with_state(counters)
}

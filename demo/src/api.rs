//! The demo API, read top to bottom.
//!
//! The Express production config is ported whole, as one router-wide policy:
//!
//! ```js
//! app.use(cors({
//!   origin: ["https://www.yourfrontend.com", "https://yourfrontend.netlify.app", "http://localhost:3000"],
//!   methods: "GET,HEAD,PUT,PATCH,POST,DELETE",
//!   credentials: true,
//! }));
//! ```
//!
//! becomes `.layer(cors_layer!(EXPRESS_PRODUCTION))` over plain axum handlers
//! (`/api/data`, `/api/feedback`, the `/api/echo` WebSocket). The routes
//! registered after the layer override it with `#[cors(...)]` policies of their
//! own, each showing one more thing a policy can say; `/api/internal` opts out
//! with `#[cors(disabled)]`.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::{Json, Router};
use cors_runtime::routing::{get, post};
use cors_runtime::{cors, cors_layer, CorsRouterExt};
use serde::{Deserialize, Serialize};

/// The API's shared state: a tiny in-memory store.
#[derive(Clone, Default)]
pub struct AppState {
    store: Arc<Mutex<Store>>,
}

#[derive(Default)]
struct Store {
    message: Option<String>,
    revision: u64,
    orders: u64,
    feedback: u64,
}

impl AppState {
    fn store(&self) -> MutexGuard<'_, Store> {
        // A handler that panicked mid-update leaves plain data behind: keep serving.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What `GET /api/data` answers.
#[derive(Serialize, Deserialize)]
pub struct Data {
    pub message: String,
    pub revision: u64,
}

/// The body `PUT /api/data` takes.
#[derive(Deserialize)]
pub struct UpdateData {
    pub message: String,
}

/// The body `POST /api/orders` takes; `{"item": "tea", "qty": 2}`.
#[derive(Deserialize)]
pub struct NewOrder {
    pub item: String,
    pub qty: u32,
}

/// What `POST /api/orders` answers.
#[derive(Serialize)]
pub struct Order {
    pub id: u64,
    pub item: String,
    pub qty: u32,
}

// ---------------------------------------------------------------------------
// The router-wide policy: the Express config, plus the headers the frontend
// sends and the one response header it may read, and the seed's gatekeeper
// (`block_refused`): a refused origin's unsafe request never reaches a handler.
// ---------------------------------------------------------------------------

cors_runtime::cors_policy!(
    EXPRESS_PRODUCTION,
    origins = [
        "https://www.yourfrontend.com",
        "https://yourfrontend.netlify.app",
        "http://localhost:3000"
    ],
    methods = "GET,HEAD,PUT,PATCH,POST,DELETE",
    credentials,
    allow_headers = ["content-type", "authorization", "x-api-key"],
    expose_headers = ["x-total"],
    max_age = 600
);

/// `x-total` is exposed to the page; `x-internal` is not, so the browser hides it.
pub async fn get_data(State(state): State<AppState>) -> impl IntoResponse {
    let store = state.store();
    let data = Data {
        message: store
            .message
            .clone()
            .unwrap_or_else(|| "hello from axum".to_owned()),
        revision: store.revision,
    };
    (
        [("x-total", "3"), ("x-internal", "server-only")],
        Json(data),
    )
}

/// `PUT` with a JSON body: the browser preflights it (content type and `x-api-key`).
pub async fn put_data(State(state): State<AppState>, Json(update): Json<UpdateData>) -> Json<Data> {
    let mut store = state.store();
    store.revision += 1;
    store.message = Some(update.message.clone());
    Json(Data {
        message: update.message,
        revision: store.revision,
    })
}

/// A `text/plain` POST: no preflight, so CORS alone would let any site's page
/// reach this handler. `block_refused` answers a refused origin 403 first: the
/// count only grows for listed origins.
pub async fn post_feedback(
    State(state): State<AppState>,
    _text: String,
) -> Json<serde_json::Value> {
    let mut store = state.store();
    store.feedback += 1;
    Json(serde_json::json!({ "received": store.feedback }))
}

/// How many feedback POSTs reached the handler.
pub async fn feedback_count(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "received": state.store().feedback }))
}

/// A WebSocket echo. Browsers apply no CORS to WebSockets: the layer refuses
/// an upgrade from an origin the policy refuses (403, this handler never runs).
pub async fn echo(upgrade: WebSocketUpgrade) -> impl IntoResponse {
    upgrade.on_upgrade(echo_messages)
}

async fn echo_messages(mut socket: WebSocket) {
    while let Some(Ok(message)) = socket.recv().await {
        let reply = match message {
            Message::Text(text) => Message::Text(format!("echo: {text}").into()),
            Message::Close(_) => break,
            other => other,
        };
        if socket.send(reply).await.is_err() {
            break;
        }
    }
    // The client closes; closing right after sending makes Firefox drop the message.
}

// ---------------------------------------------------------------------------
// /api/internal: no CORS at all, whatever the layer says (ASP.NET's
// [DisableCors]): preflights refused, no CORS headers.
// ---------------------------------------------------------------------------

#[cors(disabled)]
pub async fn internal() -> &'static str {
    "internal only"
}

// ---------------------------------------------------------------------------
// /api/public: any origin may read it, but only without credentials.
// ---------------------------------------------------------------------------

#[cors(origins = "*")]
pub async fn public() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "motd": "anyone may read this" }))
}

// ---------------------------------------------------------------------------
// /api/items/{id}: one path, two policies. Anyone may GET an item; only the
// admin site may DELETE one. The preflight picks the policy by the method the
// browser asks about (Access-Control-Request-Method).
// ---------------------------------------------------------------------------

#[cors(origins = "*")]
pub async fn get_item(Path(id): Path<u32>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "id": id, "name": format!("item {id}") }))
}

#[cors(origins = ["https://admin.yourfrontend.com"], credentials, allow_headers = ["authorization"])]
pub async fn delete_item(Path(id): Path<u32>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "deleted": id }))
}

// ---------------------------------------------------------------------------
// /api/orders: a JSON body. A malformed or incomplete body is answered 400 or
// 422 by axum's `Json` extractor, and that answer carries the CORS headers
// too, so the page reads the error instead of seeing a network failure.
// ---------------------------------------------------------------------------

#[cors(
    origins = ["http://localhost:3000"],
    allow_headers = ["content-type"],
    expose_headers = ["location"],
)]
pub async fn create_order(
    State(state): State<AppState>,
    Json(order): Json<NewOrder>,
) -> impl IntoResponse {
    let id = {
        let mut store = state.store();
        store.orders += 1;
        store.orders
    };
    let location = format!("/api/orders/{id}");
    (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(Order {
            id,
            item: order.item,
            qty: order.qty,
        }),
    )
}

// ---------------------------------------------------------------------------
// /api/partner: listed origins only, and this frontend is not one of them.
// ---------------------------------------------------------------------------

#[cors(origins = ["https://partner.example.com"])]
pub async fn partner() -> &'static str {
    "partner feed"
}

// ---------------------------------------------------------------------------
// /health: a plain axum route, no CORS at all (a probe for load balancers).
// ---------------------------------------------------------------------------

pub async fn health() -> &'static str {
    "ok"
}

/// The demo API with a fresh store.
pub fn app() -> Router {
    app_with_state(AppState::default())
}

/// The demo API over `state`: plain routes under one router-wide policy,
/// then the routes with policies of their own (registered after the layer,
/// so each answers with its own policy alone), then a route with no CORS.
pub fn app_with_state(state: AppState) -> Router {
    Router::new()
        .route("/api/data", axum::routing::get(get_data).put(put_data))
        .route(
            "/api/feedback",
            axum::routing::post(post_feedback).get(feedback_count),
        )
        .route("/api/echo", axum::routing::get(echo))
        .layer(cors_layer!(EXPRESS_PRODUCTION, block_refused))
        .cors_route("/api/public", get(public))
        .cors_route("/api/items/{id}", get(get_item).delete(delete_item))
        .cors_route("/api/orders", post(create_order))
        .cors_route("/api/partner", get(partner))
        .cors_route("/api/internal", get(internal))
        .route("/health", axum::routing::get(health))
        .with_state(state)
}

//! The demo frontend: one static page and its script, served by axum from a
//! second origin. No build step: the files are plain HTML and JavaScript,
//! compiled into the binary. The page learns the API's address and its list
//! of calls from `/config.json`, a same-origin request that needs no CORS.

use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use super::calls::{Call, CALLS};
use super::FRONTEND_ORIGIN;

const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");

#[derive(Clone, Serialize)]
struct PageConfig {
    /// Where the API listens, e.g. `http://localhost:5000`.
    api: String,
    /// The origin the policies list for this frontend.
    expected_origin: &'static str,
    calls: &'static [Call],
}

/// The frontend's routes: `/`, `/app.js` and `/config.json`.
pub fn app(api_base: &str) -> Router {
    let config = PageConfig {
        api: api_base.trim_end_matches('/').to_owned(),
        expected_origin: FRONTEND_ORIGIN,
        calls: CALLS,
    };
    Router::new()
        .route(
            "/",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    INDEX_HTML,
                )
            }),
        )
        .route(
            "/app.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    APP_JS,
                )
            }),
        )
        .route("/config.json", get(move || async move { Json(config) }))
        .route(
            "/favicon.ico",
            get(|| async { StatusCode::NO_CONTENT.into_response() }),
        )
}

// State, Path, Query, Json and HeaderMap extractors on `#[cors]` handlers,
// registered in a `Router<S>` that gets its state later, and in a router
// generic over its state.
#![deny(warnings)]
use std::collections::HashMap;

use axum::extract::{FromRef, Path, Query, State};
use axum::http::HeaderMap;
use axum::{Json, Router};
use cors_runtime::{cors, routing::{get, post, put}, CorsRouterExt};
use serde::{Deserialize, Serialize};

#[derive(Clone)]
struct AppState {
    name: String,
}

#[derive(Deserialize)]
struct Page {
    offset: usize,
}

#[derive(Serialize, Deserialize)]
struct Item {
    id: u64,
}

#[cors(origins = ["https://app.example.com"], credentials, allow_headers = ["content-type"])]
async fn update_item(
    State(state): State<AppState>,
    Path(id): Path<u64>,
    Query(page): Query<Page>,
    headers: HeaderMap,
    Json(item): Json<Item>,
) -> Json<Item> {
    let _ = (state.name, page.offset, headers.len());
    Json(Item { id: id + item.id })
}

#[cors(origins = "*")]
async fn list_items(Query(filters): Query<HashMap<String, String>>, headers: HeaderMap) -> String {
    format!("{} {}", filters.len(), headers.len())
}

#[cors(origins = "*")]
async fn state_name(State(state): State<AppState>) -> String {
    state.name
}

/// Reusable in any router whose state holds an `AppState`.
fn items<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: FromRef<S>,
{
    Router::new().cors_route("/items", get(list_items))
}

#[derive(Clone)]
struct Outer {
    app: AppState,
}

impl FromRef<Outer> for AppState {
    fn from_ref(outer: &Outer) -> Self {
        outer.app.clone()
    }
}

fn main() {
    let state = AppState { name: "items".to_owned() };
    let routes: Router<AppState> = Router::new()
        .cors_route("/items/{id}", put(update_item).post(update_item))
        .cors_route("/name", get(state_name));
    let _app: Router = routes.merge(items()).with_state(state.clone());

    let _nested: Router = Router::new()
        .merge(items::<Outer>())
        .cors_route("/name", post(state_name))
        .with_state(Outer { app: state });
}

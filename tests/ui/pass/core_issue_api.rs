// The API of the core issue, as written there.
#![deny(warnings)]
// The issue imports `post` and then only calls the `.post(...)` method.
#![allow(unused_imports)]

use axum::{extract::State, response::IntoResponse, Json, Router};
use cors_runtime::{cors, routing::{get, post}, CorsRouterExt};
use serde::{Deserialize, Serialize};

#[derive(Clone, Serialize, Deserialize)]
struct Item {
    name: String,
}

#[derive(Clone, Default)]
struct Db;

impl Db {
    fn insert(&self, item: Item) -> Result<Item, AppError> {
        Ok(item)
    }
}

struct AppError;

impl IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }
}

#[cors(origins = "*")]
async fn list_items() -> Json<Vec<Item>> {
    Json(Vec::new())
}

#[cors(origins = ["https://app.example.com", "http://localhost:3000"], credentials,
       allow_headers = ["content-type"], expose_headers = ["x-total"], max_age = 600)]
async fn create_item(State(db): State<Db>, Json(item): Json<Item>) -> Result<Json<Item>, AppError> {
    Ok(Json(db.insert(item)?))
}

async fn health() -> &'static str {
    "ok"
}

fn main() {
    let db = Db;
    let app: Router = Router::new()
        .cors_route("/items", get(list_items).post(create_item))
        .route("/health", axum::routing::get(health))
        .with_state(db);
    let _ = app;
}

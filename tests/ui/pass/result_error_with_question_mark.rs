// A handler returning `Result<_, AppError>` that uses `?`.
#![deny(warnings)]
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{extract::Path, Router};
use cors_runtime::{cors, routing::get, CorsRouterExt};

struct AppError(String);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (StatusCode::BAD_REQUEST, self.0).into_response()
    }
}

impl From<std::num::ParseIntError> for AppError {
    fn from(error: std::num::ParseIntError) -> Self {
        Self(error.to_string())
    }
}

#[cors(origins = ["https://app.example.com"], expose_headers = ["x-total"])]
async fn double(Path(number): Path<String>) -> Result<String, AppError> {
    let number: i64 = number.parse()?;
    Ok((number * 2).to_string())
}

#[cors(origins = "*")]
async fn health() -> Result<impl IntoResponse, AppError> {
    Ok(StatusCode::NO_CONTENT)
}

fn main() {
    let _app: Router = Router::new()
        .cors_route("/double/{number}", get(double))
        .cors_route("/health", get(health));
}

//! Dynamic origins backed by a real database: each tenant's allowed origins
//! live in SQLite, and a cache with a time-to-live stands in front of it so a
//! request does not query the database each time. An origin added through
//! [`TenantOrigins::add`] takes effect within the TTL (cached refusals expire).
//!
//! Used by `examples/tenant_origins.rs` and `tests/dynamic_origins.rs`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router};
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouterExt};
use moka::future::Cache;
use serde::Deserialize;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

/// Tenants' allowed origins: SQLite behind a TTL cache.
pub struct TenantOrigins {
    pool: SqlitePool,
    cache: Cache<String, bool>,
    queries: AtomicUsize,
}

impl TenantOrigins {
    /// Opens (creating if needed) the database at `url`, such as
    /// `sqlite://tenants.db` or `sqlite::memory:`.
    pub async fn connect(url: &str, ttl: Duration) -> Result<Self, sqlx::Error> {
        let options: SqliteConnectOptions = url.parse::<SqliteConnectOptions>()?.create_if_missing(true);
        // One connection: an in-memory database lives and dies with its connection.
        let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS tenant_origins (
                 origin TEXT PRIMARY KEY NOT NULL,
                 tenant TEXT NOT NULL
             )",
        )
        .execute(&pool)
        .await?;
        let cache = Cache::builder().max_capacity(10_000).time_to_live(ttl).build();
        Ok(Self { pool, cache, queries: AtomicUsize::new(0) })
    }

    /// Whether some tenant allows `origin`; answered from the cache within the TTL.
    pub async fn allows(&self, origin: &str) -> bool {
        let lookup = async {
            self.queries.fetch_add(1, Ordering::Relaxed);
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM tenant_origins WHERE origin = ?")
                .bind(origin)
                .fetch_one(&self.pool)
                .await
                .map(|count| count > 0)
        };
        match self.cache.try_get_with(origin.to_owned(), lookup).await {
            Ok(allowed) => allowed,
            Err(error) => {
                // Fail closed: a database error refuses the origin (and is not cached).
                tracing::warn!(%error, origin, "tenant origin lookup failed");
                false
            }
        }
    }

    /// Adds an origin for a tenant after checking it by the same rules as
    /// `#[cors(origins = ...)]` (patterns are not stored here: exact origins only).
    pub async fn add(&self, tenant: &str, origin: &str) -> Result<(), AddOriginError> {
        let checked = cors_rules_check(origin)?;
        sqlx::query("INSERT OR REPLACE INTO tenant_origins (origin, tenant) VALUES (?, ?)")
            .bind(&checked)
            .bind(tenant)
            .execute(&self.pool)
            .await
            .map_err(AddOriginError::Database)?;
        Ok(())
    }

    /// How many times the database was asked; shows the cache at work.
    pub fn queries(&self) -> usize {
        self.queries.load(Ordering::Relaxed)
    }
}

/// The origin as it will be compared: checked by the attribute's rules, trimmed.
fn cors_rules_check(origin: &str) -> Result<String, AddOriginError> {
    cors_runtime::parse_origin_list("new tenant origin", origin, true)
        .map_err(|error| AddOriginError::Invalid(error.to_string()))?;
    let origin = origin.trim();
    if origin.contains(['*', ',']) {
        return Err(AddOriginError::Invalid(format!("`{origin}`: add one exact origin, not a pattern or a list")));
    }
    Ok(origin.to_owned())
}

#[derive(Debug)]
pub enum AddOriginError {
    Invalid(String),
    Database(sqlx::Error),
}

impl IntoResponse for AddOriginError {
    fn into_response(self) -> axum::response::Response {
        match self {
            Self::Invalid(message) => (StatusCode::UNPROCESSABLE_ENTITY, message).into_response(),
            Self::Database(error) => {
                tracing::error!(%error, "adding a tenant origin failed");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub tenants: Arc<TenantOrigins>,
}

/// The dynamic origin check: sees the origin, the request parts and the state.
pub async fn tenant_origin_allowed(origin: &str, _parts: &Parts, state: &AppState) -> bool {
    state.tenants.allows(origin).await
}

#[cors(origins = dynamic(tenant_origin_allowed), credentials, allow_headers = ["content-type"], max_age = 60)]
async fn tenant_data() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "data": "per-tenant data" }))
}

#[derive(Deserialize)]
pub struct NewOrigin {
    pub tenant: String,
    pub origin: String,
}

/// Admin endpoint (no CORS: same-origin or server-to-server only). An example:
/// a real one needs authentication, since it grants credentialed access.
async fn add_origin(State(state): State<AppState>, Json(new): Json<NewOrigin>) -> Result<StatusCode, AddOriginError> {
    state.tenants.add(&new.tenant, &new.origin).await?;
    Ok(StatusCode::CREATED)
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .cors_route("/api/tenant-data", get(tenant_data))
        .route("/admin/origins", axum::routing::post(add_origin))
        .with_state(state)
}

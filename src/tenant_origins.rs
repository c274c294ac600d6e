//! Dynamic origins backed by a real database, in a shape safe to copy.
//!
//! - Each tenant's allowed origins live in SQLite, one row per (tenant, origin).
//! - `GET /api/tenants/{tenant}/data` allows an origin only if *that* tenant
//!   registered it: an origin one tenant registers never reads another's data.
//! - Grants and refusals are cached apart, each bounded in bytes ([`CacheLimits`]).
//! - `POST /admin/origins` registers an origin; it is off unless a token is
//!   configured, and checks `Host` and the token ([`admin`]).
//!
//! CORS only decides which pages may read the answer: the handler must still
//! check that the signed-in user belongs to the tenant.
//!
//! Used by `examples/tenant_origins.rs`, `examples/soak.rs` and `tests/tenant_origins.rs`.

pub mod admin;
mod store;
mod tenant_id;

use std::sync::Arc;

use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouterExt};

pub use admin::AdminAccess;
pub use store::{Added, CacheLimits, CacheUsage, TenantOrigins, ENTRY_OVERHEAD_BYTES};
pub use tenant_id::TenantId;

/// The per-tenant route; [`TenantId::from_data_path`] reads its `{tenant}`.
pub const TENANT_DATA_ROUTE: &str = "/api/tenants/{tenant}/data";

#[derive(Clone)]
pub struct AppState {
    pub tenants: Arc<TenantOrigins>,
}

/// The dynamic origin check: allowed only when the tenant named in the path
/// registered this origin. The runtime has already refused malformed,
/// oversized and repeated origins, so `origin` is one well-formed origin.
pub async fn tenant_origin_allowed(origin: &str, parts: &Parts, state: &AppState) -> bool {
    match TenantId::from_data_path(parts.uri.path()) {
        Some(tenant) => state.tenants.allows(&tenant, origin).await,
        None => false,
    }
}

#[cors(origins = dynamic(tenant_origin_allowed), credentials, allow_headers = ["content-type"], max_age = 60)]
async fn tenant_data(uri: Uri) -> Response {
    // The same reading of the path as the check's, so both mean the same tenant.
    match TenantId::from_data_path(uri.path()) {
        Some(tenant) => {
            Json(serde_json::json!({ "tenant": tenant.as_str(), "data": "per-tenant data" }))
                .into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The tenant API, plus the admin endpoint when `admin` is `Some`.
pub fn app(state: AppState, admin: Option<AdminAccess>) -> Router {
    let api = Router::new().cors_route(TENANT_DATA_ROUTE, get(tenant_data));
    let api = match admin {
        Some(access) => api.merge(admin::admin_routes(state.tenants.clone(), access)),
        None => api,
    };
    api.with_state(state)
}

//! Dynamic origins from a database: `cargo run --example tenant_origins`.
//!
//! Each tenant's allowed origins live in SQLite (`tenants.db`, or `TENANTS_DB`),
//! behind byte-bounded caches with a 30-second time-to-live. An origin is
//! allowed only on the path of the tenant that registered it. Try:
//!
//! ```text
//! curl -si http://127.0.0.1:5001/api/tenants/acme/data   -H 'Origin: https://acme.example'  # allowed
//! curl -si http://127.0.0.1:5001/api/tenants/globex/data -H 'Origin: https://acme.example'  # refused: not globex's
//! ```
//!
//! The admin endpoint is off unless `TENANT_ADMIN_TOKEN` is set (32+ characters);
//! it answers only `Host` values in `TENANT_ADMIN_HOSTS` (default
//! `127.0.0.1:5001,localhost:5001`):
//!
//! ```text
//! export TENANT_ADMIN_TOKEN=$(openssl rand -hex 16)
//! cargo run --example tenant_origins &
//! curl -si http://127.0.0.1:5001/admin/origins -H "Authorization: Bearer $TENANT_ADMIN_TOKEN" \
//!      -H 'content-type: application/json' -d '{"tenant":"globex","origin":"https://globex.example"}'
//! # https://globex.example is now allowed on /api/tenants/globex/data
//! ```

use std::sync::Arc;

use cors_suite::tenant_origins::{
    self, AdminAccess, AppState, CacheLimits, TenantId, TenantOrigins,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt().with_env_filter("info").init();
    let admin = AdminAccess::from_env(&["127.0.0.1:5001", "localhost:5001"])?;
    let url = std::env::var("TENANTS_DB").unwrap_or_else(|_| "sqlite://tenants.db".to_owned());
    let tenants = Arc::new(TenantOrigins::connect(&url, CacheLimits::default()).await?);
    let acme = TenantId::parse("acme").expect("a valid tenant name");
    tenants.add(&acme, "https://acme.example").await?;
    let admin_state = if admin.is_some() {
        "on"
    } else {
        "off (set TENANT_ADMIN_TOKEN)"
    };
    let app = tenant_origins::app(AppState { tenants }, admin);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:5001").await?;
    println!(
        "tenant API on http://{} (database {url}; admin endpoint {admin_state})",
        listener.local_addr()?
    );
    axum::serve(listener, app).await?;
    Ok(())
}

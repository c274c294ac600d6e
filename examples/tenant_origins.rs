//! Dynamic origins from a database: `cargo run --example tenant_origins`.
//!
//! Tenants' allowed origins live in SQLite (`tenants.db`, or `TENANTS_DB`),
//! behind a 30-second cache. Try:
//!
//! ```text
//! curl -si http://127.0.0.1:5001/api/tenant-data -H 'Origin: https://acme.example'    # allowed
//! curl -si http://127.0.0.1:5001/api/tenant-data -H 'Origin: https://globex.example'  # refused
//! curl -si http://127.0.0.1:5001/admin/origins -H 'content-type: application/json' \
//!      -d '{"tenant":"globex","origin":"https://globex.example"}'                     # add it
//! # within 30 s the globex origin is allowed
//! ```

use std::sync::Arc;
use std::time::Duration;

use cors_suite::tenant_origins::{self, AppState, TenantOrigins};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt().with_env_filter("info").init();
    let url = std::env::var("TENANTS_DB").unwrap_or_else(|_| "sqlite://tenants.db".to_owned());
    let tenants = Arc::new(TenantOrigins::connect(&url, Duration::from_secs(30)).await?);
    tenants.add("acme", "https://acme.example").await.map_err(|e| format!("{e:?}"))?;
    let app = tenant_origins::app(AppState { tenants });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:5001").await?;
    println!("tenant API on http://{} (database {url})", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

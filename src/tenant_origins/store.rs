//! Tenants' allowed origins: SQLite, with bounded caches in front of it.
//!
//! A row is one (tenant, origin) pair, so two tenants may register the same
//! origin and neither registration touches the other's row. Grants and
//! refusals are cached apart, each bounded in bytes: a flood of requests from
//! random unregistered origins can fill the refusal cache, never evict a grant.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use moka::future::Cache;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

use super::TenantId;

/// How long a cached answer lives and how many bytes each cache may hold.
#[derive(Debug, Clone, Copy)]
pub struct CacheLimits {
    /// An origin removed from the database (by another process) stops being
    /// allowed within this time.
    pub ttl: Duration,
    pub grant_bytes: u64,
    pub refusal_bytes: u64,
}

impl Default for CacheLimits {
    fn default() -> Self {
        Self {
            ttl: Duration::from_secs(30),
            grant_bytes: 4 << 20,
            refusal_bytes: 1 << 20,
        }
    }
}

/// What one cache entry costs beyond its key's text: the key's two boxed
/// strings and moka's per-entry bookkeeping (an estimate, on the high side).
pub const ENTRY_OVERHEAD_BYTES: u32 = 192;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CacheKey {
    tenant: TenantId,
    origin: Box<str>,
}

fn entry_weight(key: &CacheKey, _: &()) -> u32 {
    let text = key.tenant.as_str().len() + key.origin.len();
    u32::try_from(text)
        .unwrap_or(u32::MAX)
        .saturating_add(ENTRY_OVERHEAD_BYTES)
}

fn bounded_cache(bytes: u64, ttl: Duration) -> Cache<CacheKey, ()> {
    Cache::builder()
        .max_capacity(bytes)
        .weigher(entry_weight)
        .time_to_live(ttl)
        .build()
}

/// The bytes each cache holds, by the same weights as its bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheUsage {
    pub grant_bytes: u64,
    pub refusal_bytes: u64,
}

/// Whether [`TenantOrigins::add`] stored a new row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    New,
    AlreadyThere,
}

pub struct TenantOrigins {
    pool: SqlitePool,
    grants: Cache<CacheKey, ()>,
    refusals: Cache<CacheKey, ()>,
    queries: AtomicUsize,
}

impl TenantOrigins {
    /// Opens (creating if needed) the database at `url`, such as
    /// `sqlite://tenants.db` or `sqlite::memory:`.
    pub async fn connect(url: &str, limits: CacheLimits) -> Result<Self, sqlx::Error> {
        let options = url.parse::<SqliteConnectOptions>()?.create_if_missing(true);
        // One connection: an in-memory database lives and dies with its connection.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS tenant_allowed_origins (
                 tenant TEXT NOT NULL,
                 origin TEXT NOT NULL,
                 PRIMARY KEY (tenant, origin)
             ) WITHOUT ROWID",
        )
        .execute(&pool)
        .await?;
        Ok(Self {
            pool,
            grants: bounded_cache(limits.grant_bytes, limits.ttl),
            refusals: bounded_cache(limits.refusal_bytes, limits.ttl),
            queries: AtomicUsize::new(0),
        })
    }

    /// Whether `tenant` registered `origin`; answered from a cache within the TTL.
    /// A database error refuses (fail closed) and is not cached.
    pub async fn allows(&self, tenant: &TenantId, origin: &str) -> bool {
        let key = CacheKey {
            tenant: tenant.clone(),
            origin: origin.into(),
        };
        // `get`, not `contains_key`: it records the access, so popular answers stay cached.
        if self.grants.get(&key).await.is_some() {
            return true;
        }
        if self.refusals.get(&key).await.is_some() {
            return false;
        }
        self.queries.fetch_add(1, Ordering::Relaxed);
        let registered = sqlx::query_scalar::<_, i64>(
            "SELECT EXISTS (SELECT 1 FROM tenant_allowed_origins WHERE tenant = ? AND origin = ?)",
        )
        .bind(tenant.as_str())
        .bind(origin)
        .fetch_one(&self.pool)
        .await;
        match registered {
            Ok(1) => {
                self.grants.insert(key, ()).await;
                true
            }
            Ok(_) => {
                self.refusals.insert(key, ()).await;
                false
            }
            Err(error) => {
                tracing::warn!(%error, %tenant, origin, "tenant origin lookup failed; refusing");
                false
            }
        }
    }

    /// Registers `origin` for `tenant` only. `origin` must already be checked
    /// (see `admin::checked_origin`). Takes effect at once in this process: a
    /// cached refusal of the pair is dropped.
    pub async fn add(&self, tenant: &TenantId, origin: &str) -> Result<Added, sqlx::Error> {
        // `OR IGNORE` only skips this same (tenant, origin) row; no other row can conflict.
        let inserted = sqlx::query(
            "INSERT OR IGNORE INTO tenant_allowed_origins (tenant, origin) VALUES (?, ?)",
        )
        .bind(tenant.as_str())
        .bind(origin)
        .execute(&self.pool)
        .await?;
        self.refusals
            .invalidate(&CacheKey {
                tenant: tenant.clone(),
                origin: origin.into(),
            })
            .await;
        Ok(if inserted.rows_affected() == 1 {
            Added::New
        } else {
            Added::AlreadyThere
        })
    }

    /// The tenants that registered `origin`, sorted (for tests and audits).
    pub async fn tenants_of(&self, origin: &str) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT tenant FROM tenant_allowed_origins WHERE origin = ? ORDER BY tenant",
        )
        .bind(origin)
        .fetch_all(&self.pool)
        .await
    }

    /// How many times the database was asked; shows the caches at work.
    pub fn queries(&self) -> usize {
        self.queries.load(Ordering::Relaxed)
    }

    /// The caches' weighted sizes, after moka's pending evictions have run.
    pub async fn cache_usage(&self) -> CacheUsage {
        self.grants.run_pending_tasks().await;
        self.refusals.run_pending_tasks().await;
        CacheUsage {
            grant_bytes: self.grants.weighted_size(),
            refusal_bytes: self.refusals.weighted_size(),
        }
    }
}

//! The admin endpoint that registers a tenant's origin, and what guards it.
//!
//! It grants credentialed cross-origin access, so it is off unless
//! [`ADMIN_TOKEN_VAR`] is set, and then it answers only:
//! - requests whose `Host` is on an allow-list: a page on an attacker's domain
//!   that re-points its DNS name at this server (DNS rebinding) sends its own
//!   name as `Host`, and gets 421;
//! - requests with `Authorization: Bearer <token>`, compared in constant time
//!   (else 401).

use std::ffi::OsString;
use std::fmt;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{Added, TenantId, TenantOrigins};

/// The bearer token; the endpoint is not routed when it is unset.
pub const ADMIN_TOKEN_VAR: &str = "TENANT_ADMIN_TOKEN";
/// Comma-separated `host[:port]` values the admin endpoint answers to.
pub const ADMIN_HOSTS_VAR: &str = "TENANT_ADMIN_HOSTS";
/// Shorter tokens are refused at start-up (32 bytes: e.g. `openssl rand -hex 16`).
pub const MIN_TOKEN_BYTES: usize = 32;
pub const ADMIN_PATH: &str = "/admin/origins";

/// Who may use the admin endpoint.
pub struct AdminAccess {
    // Digests have one length whatever the token's, so comparing them leaks neither.
    token_sha256: [u8; 32],
    hosts: Vec<Box<str>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminConfigError(String);

impl fmt::Display for AdminConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AdminConfigError {}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

impl AdminAccess {
    /// `hosts` are the `Host` values (`host` or `host:port`) the endpoint answers to.
    pub fn new(token: &str, hosts: &[&str]) -> Result<Self, AdminConfigError> {
        if token.len() < MIN_TOKEN_BYTES || !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(AdminConfigError(format!(
                "{ADMIN_TOKEN_VAR}: the token must be at least {MIN_TOKEN_BYTES} visible ASCII characters \
                 (e.g. `openssl rand -hex 16`)"
            )));
        }
        if hosts.is_empty() {
            return Err(AdminConfigError(format!(
                "{ADMIN_HOSTS_VAR}: name at least one host"
            )));
        }
        let hosts = hosts
            .iter()
            .map(|host| checked_host(host))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            token_sha256: sha256(token.as_bytes()),
            hosts,
        })
    }

    /// From [`ADMIN_TOKEN_VAR`] and [`ADMIN_HOSTS_VAR`] (else `default_hosts`);
    /// `None` when the token is unset, so the endpoint stays off.
    pub fn from_env(default_hosts: &[&str]) -> Result<Option<Self>, AdminConfigError> {
        Self::from_vars(|name| std::env::var_os(name), default_hosts)
    }

    /// [`Self::from_env`] over any variable source (tests pass their own).
    pub fn from_vars(
        var: impl Fn(&str) -> Option<OsString>,
        default_hosts: &[&str],
    ) -> Result<Option<Self>, AdminConfigError> {
        let text = |name: &str| {
            var(name)
                .map(|value| {
                    value
                        .into_string()
                        .map_err(|_| AdminConfigError(format!("{name} is not valid UTF-8")))
                })
                .transpose()
        };
        let Some(token) = text(ADMIN_TOKEN_VAR)? else {
            return Ok(None);
        };
        match text(ADMIN_HOSTS_VAR)? {
            Some(hosts) => Self::new(&token, &hosts.split(',').map(str::trim).collect::<Vec<_>>()),
            None => Self::new(&token, default_hosts),
        }
        .map(Some)
    }

    /// Exactly one `Host` (and the URI's authority, when the request carries
    /// one), each on the allow-list.
    fn host_allowed(&self, headers: &HeaderMap, uri: &Uri) -> bool {
        let mut host_headers = headers.get_all(header::HOST).iter();
        let host = match (host_headers.next(), host_headers.next()) {
            (Some(host), None) => match host.to_str() {
                Ok(host) => Some(host),
                Err(_) => return false,
            },
            (None, _) => None,
            (Some(_), Some(_)) => return false,
        };
        let authority = uri.authority().map(|authority| authority.as_str());
        let allowed = |name: &str| {
            self.hosts
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(name))
        };
        (host.is_some() || authority.is_some())
            && host.is_none_or(allowed)
            && authority.is_none_or(allowed)
    }

    fn token_matches(&self, headers: &HeaderMap) -> bool {
        let mut values = headers.get_all(header::AUTHORIZATION).iter();
        let (Some(value), None) = (values.next(), values.next()) else {
            return false;
        };
        let Some(token) = value
            .as_bytes()
            .split_at_checked(7)
            .and_then(|(scheme, token)| scheme.eq_ignore_ascii_case(b"bearer ").then_some(token))
        else {
            return false;
        };
        sha256(token).ct_eq(&self.token_sha256).into()
    }
}

fn checked_host(host: &str) -> Result<Box<str>, AdminConfigError> {
    let refuse = |why: &str| {
        Err(AdminConfigError(format!(
            "{ADMIN_HOSTS_VAR}: `{host}` {why}; write `host` or `host:port`"
        )))
    };
    if host.is_empty() || host.contains(['@', '*', '/']) {
        return refuse("is not a host");
    }
    match host.parse::<axum::http::uri::Authority>() {
        Ok(_) => Ok(host.to_ascii_lowercase().into()),
        Err(_) => refuse("is not a host"),
    }
}

async fn require_admin(
    State(access): State<Arc<AdminAccess>>,
    request: Request,
    next: Next,
) -> Response {
    // The Host check comes first, so a rebinding page cannot even probe for tokens.
    if !access.host_allowed(request.headers(), request.uri()) {
        return (StatusCode::MISDIRECTED_REQUEST, "unknown host").into_response();
    }
    if !access.token_matches(request.headers()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "bearer token required",
        )
            .into_response();
    }
    next.run(request).await
}

#[derive(Deserialize)]
pub struct NewOrigin {
    pub tenant: String,
    pub origin: String,
}

/// The origin as it will be compared, checked by the rules of
/// `#[cors(origins = [...], credentials)]`; exact origins only.
pub fn checked_origin(origin: &str) -> Result<String, String> {
    cors_runtime::parse_origin_list("new tenant origin", origin, true)
        .map_err(|error| error.to_string())?;
    let origin = origin.trim();
    if origin.contains(['*', ',']) {
        return Err(format!(
            "`{origin}`: add one exact origin, not a pattern or a list"
        ));
    }
    Ok(origin.to_owned())
}

async fn add_origin(
    State(tenants): State<Arc<TenantOrigins>>,
    Json(new): Json<NewOrigin>,
) -> Response {
    let Some(tenant) = TenantId::parse(&new.tenant) else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            "tenant: 1 to 63 of a-z, 0-9 and -, not at either end",
        )
            .into_response();
    };
    let origin = match checked_origin(&new.origin) {
        Ok(origin) => origin,
        Err(message) => return (StatusCode::UNPROCESSABLE_ENTITY, message).into_response(),
    };
    match tenants.add(&tenant, &origin).await {
        Ok(Added::New) => StatusCode::CREATED.into_response(),
        Ok(Added::AlreadyThere) => StatusCode::OK.into_response(),
        Err(error) => {
            tracing::error!(%error, "adding a tenant origin failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `POST /admin/origins` behind the Host and token checks; no CORS, so a
/// browser page on another origin cannot read its answers.
pub fn admin_routes<S: Clone + Send + Sync + 'static>(
    tenants: Arc<TenantOrigins>,
    access: AdminAccess,
) -> Router<S> {
    Router::new()
        .route(ADMIN_PATH, axum::routing::post(add_origin))
        .route_layer(middleware::from_fn_with_state(
            Arc::new(access),
            require_admin,
        ))
        .layer(DefaultBodyLimit::max(4096))
        .with_state(tenants)
}

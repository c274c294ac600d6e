//! The tenant example (`src/tenant_origins.rs`) against a real in-memory SQLite
//! database: each origin belongs to the tenant that registered it, the caches
//! are bounded in bytes with refusals kept apart from grants, and the admin
//! endpoint is off without a token and refuses wrong tokens and foreign hosts.

mod common;

use std::ffi::OsString;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use common::*;
use cors_suite::tenant_origins::admin::{ADMIN_HOSTS_VAR, ADMIN_PATH, ADMIN_TOKEN_VAR};
use cors_suite::tenant_origins::{
    self, AdminAccess, AppState, CacheLimits, TenantId, TenantOrigins,
};

const TOKEN: &str = "3f1c9a7e5b2d4f608e1a3c5b7d9f0e2a";
const ADMIN_HOST: &str = "admin.internal:5001";
const ACME_ORIGIN: &str = "https://acme.example";

fn acme_path() -> &'static str {
    "/api/tenants/acme/data"
}

fn admin_access() -> AdminAccess {
    AdminAccess::new(TOKEN, &[ADMIN_HOST, "127.0.0.1:5001"]).unwrap()
}

async fn tenants_with(limits: CacheLimits) -> Arc<TenantOrigins> {
    let tenants = Arc::new(
        TenantOrigins::connect("sqlite::memory:", limits)
            .await
            .unwrap(),
    );
    tenants
        .add(&TenantId::parse("acme").unwrap(), ACME_ORIGIN)
        .await
        .unwrap();
    tenants
}

async fn tenant_app(
    limits: CacheLimits,
    admin: Option<AdminAccess>,
) -> (Router, Arc<TenantOrigins>) {
    let tenants = tenants_with(limits).await;
    (
        tenant_origins::app(
            AppState {
                tenants: tenants.clone(),
            },
            admin,
        ),
        tenants,
    )
}

/// GET `path` from `origin`; the ACAO it got (status 200 either way: CORS
/// refusals leave the handler alone).
async fn acao(app: &Router, path: &str, origin: &str) -> Option<String> {
    let response = send(
        app,
        request("GET", path)
            .header("origin", origin)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 200, "{path} from {origin}");
    assert!(
        vary(response.headers()).contains(&"origin".to_owned()),
        "{path} from {origin}: Vary: Origin"
    );
    header(response.headers(), "access-control-allow-origin").map(str::to_owned)
}

fn admin_request(
    host: Option<&str>,
    authorization: Option<&str>,
    tenant: &str,
    origin: &str,
) -> axum::http::Request<Body> {
    let mut builder = request("POST", ADMIN_PATH).header("content-type", "application/json");
    if let Some(host) = host {
        builder = builder.header("host", host);
    }
    if let Some(authorization) = authorization {
        builder = builder.header("authorization", authorization);
    }
    builder
        .body(Body::from(format!(
            r#"{{"tenant":"{tenant}","origin":"{origin}"}}"#
        )))
        .unwrap()
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

// ---- the origin belongs to the tenant that registered it ----

#[tokio::test]
async fn an_origin_registered_by_one_tenant_cannot_read_another_tenants_data() {
    let (app, _) = tenant_app(CacheLimits::default(), None).await;
    assert_eq!(
        acao(&app, acme_path(), ACME_ORIGIN).await.as_deref(),
        Some(ACME_ORIGIN)
    );
    assert_eq!(
        acao(&app, "/api/tenants/globex/data", ACME_ORIGIN).await,
        None
    );
    let body = body_text(
        send(
            &app,
            request("GET", acme_path()).body(Body::empty()).unwrap(),
        )
        .await,
    )
    .await;
    assert!(body.contains(r#""tenant":"acme""#), "{body}");

    let preflight_to_globex = send(
        &app,
        preflight("/api/tenants/globex/data", ACME_ORIGIN, "GET")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(preflight_to_globex.status(), 403);
    assert_no_cors_headers(preflight_to_globex.headers());
    let preflight_to_acme = send(
        &app,
        preflight(acme_path(), ACME_ORIGIN, "GET")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(preflight_to_acme.status(), 204);
    assert_eq!(
        header(preflight_to_acme.headers(), "access-control-allow-origin"),
        Some(ACME_ORIGIN)
    );
}

#[tokio::test]
async fn only_the_plain_spelling_of_a_tenant_names_it() {
    let (app, _) = tenant_app(CacheLimits::default(), None).await;
    // Percent-encoded `e`, upper case, a trailing segment: the check refuses
    // rather than guess, whatever the router's own decoding makes of them.
    for path in ["/api/tenants/acm%65/data", "/api/tenants/ACME/data"] {
        let response = send(
            &app,
            request("GET", path)
                .header("origin", ACME_ORIGIN)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(
            response.status(),
            404,
            "{path}: the handler names no tenant either"
        );
        assert_eq!(
            header(response.headers(), "access-control-allow-origin"),
            None,
            "{path}"
        );
    }
    for (path, tenant) in [
        ("/api/tenants/acme/data", Some("acme")),
        ("/api/tenants/acme/data/", None),
        ("/api/tenants/acme/other", None),
        ("/api/tenants//data", None),
        ("/api/tenants/-acme/data", None),
        ("/api/tenants/a.b/data", None),
        ("/api/other/acme/data", None),
    ] {
        assert_eq!(
            TenantId::from_data_path(path)
                .as_ref()
                .map(TenantId::as_str),
            tenant,
            "{path}"
        );
    }
    assert!(TenantId::parse(&"a".repeat(63)).is_some());
    assert!(TenantId::parse(&"a".repeat(64)).is_none());
}

#[tokio::test]
async fn a_registration_by_tenant_b_leaves_tenant_a_untouched() {
    let (app, tenants) = tenant_app(CacheLimits::default(), Some(admin_access())).await;
    // Globex registers acme's origin for itself (`INSERT OR REPLACE` keyed on the
    // origin alone used to move acme's row to globex).
    let added = send(
        &app,
        admin_request(
            Some(ADMIN_HOST),
            Some(&bearer(TOKEN)),
            "globex",
            ACME_ORIGIN,
        ),
    )
    .await;
    assert_eq!(added.status(), 201);
    assert_eq!(
        tenants.tenants_of(ACME_ORIGIN).await.unwrap(),
        ["acme", "globex"]
    );
    // Nothing was cached before the registration, so these answers come from the database.
    assert_eq!(
        acao(&app, acme_path(), ACME_ORIGIN).await.as_deref(),
        Some(ACME_ORIGIN)
    );
    assert_eq!(
        acao(&app, "/api/tenants/globex/data", ACME_ORIGIN)
            .await
            .as_deref(),
        Some(ACME_ORIGIN)
    );
    assert_eq!(
        acao(&app, "/api/tenants/initech/data", ACME_ORIGIN).await,
        None
    );

    let again = send(
        &app,
        admin_request(
            Some(ADMIN_HOST),
            Some(&bearer(TOKEN)),
            "globex",
            ACME_ORIGIN,
        ),
    )
    .await;
    assert_eq!(again.status(), 200, "registering twice changes nothing");
    assert_eq!(
        tenants.tenants_of(ACME_ORIGIN).await.unwrap(),
        ["acme", "globex"]
    );
}

#[tokio::test]
async fn grants_are_cached_and_a_new_origin_takes_effect_at_once() {
    let (app, tenants) = tenant_app(CacheLimits::default(), Some(admin_access())).await;
    for _ in 0..5 {
        assert_eq!(
            acao(&app, acme_path(), ACME_ORIGIN).await.as_deref(),
            Some(ACME_ORIGIN)
        );
    }
    assert_eq!(
        tenants.queries(),
        1,
        "the grant cache answers within the TTL"
    );

    const NEW: &str = "https://shop.acme.example";
    assert_eq!(acao(&app, acme_path(), NEW).await, None);
    assert_eq!(acao(&app, acme_path(), NEW).await, None);
    assert_eq!(
        tenants.queries(),
        2,
        "the refusal cache answers within the TTL"
    );
    let added = send(
        &app,
        admin_request(Some(ADMIN_HOST), Some(&bearer(TOKEN)), "acme", NEW),
    )
    .await;
    assert_eq!(added.status(), 201);
    // Registering drops the cached refusal.
    assert_eq!(acao(&app, acme_path(), NEW).await.as_deref(), Some(NEW));
    assert_eq!(tenants.queries(), 3);
}

#[tokio::test]
async fn cached_answers_expire_with_the_ttl() {
    let ttl = Duration::from_millis(300);
    let (app, tenants) = tenant_app(
        CacheLimits {
            ttl,
            ..CacheLimits::default()
        },
        None,
    )
    .await;
    assert_eq!(
        acao(&app, acme_path(), ACME_ORIGIN).await.as_deref(),
        Some(ACME_ORIGIN)
    );
    assert_eq!(
        acao(&app, acme_path(), ACME_ORIGIN).await.as_deref(),
        Some(ACME_ORIGIN)
    );
    assert_eq!(tenants.queries(), 1);
    tokio::time::sleep(ttl + Duration::from_millis(200)).await;
    assert_eq!(
        acao(&app, acme_path(), ACME_ORIGIN).await.as_deref(),
        Some(ACME_ORIGIN)
    );
    assert_eq!(tenants.queries(), 2);
}

#[tokio::test]
async fn a_tenant_preflight_uses_the_database_once() {
    let (app, tenants) = tenant_app(CacheLimits::default(), None).await;
    let response = send(
        &app,
        preflight(acme_path(), ACME_ORIGIN, "GET")
            .header("access-control-request-headers", "content-type")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(response.headers(), "access-control-max-age"),
        Some("60")
    );
    assert_eq!(tenants.queries(), 1);
    let refused = send(
        &app,
        preflight(acme_path(), EVIL, "GET")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(refused.status(), 403);
}

// ---- caches bounded in bytes, refusals apart from grants ----

/// Distinct well-formed origins of varied lengths (a fixed xorshift sequence).
fn random_origins(count: usize) -> impl Iterator<Item = String> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count).map(move |i| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let label = format!("{state:016x}").repeat(1 + (state % 3) as usize);
        format!(
            "https://r{i}-{}.attacker.example",
            &label[..label.len().min(60)]
        )
    })
}

#[tokio::test]
async fn a_flood_of_refused_origins_stays_within_the_refusal_bytes_and_keeps_grants() {
    let limits = CacheLimits {
        grant_bytes: 64 << 10,
        refusal_bytes: 16 << 10,
        ..CacheLimits::default()
    };
    let (app, tenants) = tenant_app(limits, None).await;
    assert_eq!(
        acao(&app, acme_path(), ACME_ORIGIN).await.as_deref(),
        Some(ACME_ORIGIN)
    );
    let grant_usage = tenants.cache_usage().await.grant_bytes;
    assert!(grant_usage > 0);

    for origin in random_origins(3_000) {
        assert_eq!(acao(&app, acme_path(), &origin).await, None, "{origin}");
    }
    let usage = tenants.cache_usage().await;
    assert!(usage.refusal_bytes <= limits.refusal_bytes, "{usage:?}");
    assert!(
        usage.refusal_bytes > limits.refusal_bytes / 2,
        "the refusal cache is in use: {usage:?}"
    );
    assert_eq!(
        usage.grant_bytes, grant_usage,
        "refusals never evict grants"
    );

    let queries = tenants.queries();
    assert_eq!(
        acao(&app, acme_path(), ACME_ORIGIN).await.as_deref(),
        Some(ACME_ORIGIN)
    );
    assert_eq!(tenants.queries(), queries, "the grant is still cached");
}

#[tokio::test]
async fn many_granted_origins_stay_within_the_grant_bytes() {
    let limits = CacheLimits {
        grant_bytes: 32 << 10,
        refusal_bytes: 8 << 10,
        ..CacheLimits::default()
    };
    let tenants = tenants_with(limits).await;
    let acme = TenantId::parse("acme").unwrap();
    for origin in random_origins(1_500) {
        tenants.add(&acme, &origin).await.unwrap();
        assert!(tenants.allows(&acme, &origin).await, "{origin}");
    }
    let usage = tenants.cache_usage().await;
    assert!(usage.grant_bytes <= limits.grant_bytes, "{usage:?}");
    assert!(usage.grant_bytes > limits.grant_bytes / 2, "{usage:?}");
    assert_eq!(usage.refusal_bytes, 0, "{usage:?}");
}

// ---- the admin endpoint ----

#[tokio::test]
async fn the_admin_endpoint_is_off_without_a_token() {
    assert!(
        std::env::var_os(ADMIN_TOKEN_VAR).is_none(),
        "run the tests without {ADMIN_TOKEN_VAR}"
    );
    assert!(AdminAccess::from_env(&["127.0.0.1:5001"])
        .unwrap()
        .is_none());
    // Hosts alone do not switch it on.
    let hosts_only = |name: &str| (name == ADMIN_HOSTS_VAR).then(|| OsString::from(ADMIN_HOST));
    assert!(AdminAccess::from_vars(hosts_only, &[]).unwrap().is_none());

    let (app, tenants) = tenant_app(CacheLimits::default(), None).await;
    let response = send(
        &app,
        admin_request(
            Some(ADMIN_HOST),
            Some(&bearer(TOKEN)),
            "acme",
            "https://new.example",
        ),
    )
    .await;
    assert_eq!(response.status(), 404);
    assert!(tenants
        .tenants_of("https://new.example")
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn the_admin_endpoint_refuses_a_missing_or_wrong_token() {
    let (app, tenants) = tenant_app(CacheLimits::default(), Some(admin_access())).await;
    let wrong_last_char = format!("{}b", &TOKEN[..TOKEN.len() - 1]);
    let wrong: [Option<String>; 8] = [
        None,
        Some(String::new()),
        Some("Bearer ".into()),
        Some(bearer(&wrong_last_char)),
        Some(bearer(&TOKEN[..TOKEN.len() - 1])),
        Some(bearer(&format!("{TOKEN}x"))),
        Some(format!("Basic {TOKEN}")),
        Some(format!("Bearer  {TOKEN}")),
    ];
    for authorization in &wrong {
        let response = send(
            &app,
            admin_request(
                Some(ADMIN_HOST),
                authorization.as_deref(),
                "acme",
                "https://new.example",
            ),
        )
        .await;
        assert_eq!(response.status(), 401, "{authorization:?}");
        assert_eq!(
            header(response.headers(), "www-authenticate"),
            Some("Bearer")
        );
    }
    let mut doubled = admin_request(
        Some(ADMIN_HOST),
        Some(&bearer(TOKEN)),
        "acme",
        "https://new.example",
    );
    doubled
        .headers_mut()
        .append("authorization", bearer(&wrong_last_char).parse().unwrap());
    assert_eq!(
        send(&app, doubled).await.status(),
        401,
        "two Authorization headers"
    );
    assert!(tenants
        .tenants_of("https://new.example")
        .await
        .unwrap()
        .is_empty());

    let lower_case_scheme = format!("bearer {TOKEN}");
    let response = send(
        &app,
        admin_request(
            Some(ADMIN_HOST),
            Some(&lower_case_scheme),
            "acme",
            "https://new.example",
        ),
    )
    .await;
    assert_eq!(response.status(), 201);
    assert_eq!(
        tenants.tenants_of("https://new.example").await.unwrap(),
        ["acme"]
    );
}

#[tokio::test]
async fn the_admin_endpoint_refuses_a_rebinding_host() {
    let (app, tenants) = tenant_app(CacheLimits::default(), Some(admin_access())).await;
    // A page on evil.example whose DNS name now points here sends its own Host.
    for host in [
        Some("evil.example"),
        Some("evil.example:5001"),
        Some("admin.internal:5002"),
        Some("admin.internal"),
        None,
    ] {
        let response = send(
            &app,
            admin_request(host, Some(&bearer(TOKEN)), "acme", "https://new.example"),
        )
        .await;
        assert_eq!(response.status(), 421, "{host:?}");
    }
    let mut doubled = admin_request(
        Some(ADMIN_HOST),
        Some(&bearer(TOKEN)),
        "acme",
        "https://new.example",
    );
    doubled
        .headers_mut()
        .append("host", "evil.example".parse().unwrap());
    assert_eq!(send(&app, doubled).await.status(), 421, "two Host headers");
    let absolute = request("POST", &format!("http://evil.example{ADMIN_PATH}"))
        .header("host", ADMIN_HOST)
        .header("authorization", bearer(TOKEN))
        .header("content-type", "application/json")
        .body(Body::from(
            r#"{"tenant":"acme","origin":"https://new.example"}"#,
        ))
        .unwrap();
    assert_eq!(
        send(&app, absolute).await.status(),
        421,
        "an absolute URI naming another host"
    );
    assert!(tenants
        .tenants_of("https://new.example")
        .await
        .unwrap()
        .is_empty());

    let response = send(
        &app,
        admin_request(
            Some("ADMIN.internal:5001"),
            Some(&bearer(TOKEN)),
            "acme",
            "https://new.example",
        ),
    )
    .await;
    assert_eq!(response.status(), 201, "host names are case-insensitive");
}

#[tokio::test]
async fn the_admin_endpoint_checks_tenants_and_origins_by_the_attribute_rules() {
    let (app, _) = tenant_app(CacheLimits::default(), Some(admin_access())).await;
    for (tenant, origin, rule) in [
        ("t", "https://x.example/", "ends with `/`"),
        ("t", "null", "`null` cannot be"),
        ("t", "https://*.example.com", "not a pattern"),
        // The tenant route is credentialed: plain http outside loopback is refused.
        ("t", "http://plain.example", "credentials"),
        ("Acme", "https://x.example", "tenant: 1 to 63"),
    ] {
        let response = send(
            &app,
            admin_request(Some(ADMIN_HOST), Some(&bearer(TOKEN)), tenant, origin),
        )
        .await;
        assert_eq!(response.status(), 422, "{tenant} {origin}");
        let body = body_text(response).await;
        assert!(body.contains(rule), "{origin}: {body}");
    }
}

#[test]
fn admin_configuration_errors_are_refused_at_start_up() {
    let short = AdminAccess::new("too-short", &[ADMIN_HOST])
        .err()
        .unwrap()
        .to_string();
    assert!(
        short.contains(ADMIN_TOKEN_VAR) && short.contains("at least 32"),
        "{short}"
    );
    assert!(AdminAccess::new(&format!("{TOKEN} with spaces"), &[ADMIN_HOST]).is_err());
    for host in ["", "*", "user@host:1", "host/path", "bad host"] {
        let error = AdminAccess::new(TOKEN, &[host]).err().unwrap().to_string();
        assert!(error.contains(ADMIN_HOSTS_VAR), "{host}: {error}");
    }
    assert!(AdminAccess::new(TOKEN, &[]).is_err());

    let vars = |token: &str, hosts: Option<&str>| {
        let (token, hosts) = (OsString::from(token), hosts.map(OsString::from));
        move |name: &str| match name {
            ADMIN_TOKEN_VAR => Some(token.clone()),
            ADMIN_HOSTS_VAR => hosts.clone(),
            _ => None,
        }
    };
    assert!(
        AdminAccess::from_vars(vars(TOKEN, None), &["127.0.0.1:5001"])
            .unwrap()
            .is_some()
    );
    assert!(
        AdminAccess::from_vars(vars(TOKEN, Some("a.internal, b.internal:8080")), &[])
            .unwrap()
            .is_some()
    );
    assert!(
        AdminAccess::from_vars(vars(TOKEN, Some("a.internal,,b")), &[]).is_err(),
        "an empty host entry"
    );
    assert!(AdminAccess::from_vars(vars("short", None), &["127.0.0.1:5001"]).is_err());
}

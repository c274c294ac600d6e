//! SPEC §6, named policies: defined once with `cors_policy!`, checked where
//! defined, used by name and extended per handler. Lists add up; a scalar
//! given on the handler overrides the named one.

mod common;

use axum::body::Body;
use axum::Router;
use common::*;
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouterExt};

mod policies {
    cors_runtime::cors_policy! {
        /// Our partners' sites.
        pub(crate) PARTNERS,
        origins = ["https://a.partner.example", "https://b.partner.example"],
        credentials,
        allow_headers = ["x-partner"],
        max_age = 600,
    }
}

use policies::PARTNERS;

#[cors(PARTNERS)]
async fn partners_only() -> &'static str {
    "partners"
}

#[cors(PARTNERS, origins = ["https://extra.example"], allow_headers = ["x-extra"], max_age = 60)]
async fn extended() -> &'static str {
    "extended"
}

#[cors(policies::PARTNERS, credentials = false)]
async fn by_path() -> &'static str {
    "by path"
}

fn app() -> Router {
    Router::new()
        .cors_route("/partners", get(partners_only))
        .cors_route("/extended", get(extended))
        .cors_route("/by-path", get(by_path))
}

#[tokio::test]
async fn a_named_policy_applies_as_defined() {
    let response = send(
        &app(),
        preflight("/partners", "https://a.partner.example", "GET")
            .header("access-control-request-headers", "x-partner")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 204);
    let h = response.headers();
    assert_eq!(
        header(h, "access-control-allow-origin"),
        Some("https://a.partner.example")
    );
    assert_eq!(header(h, "access-control-allow-credentials"), Some("true"));
    assert_eq!(header(h, "access-control-max-age"), Some("600"));
    let refused = send(
        &app(),
        preflight("/partners", "https://extra.example", "GET")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn lists_add_up_and_scalars_override() {
    for origin in ["https://b.partner.example", "https://extra.example"] {
        let response = send(
            &app(),
            preflight("/extended", origin, "GET")
                .header("access-control-request-headers", "x-partner,x-extra")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(response.status(), 204, "{origin}");
        let h = response.headers();
        assert_eq!(header(h, "access-control-allow-origin"), Some(origin));
        assert_eq!(header(h, "access-control-allow-credentials"), Some("true"));
        assert_eq!(header(h, "access-control-max-age"), Some("60"));
        assert_eq!(
            header(h, "access-control-allow-headers"),
            Some("x-partner,x-extra,accept,accept-language,content-language,content-type")
        );
    }
}

#[tokio::test]
async fn a_handler_can_turn_a_flag_off_by_path() {
    let response = send(
        &app(),
        request("GET", "/by-path")
            .header("origin", "https://a.partner.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some("https://a.partner.example")
    );
    assert_eq!(
        header(response.headers(), "access-control-allow-credentials"),
        None
    );
}

mod tenant_policies {
    use axum::http::request::Parts;

    /// Allows only `https://tenant.example`.
    pub async fn tenant_check(origin: &str, _parts: &Parts, _state: &()) -> bool {
        origin == "https://tenant.example"
    }

    // A dynamic check named by its full path resolves to this function wherever the policy is used.
    cors_runtime::cors_policy!(pub(crate) TENANTS, origins = dynamic(crate::tenant_policies::tenant_check));
}

/// Refuses everything: must not be picked up by `TENANTS` used in this module.
#[allow(dead_code)]
async fn tenant_check(_origin: &str, _parts: &axum::http::request::Parts, _state: &()) -> bool {
    false
}

#[cors(tenant_policies::TENANTS)]
async fn tenant_data() -> &'static str {
    "tenant"
}

#[tokio::test]
async fn a_named_dynamic_policy_runs_the_check_it_names() {
    let app: Router = Router::new().cors_route("/tenant", get(tenant_data));
    let response = send(
        &app,
        request("GET", "/tenant")
            .header("origin", "https://tenant.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some("https://tenant.example")
    );
}

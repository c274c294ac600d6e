//! SPEC §6 forms: patterns, `env(...)`, `dynamic(...)`, `private_network`,
//! named policies used by name and by path, extended per handler.
#![deny(warnings)]

use axum::http::request::Parts;
use axum::Router;
use cors_runtime::{cors, cors_policy, routing::{get, post}, CorsRouterExt};

mod policies {
    cors_runtime::cors_policy! {
        /// Partner sites.
        pub(crate) PARTNERS,
        origins = ["https://*.partner.example", "http://localhost:*"],
        allow_headers = ["x-partner"],
    }
}

cors_policy!(INTERNAL, origins = ["https://intranet.example"], credentials, private_network);

#[derive(Clone)]
struct AppState;

async fn tenant_check(origin: &str, _parts: &Parts, _state: &AppState) -> bool {
    origin.ends_with(".tenant.example")
}

#[cors(origins = ["https://*.example.com", "https://exact.example.org:8443"], credentials)]
async fn patterned() -> &'static str {
    "patterned"
}

#[cors(origins = env("CORS_ORIGINS"), credentials, max_age = 60)]
async fn configured() -> &'static str {
    "configured"
}

#[cors(origins = dynamic(tenant_check), credentials)]
async fn dynamic() -> &'static str {
    "dynamic"
}

#[cors(policies::PARTNERS, expose_headers = ["x-total"], max_age = 60)]
async fn partners() -> &'static str {
    "partners"
}

#[cors(INTERNAL)]
async fn internal() -> &'static str {
    "internal"
}

fn main() {
    // Read when the router is built.
    std::env::set_var("CORS_ORIGINS", "https://app.example.com, https://*.tenant.example");
    let _app: Router = Router::new()
        .cors_route("/patterned", get(patterned))
        .cors_route("/configured", get(configured))
        .cors_route("/dynamic", get(dynamic).post(partners))
        .cors_route("/internal", post(internal))
        .with_state(AppState);
}

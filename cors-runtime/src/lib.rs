//! Per-route CORS for axum, declared on the handler and checked by the compiler.
//!
//! ```ignore
//! use cors_runtime::{cors, routing::get, CorsRouterExt};
//!
//! #[cors(origins = ["https://app.example.com"], credentials, max_age = 600)]
//! async fn get_data() -> &'static str { "data" }
//!
//! let app: axum::Router = axum::Router::new().cors_route("/api/data", get(get_data));
//! ```
//!
//! See the README for every key of `#[cors]` and what is checked at compile time.

mod actual_request;
mod allow_headers;
mod allow_origin;
mod configured_origins;
mod cors_future;
mod cors_service;
mod dynamic_origin;
mod handler;
mod path_handler;
mod policy;
mod preflight;
mod refusal;
mod route_policies;
mod router_ext;
pub mod routing;
mod vary;
mod wrapped_handler;

pub use cors_macros::{cors, cors_policy};
pub use configured_origins::{parse_origin_list, OriginConfigError, OriginList};
pub use dynamic_origin::OriginCheckFn;
pub use handler::CorsHandler;
pub use route_policies::CorsRouteError;
pub use router_ext::CorsRouterExt;
pub use routing::CorsMethodRouter;

/// What generated code names; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use crate::handler::{CorsHandler, UseCorsRuntimeRouting};
    pub use crate::routing::UseThisModuleNotAxumRouting;
    pub use crate::dynamic_origin::DynamicOrigins;
    pub use crate::policy::{AllowHeaders, AllowMethods, AllowOrigins, Policy};
    pub use axum;
    pub use http::HeaderValue;
}

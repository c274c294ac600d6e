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

#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(unreachable_pub, missing_debug_implementations)]


mod actual_request;
mod allow_origin;
mod cors_future;
mod decision;
mod dynamic_origin;
mod gate;
mod handler;
mod log_value;
mod origin_list;
mod path_handler;
mod policy;
mod policy_layer;
mod policy_table;
mod preflight;
mod preflight_headers;
mod refusal;
mod route_policies;
mod router_ext;
pub mod routing;
mod vary;
mod wrapped_handler;

pub use cors_macros::{cors, cors_policy};
pub use origin_list::{parse_origin_list, OriginConfigError, OriginList};
pub use policy::Policy;
pub use policy_layer::{PolicyLayer, PolicyService};
pub use policy_table::{policy_table, PolicyLevel, PolicyRow, PolicyTable};
pub use dynamic_origin::OriginCheckFn;
pub use handler::CorsHandler;
pub use route_policies::CorsRouteError;
pub use router_ext::CorsRouterExt;
pub use routing::CorsMethodRouter;

/// What generated code names; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use crate::handler::{CorsHandler, Sealed, UseCorsRuntimeRouting};
    pub use crate::routing::UseThisModuleNotAxumRouting;
    pub use crate::dynamic_origin::DynamicOrigins;
    pub use crate::policy::{AllowHeaders, AllowMethods, AllowOrigins, Policy, PolicyParts};
    pub use crate::policy_layer::PolicyLayer;
    pub use axum;
    pub use http::{HeaderValue, StatusCode};
}

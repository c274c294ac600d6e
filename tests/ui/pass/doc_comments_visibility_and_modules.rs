// Doc comments and visibility are kept, and handlers defined in another module
// are named by path.
#![deny(warnings, missing_docs)]
//! A crate documenting its handlers.

use axum::Router;
use cors_runtime::{routing::get, CorsRouterExt};

/// The API's handlers.
pub mod api {
    use cors_runtime::cors;

    /// Lists the items.
    ///
    /// Answers every origin.
    #[cors(origins = "*")]
    pub async fn list_items() -> &'static str {
        "[]"
    }

    /// Creates an item.
    #[cors(origins = ["https://app.example.com"], credentials)]
    pub(crate) async fn create_item(body: String) -> String {
        body
    }

    pub(super) mod admin {
        use cors_runtime::cors;

        #[cors(origins = ["https://admin.example.com"], credentials, max_age = 60)]
        pub(in crate::api) async fn purge() -> &'static str {
            "purged"
        }

        /// Re-exported below.
        #[cors(origins = ["https://admin.example.com"], credentials)]
        pub async fn stats() -> &'static str {
            "{}"
        }
    }

    pub use admin::stats;

    /// A router for the admin handlers, built where `purge` is visible.
    pub fn admin_routes() -> axum::Router {
        use cors_runtime::{routing::delete, CorsRouterExt};
        axum::Router::new().cors_route("/admin/purge", delete(admin::purge))
    }
}

fn main() {
    let _app: Router = Router::new()
        .cors_route("/items", get(api::list_items).post(api::create_item))
        .cors_route("/stats", get(api::stats))
        .merge(api::admin_routes());
}

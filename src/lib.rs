//! Host of the workspace's examples, integration and browser tests and benchmarks (unpublished).
//!
//! [`demo`] is the app of `cargo run -p cors-demo` (its own package, so the
//! demo builds only what it needs), shared with the browser suite
//! (`tests/browser.rs`) so both serve the same routes and page.

pub use cors_demo as demo;
pub mod tenant_origins;

//! Host of the workspace's examples, integration and browser tests and benchmarks (unpublished).
//!
//! [`demo`] is the app of `cargo run --example demo`, shared with the browser
//! suite (`tests/browser.rs`) so both serve the same routes and page.

pub mod demo;
pub mod tenant_origins;

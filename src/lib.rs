//! Host of the workspace's examples, integration and browser tests and benchmarks (unpublished).

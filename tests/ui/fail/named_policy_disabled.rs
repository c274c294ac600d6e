use cors_runtime::cors_policy;

// A policy that does nothing: `disabled` belongs on handlers.
cors_policy!(OFF, disabled);

fn main() {}

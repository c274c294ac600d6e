use cors_runtime::cors_policy;

cors_policy!(BASE, origins = ["https://app.example.com"]);

// `BASE` is not silently dropped: a policy cannot extend another.
cors_policy!(DERIVED, BASE, max_age = 60);

fn main() {}

//! The policies of `tests/reference_model.rs`'s handlers, written again as
//! plain data for the model. Each entry mirrors one `#[cors(...)]` attribute
//! there; keep the two in step.

/// `origins = ...`
#[derive(Debug, Clone, PartialEq)]
pub enum Origins {
    /// `"*"`
    Any,
    /// Exact origins (as browsers serialise them) and patterns.
    List {
        exact: Vec<String>,
        patterns: Vec<Pattern>,
    },
    /// `dynamic(tenant_check)`: allows what [`crate::tenant_allows`] allows.
    Dynamic,
}

/// `https://*.example.com` is `{ scheme: "https", host: "example.com", any_subdomain: true, port: Default }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub scheme: &'static str,
    pub host: &'static str,
    pub any_subdomain: bool,
    pub port: Port,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Port {
    /// No port written: the scheme's default, which browsers leave out.
    Default,
    Fixed(u16),
    /// `:*`
    Any,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Methods {
    /// `methods` left out: the methods the handler is registered for.
    Registered,
    Any,
    List(Vec<&'static str>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum AllowHeaders {
    Any,
    /// Lower case.
    List(Vec<&'static str>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// The handler's name, which is also its response body.
    pub handler: &'static str,
    pub origins: Origins,
    pub credentials: bool,
    pub methods: Methods,
    pub allow_headers: AllowHeaders,
    /// `None` when not set; `["*"]` for `"*"`.
    pub expose_headers: Option<Vec<&'static str>>,
    pub max_age: Option<u32>,
    pub private_network: bool,
    /// `Vary` values the handler itself sets (lower case).
    pub handler_vary: Vec<&'static str>,
}

/// One path and its handlers, in registration order.
#[derive(Debug, Clone)]
pub struct Route {
    pub path: &'static str,
    pub methods: Vec<(&'static str, Policy)>,
}

fn list(exact: &[&str], patterns: Vec<Pattern>) -> Origins {
    Origins::List {
        exact: exact.iter().map(|s| s.to_string()).collect(),
        patterns,
    }
}

fn base(handler: &'static str, origins: Origins) -> Policy {
    Policy {
        handler,
        origins,
        credentials: false,
        methods: Methods::Registered,
        allow_headers: AllowHeaders::List(vec![]),
        expose_headers: None,
        max_age: None,
        private_network: false,
        handler_vary: vec![],
    }
}

pub fn wild_get() -> Policy {
    base("wild_get", Origins::Any)
}

pub fn wild_any() -> Policy {
    Policy {
        methods: Methods::Any,
        allow_headers: AllowHeaders::Any,
        expose_headers: Some(vec!["*"]),
        max_age: Some(60),
        ..base("wild_any", Origins::Any)
    }
}

pub fn exact_cred() -> Policy {
    Policy {
        credentials: true,
        methods: Methods::List(vec!["GET", "PUT", "DELETE"]),
        allow_headers: AllowHeaders::List(vec!["x-token", "authorization"]),
        expose_headers: Some(vec!["x-total", "x-page"]),
        max_age: Some(600),
        ..base(
            "exact_cred",
            list(
                &["https://app.example.com", "http://localhost:3000"],
                vec![],
            ),
        )
    }
}

pub fn patterns_get() -> Policy {
    Policy {
        allow_headers: AllowHeaders::Any,
        expose_headers: Some(vec!["x-total"]),
        ..base(
            "patterns_get",
            list(
                &["https://exact.example.org"],
                vec![
                    Pattern {
                        scheme: "https",
                        host: "example.com",
                        any_subdomain: true,
                        port: Port::Default,
                    },
                    Pattern {
                        scheme: "http",
                        host: "localhost",
                        any_subdomain: false,
                        port: Port::Any,
                    },
                ],
            ),
        )
    }
}

pub fn patterns_post() -> Policy {
    Policy {
        credentials: true,
        private_network: true,
        methods: Methods::List(vec!["POST"]),
        ..base(
            "patterns_post",
            list(
                &["https://app.example.com"],
                vec![Pattern {
                    scheme: "https",
                    host: "partner.example",
                    any_subdomain: true,
                    port: Port::Default,
                }],
            ),
        )
    }
}

/// `origins = env("CORS_MODEL_ORIGINS")`, whose value each case generates.
pub fn env_get(origins: Origins) -> Policy {
    Policy {
        credentials: true,
        methods: Methods::List(vec!["GET", "POST"]),
        allow_headers: AllowHeaders::List(vec!["content-type", "x-requested-with"]),
        ..base("env_get", origins)
    }
}

pub fn dynamic_get() -> Policy {
    Policy {
        allow_headers: AllowHeaders::List(vec!["x-tenant"]),
        expose_headers: Some(vec!["x-tenant"]),
        ..base("dynamic_get", Origins::Dynamic)
    }
}

pub fn dynamic_beside() -> Policy {
    Policy {
        credentials: true,
        ..base("dynamic_beside", list(&["https://app.example.com"], vec![]))
    }
}

pub fn reg_get() -> Policy {
    base("reg_get", list(&["https://app.example.com"], vec![]))
}

pub fn reg_post() -> Policy {
    Policy {
        credentials: true,
        allow_headers: AllowHeaders::List(vec!["content-type", "x-csrf"]),
        handler_vary: vec!["accept-encoding"],
        ..base(
            "reg_post",
            list(
                &["https://app.example.com", "https://admin.example.com"],
                vec![],
            ),
        )
    }
}

pub fn reg_delete() -> Policy {
    Policy {
        credentials: true,
        ..base("reg_delete", list(&["https://admin.example.com"], vec![]))
    }
}

pub fn reg_options() -> Policy {
    Policy {
        expose_headers: Some(vec!["allow"]),
        ..base("reg_options", list(&["https://app.example.com"], vec![]))
    }
}

/// Every route of the app, as `crate::app` registers them.
pub fn routes(env_origins: Origins) -> Vec<Route> {
    vec![
        Route {
            path: "/wild",
            methods: vec![("GET", wild_get()), ("POST", wild_any())],
        },
        Route {
            path: "/exact",
            methods: vec![("GET", exact_cred()), ("PUT", exact_cred())],
        },
        Route {
            path: "/patterns",
            methods: vec![("GET", patterns_get()), ("POST", patterns_post())],
        },
        Route {
            path: "/env",
            methods: vec![("GET", env_get(env_origins))],
        },
        Route {
            path: "/dynamic",
            methods: vec![("GET", dynamic_get()), ("POST", dynamic_beside())],
        },
        Route {
            path: "/registered",
            methods: vec![
                ("GET", reg_get()),
                ("POST", reg_post()),
                ("DELETE", reg_delete()),
                ("OPTIONS", reg_options()),
            ],
        },
    ]
}

/// Entries an `env(...)` value may hold (all valid with `credentials`), with
/// what each allows. `with_loopback_pattern`: also `http://localhost:*`,
/// which SPEC §2 allows and the runtime refuses until issue 8 hole 5 is fixed.
pub fn env_entries(with_loopback_pattern: bool) -> Vec<(&'static str, Origins)> {
    let exact = |s: &str| list(&[s], vec![]);
    let mut entries = vec![
        ("https://app.example.com", exact("https://app.example.com")),
        ("http://localhost:3000", exact("http://localhost:3000")),
        ("http://127.0.0.1:8080", exact("http://127.0.0.1:8080")),
        (
            "https://admin.example.com:8443",
            exact("https://admin.example.com:8443"),
        ),
        (
            "https://*.partner.example",
            list(
                &[],
                vec![Pattern {
                    scheme: "https",
                    host: "partner.example",
                    any_subdomain: true,
                    port: Port::Default,
                }],
            ),
        ),
        (
            "https://*.partner.example:8443",
            list(
                &[],
                vec![Pattern {
                    scheme: "https",
                    host: "partner.example",
                    any_subdomain: true,
                    port: Port::Fixed(8443),
                }],
            ),
        ),
    ];
    if with_loopback_pattern {
        entries.push((
            "http://localhost:*",
            list(
                &[],
                vec![Pattern {
                    scheme: "http",
                    host: "localhost",
                    any_subdomain: false,
                    port: Port::Any,
                }],
            ),
        ));
    }
    entries
}

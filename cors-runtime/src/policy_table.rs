//! One place that lists which route answers which origins: every path and
//! method served with a policy (`cors_route`), and every `cors_layer!`, as
//! they are built. For start-up logs, audits, and snapshot tests that fail
//! when a refactor drops a policy.

use std::fmt;
use std::sync::Mutex;

use crate::policy::{AllowHeaders, AllowMethods, AllowOrigins, Policy};

/// Every policy built in this process so far, in the order routes were built.
static REGISTRY: Mutex<Vec<PolicyRow>> = Mutex::new(Vec::new());

/// Whether a policy belongs to one route or to everything under a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum PolicyLevel {
    /// `#[cors]` on a handler, served by `cors_route`.
    Route,
    /// `cors_layer!` over a router or service.
    Router,
}

/// One path and method served with a policy (or one `cors_layer!`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct PolicyRow {
    /// The route's path; `*` for a `cors_layer!`.
    pub path: String,
    /// The method; `*` for a `cors_layer!`.
    pub method: String,
    /// The handler's name, or `cors_layer!`.
    pub handler: String,
    /// The allowed origins as written: a list, `*`, `env(NAME)`, `dynamic`, or `disabled`.
    pub origins: String,
    /// `credentials`.
    pub credentials: bool,
    /// `methods`: the listed ones, `*`, or `registered`.
    pub methods: String,
    /// `allow_headers` beyond the safelisted ones.
    pub allow_headers: String,
    /// `expose_headers`, empty when unset.
    pub expose_headers: String,
    /// `max_age` in seconds, when set.
    pub max_age: Option<u32>,
    /// `#[cors(disabled)]`.
    pub disabled: bool,
    /// `block_refused`.
    pub block_refused: bool,
    /// Route-level or router-level.
    pub level: PolicyLevel,
    /// Where the policy is written (`file:line` of the `#[cors]`, the named
    /// policy's use, or the `cors_layer!`).
    pub defined_at: String,
}

impl PolicyRow {
    pub(crate) fn new(
        path: &str,
        method: &str,
        handler: &str,
        policy: &Policy,
        level: PolicyLevel,
    ) -> Self {
        let parts = policy.parts();
        let origins = match parts.origins {
            AllowOrigins::Any => "*".to_owned(),
            AllowOrigins::Exact(exact) => exact.join(" "),
            AllowOrigins::Patterns { exact, patterns } => exact
                .iter()
                .chain(patterns)
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
            AllowOrigins::Env(name) => format!("env({name})"),
            AllowOrigins::Dynamic => "dynamic".to_owned(),
            AllowOrigins::Disabled => "disabled".to_owned(),
        };
        let methods = match &parts.methods {
            AllowMethods::Registered => "registered".to_owned(),
            AllowMethods::Any => "*".to_owned(),
            AllowMethods::List { methods, .. } => methods.join(","),
        };
        let allow_headers = match &parts.allow_headers {
            AllowHeaders::Any => "*".to_owned(),
            AllowHeaders::List { names, .. } => names.join(","),
        };
        Self {
            path: path.to_owned(),
            method: method.to_owned(),
            handler: handler.to_owned(),
            disabled: parts.origins == AllowOrigins::Disabled,
            origins,
            credentials: parts.credentials,
            methods,
            allow_headers,
            expose_headers: parts.expose_headers.unwrap_or_default().to_owned(),
            max_age: parts.max_age.and_then(|seconds| seconds.parse().ok()),
            block_refused: parts.block_refused,
            level,
            defined_at: parts.location.to_owned(),
        }
    }
}

/// Records rows as a route or layer is built.
pub(crate) fn record(rows: impl IntoIterator<Item = PolicyRow>) {
    let mut registry = REGISTRY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    registry.extend(rows);
}

/// Every route and layer policy built in this process so far.
///
/// ```
/// # use cors_runtime::{cors, routing::get, CorsRouterExt};
/// #[cors(origins = ["https://app.example.com"], credentials)]
/// async fn data() -> &'static str { "data" }
///
/// let app: axum::Router = axum::Router::new().cors_route("/api/data", get(data));
/// let table = cors_runtime::policy_table();
/// assert!(table.rows().iter().any(|row| row.path == "/api/data" && row.credentials));
/// println!("{table}");
/// ```
pub fn policy_table() -> PolicyTable {
    let registry = REGISTRY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    PolicyTable {
        rows: registry.clone(),
    }
}

/// The rows of [`policy_table`]: `Display` prints an aligned text table;
/// with the `serde` feature, it serialises as a list of rows.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct PolicyTable {
    rows: Vec<PolicyRow>,
}

impl PolicyTable {
    /// The rows, in the order the routes were built.
    pub fn rows(&self) -> &[PolicyRow] {
        &self.rows
    }
}

impl fmt::Display for PolicyTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HEAD: [&str; 12] = [
            "level",
            "path",
            "method",
            "handler",
            "origins",
            "credentials",
            "methods",
            "allow_headers",
            "expose_headers",
            "max_age",
            "gate",
            "defined at",
        ];
        let cells: Vec<[String; 12]> = self
            .rows
            .iter()
            .map(|row| {
                [
                    match row.level {
                        PolicyLevel::Route => "route".to_owned(),
                        PolicyLevel::Router => "router".to_owned(),
                    },
                    row.path.clone(),
                    row.method.clone(),
                    row.handler.clone(),
                    row.origins.clone(),
                    if row.credentials {
                        "yes".to_owned()
                    } else {
                        "no".to_owned()
                    },
                    row.methods.clone(),
                    row.allow_headers.clone(),
                    row.expose_headers.clone(),
                    row.max_age
                        .map_or_else(String::new, |seconds| seconds.to_string()),
                    if row.block_refused {
                        "block_refused".to_owned()
                    } else {
                        String::new()
                    },
                    row.defined_at.clone(),
                ]
            })
            .collect();
        let mut widths = HEAD.map(str::len);
        for row in &cells {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let line = |f: &mut fmt::Formatter<'_>, cells: &[&str]| -> fmt::Result {
            let text: Vec<String> = cells
                .iter()
                .zip(widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect();
            writeln!(f, "{}", text.join("  ").trim_end())
        };
        line(f, &HEAD)?;
        for row in &cells {
            line(f, &row.iter().map(String::as_str).collect::<Vec<_>>())?;
        }
        Ok(())
    }
}

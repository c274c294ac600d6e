//! The calls the demo page makes, one row of its table each, with the policy
//! that answers and what a browser decides for a page served from
//! [`FRONTEND_ORIGIN`](super::FRONTEND_ORIGIN).

use serde::Serialize;

/// How the page makes a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `fetch()`.
    Fetch,
    /// `new WebSocket(...)`, then one message and its echo.
    WebSocket,
}

/// One call the page makes.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Call {
    pub kind: Kind,
    pub method: &'static str,
    pub path: &'static str,
    /// `credentials: "include"` when true, `"omit"` otherwise.
    pub credentials: bool,
    /// Request headers the page sets.
    pub headers: &'static [(&'static str, &'static str)],
    pub body: Option<&'static str>,
    /// Response headers the page tries to read (exposed or not).
    pub read_headers: &'static [&'static str],
    /// The policy of the handler that answers, as written in `api.rs`.
    pub policy: &'static str,
    /// What the row shows.
    pub lesson: &'static str,
    /// Whether the browser lets the page read the response.
    pub allowed: bool,
}

const JSON: (&str, &str) = ("content-type", "application/json");

/// The policies as written in `api.rs` (a unit test below keeps them in step).
/// The router-wide layer: `.layer(cors_layer!(EXPRESS_PRODUCTION, block_refused))`
/// over plain axum routes, with the named policy defined as:
const DATA_POLICY: &str = r#"cors_policy!(EXPRESS_PRODUCTION, origins = ["https://www.yourfrontend.com", "https://yourfrontend.netlify.app", "http://localhost:3000"], methods = "GET,HEAD,PUT,PATCH,POST,DELETE", credentials, allow_headers = ["content-type", "authorization", "x-api-key"], expose_headers = ["x-total"], max_age = 600)"#;
const LAYER_POLICY: &str = r#"cors_layer!(EXPRESS_PRODUCTION, block_refused)"#;
const DISABLED_POLICY: &str = r#"#[cors(disabled)]"#;
const PUBLIC_POLICY: &str = r#"#[cors(origins = "*")]"#;
const DELETE_ITEM_POLICY: &str = r#"#[cors(origins = ["https://admin.yourfrontend.com"], credentials, allow_headers = ["authorization"])]"#;
const ORDERS_POLICY: &str = r#"#[cors(origins = ["http://localhost:3000"], allow_headers = ["content-type"], expose_headers = ["location"])]"#;
const PARTNER_POLICY: &str = r#"#[cors(origins = ["https://partner.example.com"])]"#;

/// Every row of the demo table, in order.
pub const CALLS: &[Call] = &[
    Call {
        kind: Kind::Fetch,
        method: "GET",
        path: "/api/data",
        credentials: false,
        headers: &[],
        body: None,
        read_headers: &["x-total", "x-internal"],
        policy: DATA_POLICY,
        lesson: "Listed origin: allowed. Only exposed headers are readable (x-internal stays hidden).",
        allowed: true,
    },
    Call {
        kind: Kind::Fetch,
        method: "GET",
        path: "/api/data",
        credentials: true,
        headers: &[],
        body: None,
        read_headers: &[],
        policy: DATA_POLICY,
        lesson: "With cookies: the answer names this origin and adds Allow-Credentials: true.",
        allowed: true,
    },
    Call {
        kind: Kind::Fetch,
        method: "PUT",
        path: "/api/data",
        credentials: true,
        headers: &[JSON, ("x-api-key", "demo-key")],
        body: Some(r#"{"message":"updated from the page"}"#),
        read_headers: &[],
        policy: DATA_POLICY,
        lesson: "JSON and a custom header: preflight (OPTIONS) first, then the PUT. Cached 600 s.",
        allowed: true,
    },
    Call {
        kind: Kind::Fetch,
        method: "PUT",
        path: "/api/data",
        credentials: true,
        headers: &[JSON, ("x-debug", "1")],
        body: Some(r#"{"message":"never sent"}"#),
        read_headers: &[],
        policy: DATA_POLICY,
        lesson: "x-debug is not in allow_headers: the preflight gets 403 and the PUT is never sent.",
        allowed: false,
    },
    Call {
        kind: Kind::Fetch,
        method: "GET",
        path: "/api/public",
        credentials: false,
        headers: &[],
        body: None,
        read_headers: &[],
        policy: PUBLIC_POLICY,
        lesson: "Public route: any origin may read it (Allow-Origin: *).",
        allowed: true,
    },
    Call {
        kind: Kind::Fetch,
        method: "GET",
        path: "/api/public",
        credentials: true,
        headers: &[],
        body: None,
        read_headers: &[],
        policy: PUBLIC_POLICY,
        lesson: "A wildcard is never credentialed: the browser refuses * on a request with cookies.",
        allowed: false,
    },
    Call {
        kind: Kind::Fetch,
        method: "GET",
        path: "/api/items/7",
        credentials: false,
        headers: &[],
        body: None,
        read_headers: &[],
        policy: PUBLIC_POLICY,
        lesson: "Same path as the next row, own policy: anyone may read an item.",
        allowed: true,
    },
    Call {
        kind: Kind::Fetch,
        method: "DELETE",
        path: "/api/items/7",
        credentials: true,
        headers: &[("authorization", "Bearer demo-token")],
        body: None,
        read_headers: &[],
        policy: DELETE_ITEM_POLICY,
        lesson: "The preflight asks about DELETE and gets DELETE's policy: this origin is not listed.",
        allowed: false,
    },
    Call {
        kind: Kind::Fetch,
        method: "POST",
        path: "/api/orders",
        credentials: false,
        headers: &[JSON],
        body: Some(r#"{"item":"tea","qty":2}"#),
        read_headers: &["location"],
        policy: ORDERS_POLICY,
        lesson: "Created (201); the exposed Location header is readable.",
        allowed: true,
    },
    Call {
        kind: Kind::Fetch,
        method: "POST",
        path: "/api/orders",
        credentials: false,
        headers: &[JSON],
        body: Some(r#"{"item":"tea","qty":"#),
        read_headers: &[],
        policy: ORDERS_POLICY,
        lesson: "Malformed JSON: axum's 400 carries the CORS headers, so the page reads the error.",
        allowed: true,
    },
    Call {
        kind: Kind::Fetch,
        method: "POST",
        path: "/api/orders",
        credentials: false,
        headers: &[JSON],
        body: Some(r#"{"item":"tea"}"#),
        read_headers: &[],
        policy: ORDERS_POLICY,
        lesson: "A field missing: 422, readable too. Errors are answers, not network failures.",
        allowed: true,
    },
    Call {
        kind: Kind::Fetch,
        method: "GET",
        path: "/api/partner",
        credentials: false,
        headers: &[],
        body: None,
        read_headers: &[],
        policy: PARTNER_POLICY,
        lesson: "Origin not listed: the server answers without CORS headers, the browser hides it.",
        allowed: false,
    },
    Call {
        kind: Kind::Fetch,
        method: "POST",
        path: "/api/feedback",
        credentials: true,
        headers: &[("content-type", "text/plain")],
        body: Some("great demo"),
        read_headers: &[],
        policy: LAYER_POLICY,
        lesson: "A text/plain POST needs no preflight. Listed origin: it reaches the handler. From a refused origin (open this page at 127.0.0.1) block_refused answers 403 first: the count does not grow.",
        allowed: true,
    },
    Call {
        kind: Kind::WebSocket,
        method: "GET",
        path: "/api/echo",
        credentials: false,
        headers: &[],
        body: Some("hello"),
        read_headers: &[],
        policy: LAYER_POLICY,
        lesson: "Browsers apply no CORS to WebSockets; the policy gates the upgrade. Listed origin: connected, echoed. From a refused origin: 403, the socket never opens.",
        allowed: true,
    },
    Call {
        kind: Kind::Fetch,
        method: "GET",
        path: "/api/internal",
        credentials: false,
        headers: &[],
        body: None,
        read_headers: &[],
        policy: DISABLED_POLICY,
        lesson: "Opted out of the router-wide policy: no CORS headers for anyone.",
        allowed: false,
    },
    Call {
        kind: Kind::Fetch,
        method: "GET",
        path: "/health",
        credentials: false,
        headers: &[],
        body: None,
        read_headers: &[],
        policy: "none: a plain axum::routing::get route",
        lesson: "No #[cors]: no CORS headers, so no other origin may read it.",
        allowed: false,
    },
];

/// How many rows the browser should show allowed (green) and blocked (red).
pub fn expected_counts() -> (usize, usize) {
    let allowed = CALLS.iter().filter(|call| call.allowed).count();
    (allowed, CALLS.len() - allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn squeeze(text: &str) -> String {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        text.replace(",)]", ")]")
    }

    #[test]
    fn every_policy_shown_is_one_written_in_api_rs() {
        let api = squeeze(include_str!("api.rs"));
        let written = |policy: &str| {
            policy.starts_with("#[cors")
                || policy.starts_with("cors_policy!")
                || policy.starts_with("cors_layer!")
        };
        for call in CALLS.iter().filter(|call| written(call.policy)) {
            assert!(
                api.contains(&squeeze(call.policy)),
                "{} is not in api.rs",
                call.policy
            );
        }
    }

    #[test]
    fn both_colours_are_shown() {
        let (allowed, blocked) = expected_counts();
        assert!(allowed > 0 && blocked > 0);
    }
}

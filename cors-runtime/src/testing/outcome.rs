//! What one `fetch()` came to: readable or blocked (and why), the exchanges
//! the browser had with the server, and a summary to compare with a real
//! browser.

use std::collections::BTreeMap;
use std::fmt;

use axum::body::Bytes;
use http::{HeaderMap, Method, StatusCode, Uri};

/// Why a CORS check failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CorsCheckFailure {
    /// The response has no `Access-Control-Allow-Origin`.
    NoAllowOrigin,
    /// `Access-Control-Allow-Origin: *` answered a request with credentials.
    WildcardWithCredentials,
    /// `Access-Control-Allow-Origin` is not the page's origin, byte for byte
    /// (several values count as one, joined by `, `).
    OriginMismatch {
        /// The value the server sent.
        allowed: String,
    },
    /// A request with credentials, without `Access-Control-Allow-Credentials: true`.
    CredentialsNotAllowed {
        /// The value the server sent, if any.
        found: Option<String>,
    },
}

impl fmt::Display for CorsCheckFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoAllowOrigin => f.write_str("no Access-Control-Allow-Origin"),
            Self::WildcardWithCredentials => {
                f.write_str("Access-Control-Allow-Origin `*` with credentials")
            }
            Self::OriginMismatch { allowed } => {
                write!(
                    f,
                    "Access-Control-Allow-Origin `{}` is not the page's origin",
                    allowed.escape_debug()
                )
            }
            Self::CredentialsNotAllowed { found: None } => {
                f.write_str("no Access-Control-Allow-Credentials: true with credentials")
            }
            Self::CredentialsNotAllowed { found: Some(found) } => {
                write!(
                    f,
                    "Access-Control-Allow-Credentials `{}` is not `true`",
                    found.escape_debug()
                )
            }
        }
    }
}

/// Why the browser refused the page the response (`fetch()` rejects with a
/// `TypeError`; the page learns nothing more). [`Outcome::reason`] is its
/// `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// `fetch()` refuses the method before sending anything (CONNECT, TRACE, TRACK).
    ForbiddenMethod(String),
    /// The preflight was answered with a status outside 200..=299.
    PreflightStatus(u16),
    /// The preflight's answer failed the CORS check.
    PreflightCorsCheck(CorsCheckFailure),
    /// `Access-Control-Allow-Methods` or `-Headers` is not a comma list of tokens.
    PreflightInvalidList {
        /// The header.
        header: &'static str,
        /// Its value.
        value: String,
    },
    /// The method is neither safelisted nor in `Access-Control-Allow-Methods`.
    MethodNotAllowed {
        /// The method, as sent in `Access-Control-Request-Method`.
        method: String,
        /// The list had `*`, which does not count for a request with credentials.
        wildcard_ignored: bool,
    },
    /// A request header is not in `Access-Control-Allow-Headers`.
    HeaderNotAllowed {
        /// The header, lower case.
        name: String,
        /// The list had `*`, which does not count for a request with
        /// credentials, nor ever for `authorization`.
        wildcard_ignored: bool,
    },
    /// The actual response failed the CORS check.
    CorsCheck(CorsCheckFailure),
    /// The service returned an error or its body failed: a network error.
    Network(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ForbiddenMethod(method) => write!(f, "fetch() refuses the method {method}"),
            Self::PreflightStatus(status) => write!(f, "preflight refused ({status})"),
            Self::PreflightCorsCheck(failure) => write!(f, "preflight: {failure}"),
            Self::PreflightInvalidList { header, value } => {
                write!(f, "preflight: invalid {header} `{}`", value.escape_debug())
            }
            Self::MethodNotAllowed {
                method,
                wildcard_ignored,
            } => {
                write!(f, "preflight: {method} not in Access-Control-Allow-Methods")?;
                if *wildcard_ignored {
                    f.write_str(" (`*` does not count with credentials)")?;
                }
                Ok(())
            }
            Self::HeaderNotAllowed {
                name,
                wildcard_ignored,
            } => {
                write!(f, "preflight: {name} not in Access-Control-Allow-Headers")?;
                match (*wildcard_ignored, name == "authorization") {
                    (true, true) => f.write_str(" (`*` never covers Authorization)"),
                    (true, false) => f.write_str(" (`*` does not count with credentials)"),
                    (false, _) => Ok(()),
                }
            }
            Self::CorsCheck(failure) => failure.fmt(f),
            Self::Network(error) => write!(f, "network error: {error}"),
        }
    }
}

/// One request the browser sent and the answer it got.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub(crate) method: Method,
    pub(crate) uri: Uri,
    pub(crate) request_headers: HeaderMap,
    pub(crate) status: StatusCode,
    pub(crate) response_headers: HeaderMap,
}

impl Exchange {
    /// The request's method.
    pub fn method(&self) -> &Method {
        &self.method
    }
    /// The request's target (path and query, as a server receives it).
    pub fn uri(&self) -> &Uri {
        &self.uri
    }
    /// The headers the browser sent (`Origin`, `Host`, `Sec-Fetch-*`, ...).
    pub fn request_headers(&self) -> &HeaderMap {
        &self.request_headers
    }
    /// One request header as text, values joined by `, `.
    pub fn request_header(&self, name: &str) -> Option<String> {
        let values: Vec<_> = self
            .request_headers
            .get_all(name)
            .iter()
            .map(|v| super::response_rules::isomorphic_decode(v.as_bytes()))
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }
    /// The status the server answered.
    pub fn status(&self) -> StatusCode {
        self.status
    }
    /// Every header the server answered, readable or not.
    pub fn response_headers(&self) -> &HeaderMap {
        &self.response_headers
    }
}

/// What a browser decided for one `fetch()`.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub(crate) refusal: Option<Refusal>,
    pub(crate) reason: Option<String>,
    pub(crate) preflight_needed: bool,
    pub(crate) preflight: Option<Exchange>,
    pub(crate) actual: Option<Exchange>,
    pub(crate) cross_origin: bool,
    pub(crate) readable_headers: BTreeMap<String, String>,
    pub(crate) body: Bytes,
    pub(crate) ignored_request_headers: Vec<String>,
}

impl Outcome {
    pub(crate) fn refused(refusal: Refusal) -> Self {
        let mut outcome = Self::empty();
        outcome.refuse(refusal);
        outcome
    }

    pub(crate) fn empty() -> Self {
        Self {
            refusal: None,
            reason: None,
            preflight_needed: false,
            preflight: None,
            actual: None,
            cross_origin: false,
            readable_headers: BTreeMap::new(),
            body: Bytes::new(),
            ignored_request_headers: Vec::new(),
        }
    }

    pub(crate) fn refuse(&mut self, refusal: Refusal) {
        self.reason = Some(refusal.to_string());
        self.refusal = Some(refusal);
        self.readable_headers.clear();
        self.body = Bytes::new();
    }

    /// The page got the response: `fetch()` resolved (whatever the status,
    /// a 404 or 500 included).
    pub fn allowed(&self) -> bool {
        self.refusal.is_none()
    }

    /// `fetch()` rejected: the browser blocked the response (or the request).
    pub fn blocked(&self) -> bool {
        !self.allowed()
    }

    /// Why it was blocked, e.g. `preflight refused (403)` or
    /// `no Access-Control-Allow-Origin`; `None` when allowed.
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// The refusal, for matching on its kind.
    pub fn refusal(&self) -> Option<&Refusal> {
        self.refusal.as_ref()
    }

    /// A preflight went to the server for this `fetch()`.
    pub fn preflight_sent(&self) -> bool {
        self.preflight.is_some()
    }

    /// The request needed a preflight, and the preflight cache answered it.
    pub fn preflight_cached(&self) -> bool {
        self.preflight_needed && self.preflight.is_none()
    }

    /// The preflight, if one was sent.
    pub fn preflight(&self) -> Option<&Exchange> {
        self.preflight.as_ref()
    }

    /// The actual request, if the browser sent it (it has, even when the
    /// response is then blocked: the handler ran).
    pub fn actual(&self) -> Option<&Exchange> {
        self.actual.as_ref()
    }

    /// The request went to another origin than the page's (CORS applied).
    pub fn cross_origin(&self) -> bool {
        self.cross_origin
    }

    /// The status the page reads; `None` when blocked.
    pub fn status(&self) -> Option<StatusCode> {
        self.allowed()
            .then(|| self.actual.as_ref().map(|a| a.status))
            .flatten()
    }

    /// A response header as the page's `response.headers.get(name)` returns
    /// it; `None` when it is absent, not exposed, or the response blocked.
    pub fn readable_header(&self, name: &str) -> Option<&str> {
        self.readable_headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// Every header the page can read, lower-case names, values joined by `, `.
    pub fn readable_headers(&self) -> &BTreeMap<String, String> {
        &self.readable_headers
    }

    /// The body the page reads (empty when blocked).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as text (lossy UTF-8), as `response.text()` gives it.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Headers of the request the page may not set (`Cookie`, `Origin`,
    /// `Sec-*`, ...): a browser drops them silently, and so did the kit.
    pub fn ignored_request_headers(&self) -> &[String] {
        &self.ignored_request_headers
    }

    /// What a browser test can observe, to compare with a real browser.
    pub fn summary(&self) -> Summary {
        Summary {
            allowed: self.allowed(),
            preflight_sent: self.preflight_sent(),
            status: self.status().map(|s| s.as_u16()),
            readable_headers: self.readable_headers.clone(),
        }
    }
}

/// What a page (and the server's log) can observe of one `fetch()`: compare
/// the kit's prediction with a real browser's result field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// `fetch()` resolved.
    pub allowed: bool,
    /// A preflight reached the server.
    pub preflight_sent: bool,
    /// The status the page read; `None` when blocked.
    pub status: Option<u16>,
    /// `[...response.headers]`: lower-case names, values joined by `, `;
    /// empty when blocked.
    pub readable_headers: BTreeMap<String, String>,
}

impl Summary {
    /// One readable header, as `response.headers.get(name)`.
    pub fn readable(&self, name: &str) -> Option<&str> {
        self.readable_headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.allowed { "allowed" } else { "blocked" })?;
        if let Some(status) = self.status {
            write!(f, " {status}")?;
        }
        f.write_str(if self.preflight_sent {
            ", preflight sent"
        } else {
            ", no preflight"
        })?;
        if !self.readable_headers.is_empty() {
            let names: Vec<_> = self.readable_headers.keys().map(String::as_str).collect();
            write!(f, ", readable: {}", names.join(" "))?;
        }
        Ok(())
    }
}

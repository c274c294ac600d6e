//! One handler's (or one router layer's) CORS policy, as the macros write
//! it: a `static` of plain data (`&str`s, flags), checked at compile time.
//! Its response header values are made once, when its route is built
//! ([`HeaderValues`]): a `const` `HeaderValue` per handler would make the
//! compiler evaluate `HeaderValue::from_static` byte by byte for every
//! handler (issue 12's compile-cost profile).

use http::{HeaderValue, Method, StatusCode};

/// The wildcard answer of `origins`, `methods` and `allow_headers` = `"*"`.
pub(crate) static WILDCARD: HeaderValue = HeaderValue::from_static("*");

/// A checked CORS policy. Only `#[cors]`, `cors_policy!` and `cors_layer!`
/// build one; its contents are private.
#[derive(Debug, PartialEq)]
pub struct Policy(PolicyParts);

/// What generated code writes; turned into a [`Policy`] by [`Policy::from_parts`].
#[doc(hidden)]
#[allow(missing_docs)]
#[derive(Debug)]
pub struct PolicyParts {
    pub origins: AllowOrigins,
    pub credentials: bool,
    pub methods: AllowMethods,
    pub allow_headers: AllowHeaders,
    /// `Access-Control-Expose-Headers`, when set.
    pub expose_headers: Option<&'static str>,
    /// `Access-Control-Max-Age` (seconds, as written in the header), when set.
    pub max_age: Option<&'static str>,
    /// Answer Private Network Access preflights.
    pub private_network: bool,
    /// The status of an allowed preflight (204, or 200 for old browsers).
    pub preflight_status: StatusCode,
    /// Refuse unsafe cross-origin requests from refused origins (SPEC §8).
    pub block_refused: bool,
    /// Where the policy is written (`file:line`), for the policy table.
    pub location: &'static str,
}

impl Policy {
    /// For generated code only.
    #[doc(hidden)]
    pub const fn from_parts(parts: PolicyParts) -> Self {
        Self(parts)
    }

    pub(crate) fn parts(&self) -> &PolicyParts {
        &self.0
    }
}

/// Two policies are equal when they answer alike: where each is written
/// does not count (a path whose methods share a policy text answers every
/// preflight alike, so its answers need no `Vary` on the requested method).
impl PartialEq for PolicyParts {
    fn eq(&self, other: &Self) -> bool {
        let Self {
            origins,
            credentials,
            methods,
            allow_headers,
            expose_headers,
            max_age,
            private_network,
            preflight_status,
            block_refused,
            location: _,
        } = self;
        *origins == other.origins
            && *credentials == other.credentials
            && *methods == other.methods
            && *allow_headers == other.allow_headers
            && *expose_headers == other.expose_headers
            && *max_age == other.max_age
            && *private_network == other.private_network
            && *preflight_status == other.preflight_status
            && *block_refused == other.block_refused
    }
}

impl PolicyParts {
    /// Whether `origins`, `methods`, `allow_headers` or `expose_headers` is `*`.
    pub(crate) fn has_wildcard(&self) -> bool {
        matches!(self.origins, AllowOrigins::Any)
            || matches!(self.methods, AllowMethods::Any)
            || matches!(self.allow_headers, AllowHeaders::Any)
            || self.expose_headers == Some("*")
    }
}

/// A policy's response header values, made once when its route or layer is
/// built, never per request. Each comes from a `&'static str` and is made by
/// `HeaderValue::from_static`, so copying one into a response copies a
/// pointer, as a `static` `HeaderValue` would.
#[derive(Debug)]
pub(crate) struct HeaderValues {
    /// `Access-Control-Allow-Methods` of a preflight naming the method.
    pub(crate) allow_methods: HeaderValue,
    /// `Access-Control-Allow-Headers` of an allowed preflight that asks for headers.
    pub(crate) allow_headers: HeaderValue,
    pub(crate) expose_headers: Option<HeaderValue>,
    pub(crate) max_age: Option<HeaderValue>,
}

impl HeaderValues {
    /// The values for the handler registered for `method` (`None`: a
    /// router-wide policy, which needs a `methods` list). `Err` says what no
    /// route can serve: the macros never write it, a hand-written policy may
    /// (refused when its route is built, never a panic).
    pub(crate) fn of(parts: &PolicyParts, method: Option<&Method>) -> Result<Self, String> {
        let allow_methods = match (&parts.methods, method) {
            (AllowMethods::List { header, .. }, _) => static_value(header)?,
            (AllowMethods::Any, _) => WILDCARD.clone(),
            // `methods` left out: the method the handler is registered for.
            (AllowMethods::Registered, Some(method)) => HeaderValue::from_str(method.as_str())
                .map_err(|_| format!("`{method}` is not a header value"))?,
            // A layer has no registered methods: `cors_layer!` writes the seed's list.
            (AllowMethods::Registered, None) => {
                return Err("a router-wide policy needs a `methods` list".into())
            }
        };
        let allow_headers = match &parts.allow_headers {
            AllowHeaders::Any => WILDCARD.clone(),
            AllowHeaders::List { header, .. } => static_value(header)?,
        };
        Ok(Self {
            allow_methods,
            allow_headers,
            expose_headers: parts.expose_headers.map(static_value).transpose()?,
            max_age: parts.max_age.map(static_value).transpose()?,
        })
    }
}

/// `HeaderValue::from_static`, which panics on a byte a header value cannot
/// hold, after checking those bytes (the same rule: visible ASCII and tab).
fn static_value(text: &'static str) -> Result<HeaderValue, String> {
    if text
        .bytes()
        .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
    {
        Ok(HeaderValue::from_static(text))
    } else {
        Err(format!("`{}` is not a header value", text.escape_debug()))
    }
}

/// `origins = ...`
#[doc(hidden)]
#[derive(Debug, PartialEq)]
pub enum AllowOrigins {
    /// `"*"`: every origin, answered with a literal `*`.
    Any,
    /// Exact origins as browsers serialise them, sorted so a lookup is a binary search.
    Exact(&'static [&'static str]),
    /// Exact origins (sorted) and patterns such as `https://*.example.com`,
    /// checked by the macro and parsed once when the route is built.
    Patterns {
        exact: &'static [&'static str],
        patterns: &'static [&'static str],
    },
    /// `env("NAME")`: a comma list read when the route is built.
    Env(&'static str),
    /// `dynamic(check)`: an async check per request (`dynamic_origin.rs`).
    Dynamic,
    /// `#[cors(disabled)]`: no CORS at all; preflights are refused.
    Disabled,
}

/// `methods = ...`
#[doc(hidden)]
#[derive(Debug, PartialEq)]
pub enum AllowMethods {
    /// Not given: the methods the handler is registered for.
    Registered,
    /// `"*"`: any method (never with credentials).
    Any,
    /// The listed methods and their `Access-Control-Allow-Methods` value.
    List {
        methods: &'static [&'static str],
        header: &'static str,
    },
}

impl AllowMethods {
    /// Whether the policy covers `method`: a handler may be registered for
    /// it, a preflight may ask for it. HEAD is served by the GET handler, so
    /// GET covers it. `Registered` leaves it to the route (a handler serves
    /// the method, or the preflight is refused).
    pub(crate) fn covers(&self, method: &Method) -> bool {
        let listed = |method: &Method| match self {
            Self::Registered | Self::Any => true,
            Self::List { methods, .. } => methods.contains(&method.as_str()),
        };
        listed(method) || (method == Method::HEAD && listed(&Method::GET))
    }
}

/// `allow_headers = ...`
#[doc(hidden)]
#[derive(Debug, PartialEq)]
pub enum AllowHeaders {
    /// `"*"`: any header but `authorization` (never with credentials).
    Any,
    /// Lower-case names. `header` is the `Access-Control-Allow-Headers` value:
    /// these names plus the safelisted ones a browser may still ask about.
    List {
        names: &'static [&'static str],
        header: &'static str,
    },
}

//! One handler's (or one router layer's) CORS policy, as the macros write
//! it: a `static` built at compile time, with every response header value
//! ready to copy.

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
    pub expose_headers: Option<HeaderValue>,
    /// `Access-Control-Max-Age`, when set.
    pub max_age: Option<HeaderValue>,
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
            || self.expose_headers.as_ref() == Some(&WILDCARD)
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
        header: HeaderValue,
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
        header: HeaderValue,
    },
}

impl AllowHeaders {
    /// The `Access-Control-Allow-Headers` value of an allowed preflight.
    pub(crate) fn header_value(&self) -> &HeaderValue {
        match self {
            Self::Any => &WILDCARD,
            Self::List { header, .. } => header,
        }
    }
}

//! The policies of one path, one per method, fixed when the route is built.

use std::fmt;

use http::{HeaderValue, Method};

use crate::policy::{AllowMethods, Policy};

/// One method of the path and the `#[cors]` handler serving it.
#[derive(Debug)]
pub(crate) struct MethodPolicy {
    pub(crate) method: Method,
    pub(crate) policy: &'static Policy,
    pub(crate) handler: &'static str,
    /// ACAM for a preflight naming this method.
    pub(crate) allow_methods: HeaderValue,
}

/// Everything the CORS service needs to answer for one path.
#[derive(Debug)]
pub(crate) struct RoutePolicies {
    pub(crate) path: String,
    pub(crate) methods: Vec<MethodPolicy>,
    /// `Vary` of preflight answers.
    pub(crate) preflight_vary: Vec<&'static HeaderValue>,
    /// `Allow` of a non-preflight OPTIONS the user does not handle.
    pub(crate) allow: HeaderValue,
    pub(crate) has_options_handler: bool,
}

/// A handler registered for a method its own `methods` list leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsRouteError {
    pub path: String,
    pub method: Method,
    pub handler: &'static str,
    pub allowed_methods: String,
}

impl fmt::Display for CorsRouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cors route `{}`: handler `{}` is registered for {}, but its #[cors] `methods` ({}) \
             leave {} out; add {} to `methods` or register the handler for a listed method",
            self.path, self.handler, self.method, self.allowed_methods, self.method, self.method
        )
    }
}

impl std::error::Error for CorsRouteError {}

impl RoutePolicies {
    pub(crate) fn new(
        path: &str,
        registered: Vec<(Method, &'static Policy, &'static str)>,
    ) -> Result<Self, CorsRouteError> {
        let mut methods = Vec::with_capacity(registered.len());
        for (method, policy, handler) in registered {
            if !policy.methods.permits_registration(&method) {
                let allowed_methods = match &policy.methods {
                    AllowMethods::List { header, .. } => {
                        format!("\"{}\"", header.to_str().unwrap_or_default())
                    }
                    _ => String::new(),
                };
                return Err(CorsRouteError { path: path.to_owned(), method, handler, allowed_methods });
            }
            let allow_methods = match &policy.methods {
                AllowMethods::List { header, .. } => header.clone(),
                AllowMethods::Any => HeaderValue::from_static("*"),
                AllowMethods::Registered => HeaderValue::from_str(method.as_str())
                    .expect("an http::Method is always a valid header value"),
            };
            methods.push(MethodPolicy { method, policy, handler, allow_methods });
        }

        let has_options_handler = methods.iter().any(|m| m.method == Method::OPTIONS);
        let mut allow: Vec<&str> = methods.iter().map(|m| m.method.as_str()).collect();
        if allow.contains(&"GET") && !allow.contains(&"HEAD") {
            allow.push("HEAD");
        }
        if !has_options_handler {
            allow.push("OPTIONS");
        }
        let allow = HeaderValue::from_str(&allow.join(","))
            .expect("method names are valid header values");

        let mut preflight_vary = Vec::new();
        if methods.iter().any(|m| !m.policy.is_any_origin()) {
            preflight_vary.push(&crate::vary::ORIGIN);
        }
        let first = methods.first().map(|m| m.policy);
        if methods.iter().any(|m| Some(m.policy) != first) {
            preflight_vary.push(&crate::vary::REQUEST_METHOD);
        }
        Ok(Self { path: path.to_owned(), methods, preflight_vary, allow, has_options_handler })
    }

    /// The policy that answers for `method`; HEAD is served by GET's handler.
    pub(crate) fn for_method(&self, method: &Method) -> Option<&MethodPolicy> {
        self.methods.iter().find(|m| m.method == *method).or_else(|| {
            (*method == Method::HEAD)
                .then(|| self.methods.iter().find(|m| m.method == Method::GET))
                .flatten()
        })
    }
}

//! The policies of one path, one per method, fixed when the route is built.

use std::fmt;

use http::{HeaderValue, Method};

use crate::allow_origin::{OriginMatcher, ResolveError};
use crate::dynamic_origin::DynamicOrigins;
use crate::origin_list::OriginConfigError;
use crate::policy::{AllowMethods, HeaderValues, Policy};
use crate::policy_table::{PolicyLevel, PolicyRow};

/// One `#[cors]` handler registered for one method, before the route is built.
pub(crate) struct Registration {
    pub(crate) method: Method,
    pub(crate) policy: &'static Policy,
    pub(crate) handler: &'static str,
    pub(crate) dynamic: Option<DynamicOrigins>,
}

/// One method of the path and the `#[cors]` handler serving it.
#[derive(Debug)]
pub(crate) struct MethodPolicy {
    pub(crate) method: Method,
    pub(crate) policy: &'static Policy,
    pub(crate) handler: &'static str,
    pub(crate) origins: OriginMatcher,
    /// The policy's response header values (ACAM for this method).
    pub(crate) headers: HeaderValues,
}

/// What a set of policies covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// One path of `cors_route`: a policy per method, and the path's OPTIONS.
    Path { has_options_handler: bool },
    /// Every path under a `cors_layer!`: one policy for every method.
    Router,
}

/// Everything the decision core needs to answer for one path (or one layer).
#[derive(Debug)]
pub(crate) struct RoutePolicies {
    /// The path, or where the `cors_layer!` is written: for log lines.
    pub(crate) path: String,
    pub(crate) scope: Scope,
    pub(crate) methods: Vec<MethodPolicy>,
    /// `Vary` of preflight answers.
    pub(crate) preflight_vary: Vec<&'static HeaderValue>,
    /// `Allow` of a non-preflight OPTIONS the user does not handle.
    pub(crate) allow: HeaderValue,
}

/// A route that cannot be built; the message names path, handler and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CorsRouteError {
    /// A handler registered for a method its own `methods` list leaves out.
    MethodNotInPolicy {
        /// The route's path (or where its `cors_layer!` is written).
        path: String,
        /// The method the handler is registered for.
        method: Method,
        /// The handler's name.
        handler: &'static str,
        /// The policy's `methods`, as written.
        allowed_methods: String,
    },
    /// A policy with `credentials` and a wildcard (only a hand-written
    /// `CorsHandler` can have one: `#[cors]` refuses it at compile time).
    WildcardWithCredentials {
        /// The route's path (or where its `cors_layer!` is written).
        path: String,
        /// The handler's name.
        handler: &'static str,
    },
    /// `origins = env(...)` whose value breaks a rule.
    OriginConfig {
        /// The route's path (or where its `cors_layer!` is written).
        path: String,
        /// The handler's name.
        handler: &'static str,
        /// What the value breaks.
        error: OriginConfigError,
    },
    /// A policy that no `#[cors]` would write (a bad pattern, an unsorted
    /// list, a dynamic policy without its check).
    PolicyNotChecked {
        /// The route's path (or where its `cors_layer!` is written).
        path: String,
        /// The handler's name.
        handler: &'static str,
        /// What the policy breaks.
        reason: String,
    },
    /// axum refused the route (a method registered twice on the path, say).
    Routing {
        /// The route's path (or where its `cors_layer!` is written).
        path: String,
        /// axum's message.
        message: String,
    },
    /// `origins = dynamic(check)` where `check` takes another state than the router's.
    DynamicStateMismatch {
        /// The route's path (or where its `cors_layer!` is written).
        path: String,
        /// The handler's name.
        handler: &'static str,
        /// The origin check's name.
        check: &'static str,
        /// The state type the check takes.
        check_state: &'static str,
        /// The router's state type.
        router_state: &'static str,
    },
}

impl fmt::Display for CorsRouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MethodNotInPolicy { path, method, handler, allowed_methods } => write!(
                f,
                "cors route `{path}`: handler `{handler}` is registered for {method}, but its #[cors] \
                 `methods` ({allowed_methods}) leave {method} out; add {method} to `methods` or \
                 register the handler for a listed method"
            ),
            Self::WildcardWithCredentials { path, handler } => write!(
                f,
                "cors route `{path}`: handler `{handler}`: a policy with `credentials` cannot use `*` \
                 (browsers refuse it); list the origins, methods and headers"
            ),
            Self::OriginConfig { path, handler, error } => {
                write!(f, "cors route `{path}`: handler `{handler}`: {error}")
            }
            Self::PolicyNotChecked { path, handler, reason } => write!(
                f,
                "cors route `{path}`: handler `{handler}`: {reason}; write the policy with `#[cors(...)]`"
            ),
            Self::Routing { path, message } => write!(f, "cors route `{path}`: {message}"),
            Self::DynamicStateMismatch { path, handler, check, check_state, router_state } => write!(
                f,
                "cors route `{path}`: handler `{handler}`: origin check `{check}` takes state \
                 `&{check_state}` but the router's state is `{router_state}`; make the check take `&{router_state}`"
            ),
        }
    }
}

impl std::error::Error for CorsRouteError {}

impl RoutePolicies {
    pub(crate) fn new<S: 'static>(
        path: &str,
        registered: Vec<Registration>,
    ) -> Result<Self, CorsRouteError> {
        let mut methods = Vec::with_capacity(registered.len());
        for Registration {
            method,
            policy,
            handler,
            dynamic,
        } in registered
        {
            if !policy.parts().methods.covers(&method) {
                let allowed_methods = match &policy.parts().methods {
                    AllowMethods::List { header, .. } => format!("\"{header}\""),
                    _ => String::new(),
                };
                return Err(CorsRouteError::MethodNotInPolicy {
                    path: path.to_owned(),
                    method,
                    handler,
                    allowed_methods,
                });
            }
            // `#[cors]` refuses these at compile time; a hand-written
            // `CorsHandler` must not get past the invariants either.
            if policy.parts().credentials && policy.parts().has_wildcard() {
                return Err(CorsRouteError::WildcardWithCredentials {
                    path: path.to_owned(),
                    handler,
                });
            }
            if let Some(check) = &dynamic {
                check
                    .accepts_state::<S>()
                    .map_err(|(check_state, router_state)| {
                        CorsRouteError::DynamicStateMismatch {
                            path: path.to_owned(),
                            handler,
                            check: check.name(),
                            check_state,
                            router_state,
                        }
                    })?;
            }
            let origins = resolve_origins(
                policy,
                dynamic,
                path,
                handler,
                "`origins = dynamic(...)` without its check",
            )?;
            let headers = header_values(policy, Some(&method), path, handler)?;
            methods.push(MethodPolicy {
                method,
                policy,
                handler,
                origins,
                headers,
            });
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
            .unwrap_or_else(|_| HeaderValue::from_static(""));
        crate::policy_table::record(methods.iter().map(|m| {
            PolicyRow::new(
                path,
                m.method.as_str(),
                m.handler,
                m.policy,
                PolicyLevel::Route,
            )
        }));
        Ok(Self::finish(
            path.to_owned(),
            Scope::Path {
                has_options_handler,
            },
            methods,
            allow,
        ))
    }

    /// The one policy of a `cors_layer!`, answering for every method of every path.
    pub(crate) fn router_wide(
        location: &str,
        policy: &'static Policy,
    ) -> Result<Self, CorsRouteError> {
        let path = format!("cors_layer! at {location}");
        let handler = "cors_layer!";
        if policy.parts().credentials && policy.parts().has_wildcard() {
            return Err(CorsRouteError::WildcardWithCredentials { path, handler });
        }
        let origins = resolve_origins(
            policy,
            None,
            &path,
            handler,
            "a router-wide layer has no router state for `origins = dynamic(...)`",
        )?;
        let headers = header_values(policy, None, &path, handler)?;
        crate::policy_table::record([PolicyRow::new(
            "*",
            "*",
            handler,
            policy,
            PolicyLevel::Router,
        )]);
        let entry = MethodPolicy {
            method: Method::GET,
            policy,
            handler,
            origins,
            headers,
        };
        Ok(Self::finish(
            path,
            Scope::Router,
            vec![entry],
            HeaderValue::from_static(""),
        ))
    }

    fn finish(path: String, scope: Scope, methods: Vec<MethodPolicy>, allow: HeaderValue) -> Self {
        let mut preflight_vary = Vec::new();
        if methods.iter().any(|m| m.origins.varies_on_origin()) {
            preflight_vary.push(&crate::vary::ORIGIN);
        }
        // The answer depends on the requested method when the methods differ
        // in policy, in ACAM (`methods` left out), or in their origin check.
        let answer_key = |m: &MethodPolicy| {
            (
                m.policy,
                m.headers.allow_methods.clone(),
                m.origins.check_id(),
            )
        };
        let first = methods.first().map(answer_key);
        if methods.iter().any(|m| Some(answer_key(m)) != first) {
            preflight_vary.push(&crate::vary::REQUEST_METHOD);
        }
        Self {
            path,
            scope,
            methods,
            preflight_vary,
            allow,
        }
    }

    /// The policy that answers for `method`; HEAD is served by GET's handler.
    pub(crate) fn for_method(&self, method: &Method) -> Option<&MethodPolicy> {
        if self.scope == Scope::Router {
            return self.methods.first();
        }
        self.methods
            .iter()
            .find(|m| m.method == *method)
            .or_else(|| {
                (*method == Method::HEAD)
                    .then(|| self.methods.iter().find(|m| m.method == Method::GET))
                    .flatten()
            })
    }

    /// Whether some method's answer depends on `Origin` (SPEC §4: then every
    /// response of the route says so).
    pub(crate) fn varies_on_origin(&self) -> bool {
        self.methods.iter().any(|m| m.origins.varies_on_origin())
    }

    /// Whether the user registered an OPTIONS handler of their own.
    pub(crate) fn has_options_handler(&self) -> bool {
        matches!(
            self.scope,
            Scope::Path {
                has_options_handler: true
            }
        )
    }

    /// Whether some method's origins are decided by an async check.
    pub(crate) fn is_dynamic(&self) -> bool {
        self.methods
            .iter()
            .any(|m| matches!(m.origins, OriginMatcher::Dynamic(_)))
    }
}

/// A policy's response header values, or the route error that names path
/// and handler.
fn header_values(
    policy: &Policy,
    method: Option<&Method>,
    path: &str,
    handler: &'static str,
) -> Result<HeaderValues, CorsRouteError> {
    HeaderValues::of(policy.parts(), method).map_err(|reason| CorsRouteError::PolicyNotChecked {
        path: path.to_owned(),
        handler,
        reason,
    })
}

/// A policy's origin matcher, or the route error that names path and handler:
/// one mapping for `cors_route` and `cors_layer!`.
fn resolve_origins(
    policy: &'static Policy,
    dynamic: Option<DynamicOrigins>,
    path: &str,
    handler: &'static str,
    missing_check: &str,
) -> Result<OriginMatcher, CorsRouteError> {
    OriginMatcher::resolve(policy, dynamic).map_err(|error| match error {
        ResolveError::Config(error) => CorsRouteError::OriginConfig {
            path: path.to_owned(),
            handler,
            error,
        },
        ResolveError::NotChecked(reason) => CorsRouteError::PolicyNotChecked {
            path: path.to_owned(),
            handler,
            reason,
        },
        ResolveError::MissingCheck => CorsRouteError::PolicyNotChecked {
            path: path.to_owned(),
            handler,
            reason: missing_check.to_owned(),
        },
    })
}

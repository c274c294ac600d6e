//! Is this request's `Origin` allowed, and what goes in `Access-Control-Allow-Origin`?
//! The matcher is resolved once, when the route is built.

use http::{header, HeaderMap, HeaderValue};

use crate::configured_origins::{self, OriginConfigError, OriginList};
use crate::dynamic_origin::DynamicOrigins;
use crate::policy::{AllowOrigins, Policy, WILDCARD};
use crate::refusal::Refusal;


/// The request's single `Origin` header. Several are refused outright: a
/// browser sends one, and picking any of them would let an attacker choose.
pub(crate) fn request_origin(headers: &HeaderMap) -> Option<Result<&HeaderValue, Refusal>> {
    let mut values = headers.get_all(header::ORIGIN).iter();
    let first = values.next()?;
    Some(if values.next().is_some() { Err(Refusal::SeveralOrigins) } else { Ok(first) })
}

/// How one method's policy decides on an origin.
pub(crate) enum OriginMatcher {
    /// `origins = "*"`: answered with a literal `*`.
    Any,
    /// Exact origins and patterns, from the attribute or start-up configuration.
    List(OriginList),
    /// `origins = dynamic(check)`: decided per request by the user's check.
    Dynamic(DynamicOrigins),
}

impl std::fmt::Debug for OriginMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Any => f.write_str("Any"),
            Self::List(list) => list.fmt(f),
            Self::Dynamic(check) => check.fmt(f),
        }
    }
}

impl OriginMatcher {
    pub(crate) fn resolve(
        policy: &'static Policy,
        dynamic: Option<DynamicOrigins>,
    ) -> Result<Self, OriginConfigError> {
        Ok(match policy.origins {
            AllowOrigins::Any => Self::Any,
            AllowOrigins::Exact(exact) => Self::List(OriginList::from_checked(exact, &[])),
            AllowOrigins::Patterns { exact, patterns } => {
                Self::List(OriginList::from_checked(exact, patterns))
            }
            AllowOrigins::Env(name) => {
                Self::List(configured_origins::from_env(name, policy.credentials)?)
            }
            AllowOrigins::Dynamic => Self::Dynamic(
                dynamic.expect("#[cors] emits a check for every `origins = dynamic(...)` policy"),
            ),
        })
    }

    /// The ACAO value for an allowed origin: the origin byte for byte, or `*`
    /// for an `origins = "*"` policy (which can never have credentials).
    /// `None` for a dynamic policy, whose answer needs the async check.
    pub(crate) fn allow(&self, origin: &HeaderValue) -> Option<Result<HeaderValue, Refusal>> {
        match self {
            Self::Any => Some(Ok(WILDCARD.clone())),
            Self::List(list) => Some(if list.contains(origin.as_bytes()) {
                Ok(origin.clone())
            } else {
                Err(Refusal::OriginNotAllowed)
            }),
            Self::Dynamic(_) => None,
        }
    }

    pub(crate) fn is_any(&self) -> bool {
        matches!(self, Self::Any)
    }

    /// The dynamic check's name, which tells two dynamic policies apart.
    pub(crate) fn check_name(&self) -> Option<&'static str> {
        match self {
            Self::Dynamic(check) => Some(check.name()),
            _ => None,
        }
    }
}

/// What the policy of one method says about a request's origin.
pub(crate) enum Verdict<'r> {
    Decided(Result<HeaderValue, Refusal>),
    /// A dynamic policy: the user's check must run on this well-formed origin.
    NeedsCheck { check: &'r DynamicOrigins, origin: &'r HeaderValue, text: &'r str },
}

/// `None` when the request has no `Origin`.
pub(crate) fn verdict<'r>(matcher: &'r OriginMatcher, headers: &'r HeaderMap) -> Option<Verdict<'r>> {
    let origin = match request_origin(headers)? {
        Ok(origin) => origin,
        Err(refusal) => return Some(Verdict::Decided(Err(refusal))),
    };
    Some(match matcher {
        OriginMatcher::Dynamic(check) => match well_formed(origin) {
            Some(text) => Verdict::NeedsCheck { check, origin, text },
            None => Verdict::Decided(Err(Refusal::MalformedOrigin)),
        },
        static_matcher => Verdict::Decided(
            static_matcher.allow(origin).expect("only dynamic matchers need a check"),
        ),
    })
}

/// The origin as text if it is exactly as a browser would serialise one;
/// a dynamic check never sees `null`, garbage or non-UTF-8 bytes.
fn well_formed(origin: &HeaderValue) -> Option<&str> {
    let text = origin.to_str().ok()?;
    let parsed = cors_rules::parse_origin(text).ok()?;
    (parsed.serialized() == text).then_some(text)
}

/// The decision for a route without dynamic policies; `None` without `Origin`.
pub(crate) fn decide_static(matcher: &OriginMatcher, headers: &HeaderMap) -> Option<Result<HeaderValue, Refusal>> {
    match verdict(matcher, headers)? {
        Verdict::Decided(decision) => Some(decision),
        Verdict::NeedsCheck { .. } => {
            unreachable!("routes with dynamic policies are served by CorsPathHandler")
        }
    }
}

/// The decision for any route, running a dynamic check (once) when the policy has one.
pub(crate) async fn decide<S: Send + Sync + 'static>(
    matcher: &OriginMatcher,
    parts: &http::request::Parts,
    state: &S,
) -> Option<Result<HeaderValue, Refusal>> {
    Some(match verdict(matcher, &parts.headers)? {
        Verdict::Decided(decision) => decision,
        Verdict::NeedsCheck { check, origin, text } => {
            if check.check(text, parts, state).await {
                Ok(origin.clone())
            } else {
                Err(Refusal::DynamicCheckRefused(check.name()))
            }
        }
    })
}

//! Is this request's `Origin` allowed, and what goes in `Access-Control-Allow-Origin`?
//! The matcher is resolved once, when the route is built.

use http::{header, HeaderMap, HeaderValue};

use crate::dynamic_origin::DynamicOrigins;
use crate::origin_list::{self, OriginConfigError, OriginList};
use crate::policy::{AllowOrigins, Policy, WILDCARD};
use crate::refusal::Refusal;

/// What a policy answers to a request's `Origin`: `None` when CORS has
/// nothing to say (no `Origin`), else the ACAO value or why it is withheld.
pub(crate) type OriginAnswer = Option<Result<HeaderValue, Refusal>>;

/// SPEC §4 Bounds: the longest host a browser can send, and its longest label.
const MAX_HOST: usize = 253;
const MAX_LABEL: usize = 63;
/// `scheme://` and `:port` around the host: generous for any real scheme.
const MAX_AROUND_HOST: usize = 40;

/// The request's single `Origin` header, within the bounds a browser keeps.
/// Several are refused outright: a browser sends one, and picking any of
/// them would let an attacker choose. An oversized one is refused before
/// any lookup, check or log line sees it.
pub(crate) fn request_origin(headers: &HeaderMap) -> Option<Result<&HeaderValue, Refusal>> {
    let mut values = headers.get_all(header::ORIGIN).iter();
    let first = values.next()?;
    if values.next().is_some() {
        return Some(Err(Refusal::SeveralOrigins));
    }
    Some(if within_bounds(first.as_bytes()) {
        Ok(first)
    } else {
        Err(Refusal::OversizedOrigin)
    })
}

/// Whether the host part of `origin` could come from a browser: at most
/// 253 bytes, no label over 63. Cheap: one pass over a bounded value.
fn within_bounds(origin: &[u8]) -> bool {
    // No label or host is longer than the whole value: the usual origin needs no walk.
    if origin.len() <= MAX_LABEL {
        return true;
    }
    if origin.len() > MAX_HOST + MAX_AROUND_HOST {
        return false;
    }
    let host = match origin.windows(3).position(|w| w == b"://") {
        Some(at) => &origin[at + 3..],
        None => origin,
    };
    let host = match host.iter().rposition(|&b| b == b':') {
        // `[::1]` keeps its colons; only a port after the host is cut.
        Some(at) if !host[at..].contains(&b']') => &host[..at],
        _ => host,
    };
    host.len() <= MAX_HOST
        && host
            .split(|&b| b == b'.')
            .all(|label| label.len() <= MAX_LABEL)
}

/// How one method's policy decides on an origin.
pub(crate) enum OriginMatcher {
    /// `origins = "*"`: answered with a literal `*`, to every request.
    Any,
    /// Exact origins and patterns, from the attribute or start-up configuration.
    List(OriginList),
    /// `origins = dynamic(check)`: decided per request by the user's check.
    Dynamic(DynamicOrigins),
    /// `#[cors(disabled)]`: never answers.
    Disabled,
}

impl std::fmt::Debug for OriginMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Any => f.write_str("Any"),
            Self::List(list) => list.fmt(f),
            Self::Dynamic(check) => check.fmt(f),
            Self::Disabled => f.write_str("Disabled"),
        }
    }
}

/// Why a policy's origins could not be resolved when the route was built.
#[derive(Debug)]
pub(crate) enum ResolveError {
    Config(OriginConfigError),
    /// A bad pattern or an unsorted list that no `#[cors]` would emit.
    NotChecked(String),
    MissingCheck,
}

impl OriginMatcher {
    pub(crate) fn resolve(
        policy: &'static Policy,
        dynamic: Option<DynamicOrigins>,
    ) -> Result<Self, ResolveError> {
        Ok(match policy.parts().origins {
            AllowOrigins::Any => Self::Any,
            AllowOrigins::Disabled => Self::Disabled,
            AllowOrigins::Exact(exact) => Self::List(
                OriginList::from_macro(exact, &[], policy.parts().credentials)
                    .map_err(ResolveError::NotChecked)?,
            ),
            AllowOrigins::Patterns { exact, patterns } => Self::List(
                OriginList::from_macro(exact, patterns, policy.parts().credentials)
                    .map_err(ResolveError::NotChecked)?,
            ),
            AllowOrigins::Env(name) => Self::List(
                origin_list::from_env(name, policy.parts().credentials)
                    .map_err(ResolveError::Config)?,
            ),
            AllowOrigins::Dynamic => Self::Dynamic(dynamic.ok_or(ResolveError::MissingCheck)?),
        })
    }

    /// Whether answers differ by `Origin` (then responses say so in `Vary`).
    pub(crate) fn varies_on_origin(&self) -> bool {
        !matches!(self, Self::Any | Self::Disabled)
    }

    pub(crate) fn is_any(&self) -> bool {
        matches!(self, Self::Any)
    }

    /// The dynamic check's identity, which tells two dynamic policies apart.
    pub(crate) fn check_id(&self) -> Option<std::any::TypeId> {
        match self {
            Self::Dynamic(check) => Some(check.id()),
            _ => None,
        }
    }
}

/// What the policy of one method says about a request's origin, before any
/// async check.
pub(crate) enum OriginStep<'r> {
    Answered(OriginAnswer),
    /// A dynamic policy: the user's check must run on this well-formed origin.
    NeedsCheck {
        check: &'r DynamicOrigins,
        origin: &'r HeaderValue,
        text: &'r str,
    },
}

pub(crate) fn origin_step<'r>(
    matcher: &'r OriginMatcher,
    headers: &'r HeaderMap,
) -> OriginStep<'r> {
    // SPEC §4 Shared caches: a public resource answers `*` whatever the
    // request's `Origin` (none, one, several), so it never varies by it.
    if matcher.is_any() {
        return OriginStep::Answered(Some(Ok(WILDCARD.clone())));
    }
    let origin = match request_origin(headers) {
        None => return OriginStep::Answered(None),
        Some(Ok(origin)) => origin,
        Some(Err(refusal)) => return OriginStep::Answered(Some(Err(refusal))),
    };
    OriginStep::Answered(Some(match matcher {
        OriginMatcher::Any => Ok(WILDCARD.clone()),
        OriginMatcher::Disabled => Err(Refusal::Disabled),
        OriginMatcher::List(list) => {
            if list.contains(origin.as_bytes()) {
                Ok(origin.clone())
            } else {
                Err(Refusal::OriginNotAllowed)
            }
        }
        OriginMatcher::Dynamic(check) => match well_formed(origin) {
            Some(text) => {
                return OriginStep::NeedsCheck {
                    check,
                    origin,
                    text,
                }
            }
            None => Err(Refusal::MalformedOrigin),
        },
    }))
}

/// The origin as text if it is exactly as a browser would serialise one;
/// a dynamic check never sees `null`, garbage or non-UTF-8 bytes.
fn well_formed(origin: &HeaderValue) -> Option<&str> {
    let text = origin.to_str().ok()?;
    let parsed = cors_rules::parse_origin(text).ok()?;
    (parsed.serialized() == text).then_some(text)
}

impl OriginStep<'_> {
    /// Runs the dynamic check, if any (once per request).
    pub(crate) async fn resolve<S: Send + Sync + 'static>(
        self,
        parts: &http::request::Parts,
        state: &S,
    ) -> OriginAnswer {
        match self {
            Self::Answered(answer) => answer,
            Self::NeedsCheck {
                check,
                origin,
                text,
            } => Some(if check.check(text, parts, state).await {
                Ok(origin.clone())
            } else {
                Err(Refusal::DynamicCheckRefused(check.name()))
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::within_bounds;

    #[test]
    fn bounds_follow_what_browsers_send() {
        assert!(within_bounds(b"https://app.example.com"));
        assert!(within_bounds(b"http://[::1]:3000"));
        let label = "a".repeat(63);
        let host = [label.as_str(); 3].join(".") + "." + &"b".repeat(61); // 253 bytes
        assert_eq!(host.len(), 253);
        assert!(within_bounds(format!("https://{host}:65535").as_bytes()));
        assert!(!within_bounds(format!("https://{host}b").as_bytes()));
        assert!(!within_bounds(
            format!("https://{}.example", "a".repeat(64)).as_bytes()
        ));
        let huge = vec![b'a'; 190_000];
        assert!(!within_bounds(&huge));
    }
}

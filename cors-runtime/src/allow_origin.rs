//! Is this request's `Origin` allowed, and what goes in `Access-Control-Allow-Origin`?

use http::{header, HeaderMap, HeaderValue};

use crate::policy::{AllowOrigins, Policy};
use crate::refusal::Refusal;

static ANY: HeaderValue = HeaderValue::from_static("*");

/// The request's single `Origin` header. Several are refused outright: a
/// browser sends one, and picking any of them would let an attacker choose.
pub(crate) fn request_origin(headers: &HeaderMap) -> Option<Result<&HeaderValue, Refusal>> {
    let mut values = headers.get_all(header::ORIGIN).iter();
    let first = values.next()?;
    Some(if values.next().is_some() { Err(Refusal::SeveralOrigins) } else { Ok(first) })
}

/// The ACAO value for an allowed origin: the origin byte for byte, or `*`
/// for an `origins = "*"` policy (which can never have credentials).
pub(crate) fn allow_origin(policy: &Policy, origin: &HeaderValue) -> Result<HeaderValue, Refusal> {
    match policy.origins {
        AllowOrigins::Any => Ok(ANY.clone()),
        AllowOrigins::Exact(sorted) => {
            let bytes = origin.as_bytes();
            if sorted.binary_search_by(|allowed| allowed.as_bytes().cmp(bytes)).is_ok() {
                Ok(origin.clone())
            } else {
                Err(Refusal::OriginNotAllowed)
            }
        }
    }
}

//! Are the headers a preflight asks for (`Access-Control-Request-Headers`) allowed?

use http::{header, HeaderMap};

use crate::policy::{AllowHeaders, Policy};
use crate::refusal::Refusal;

/// More names than any browser sends; a longer list is refused before it is read.
pub(crate) const MAX_REQUESTED_HEADERS: usize = 64;

/// Names a browser may list although their values were not simple; they need
/// no listing in a policy (SPEC §4) and are part of every ACAH value.
pub(crate) const SAFELISTED_HEADERS: [&str; 4] =
    ["accept", "accept-language", "content-language", "content-type"];

/// Checks every requested header name. `Ok(true)` when some were requested.
pub(crate) fn check_requested_headers(policy: &Policy, headers: &HeaderMap) -> Result<bool, Refusal> {
    let mut count = 0;
    for line in headers.get_all(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        let line = line.to_str().map_err(|_| Refusal::MalformedRequestHeaders)?;
        for name in line.split(',').map(str::trim) {
            if name.is_empty() {
                continue; // `a, , b` and an empty header: nothing asked for
            }
            count += 1;
            if count > MAX_REQUESTED_HEADERS {
                return Err(Refusal::TooManyRequestHeaders);
            }
            if !cors_rules::is_token(name) {
                return Err(Refusal::MalformedRequestHeaders);
            }
            check_header(policy, name)?;
        }
    }
    Ok(count > 0)
}

fn check_header(policy: &Policy, name: &str) -> Result<(), Refusal> {
    if SAFELISTED_HEADERS.iter().any(|safe| safe.eq_ignore_ascii_case(name)) {
        return Ok(());
    }
    match &policy.allow_headers {
        AllowHeaders::Any if name.eq_ignore_ascii_case("authorization") => {
            Err(Refusal::AuthorizationNeedsListing)
        }
        AllowHeaders::Any => Ok(()),
        AllowHeaders::List { names, .. } => {
            if names.iter().any(|allowed| allowed.eq_ignore_ascii_case(name)) {
                Ok(())
            } else {
                Err(Refusal::HeaderNotAllowed(name.to_ascii_lowercase()))
            }
        }
    }
}

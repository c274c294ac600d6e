//! Are the headers a preflight asks for (`Access-Control-Request-Headers`) allowed?

use http::{header, HeaderMap};

use crate::policy::{AllowHeaders, Policy};
use crate::refusal::Refusal;

/// More names than any browser sends; reading stops and the list is refused at the next one.
const MAX_REQUESTED_HEADERS: usize = 64;

/// Checks every requested header name. `Ok(true)` when some were requested.
pub(crate) fn check_requested_headers(
    policy: &Policy,
    headers: &HeaderMap,
) -> Result<bool, Refusal> {
    let mut count = 0;
    for line in headers.get_all(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        // Bytes, not `to_str`: the token check below refuses anything non-ASCII.
        for name in line
            .as_bytes()
            .split(|&b| b == b',')
            .map(<[u8]>::trim_ascii)
        {
            if name.is_empty() {
                continue; // `a, , b` and an empty header: nothing asked for
            }
            count += 1;
            if count > MAX_REQUESTED_HEADERS {
                return Err(Refusal::TooManyRequestHeaders {
                    limit: MAX_REQUESTED_HEADERS,
                });
            }
            if !cors_rules::is_token_bytes(name) {
                return Err(Refusal::MalformedRequestHeaders);
            }
            check_header(policy, name)?;
        }
    }
    Ok(count > 0)
}

/// `name` is a token, so ASCII.
fn check_header(policy: &Policy, name: &[u8]) -> Result<(), Refusal> {
    if cors_rules::SAFELISTED_REQUEST_HEADERS
        .iter()
        .any(|safe| safe.as_bytes().eq_ignore_ascii_case(name))
    {
        return Ok(());
    }
    match &policy.parts().allow_headers {
        AllowHeaders::Any if name.eq_ignore_ascii_case(b"authorization") => {
            Err(Refusal::AuthorizationNeedsListing)
        }
        AllowHeaders::Any => Ok(()),
        AllowHeaders::List { names, .. } => {
            if names
                .iter()
                .any(|allowed| allowed.as_bytes().eq_ignore_ascii_case(name))
            {
                Ok(())
            } else {
                Err(Refusal::HeaderNotAllowed(
                    String::from_utf8_lossy(name).to_ascii_lowercase(),
                ))
            }
        }
    }
}

use std::fmt;

use crate::token::is_token;

/// Request headers a browser may list in a preflight although their values
/// were not simple; SPEC §4 lets them through without listing, so they are
/// part of every `Access-Control-Allow-Headers` answer.
pub const SAFELISTED_REQUEST_HEADERS: [&str; 4] = [
    "accept",
    "accept-language",
    "content-language",
    "content-type",
];

/// A header name that is not an HTTP token, such as `x header` or `x:y`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderNameError(
    /// The name as written.
    pub String,
);

impl fmt::Display for HeaderNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a valid header name: a header name is a token (letters, digits and \
             !#$%&'*+-.^_`|~, no spaces or colons), such as `x-request-id`",
            self.0
        )
    }
}

impl std::error::Error for HeaderNameError {}

/// Checks one header name and returns it in lower case, the form HTTP/2 and
/// browsers use; header names compare case-insensitively.
///
/// # Errors
///
/// When `name` is not a token, or is `*`, which the caller handles.
pub fn check_header_name(name: &str) -> Result<String, HeaderNameError> {
    if is_token(name) && name != "*" {
        Ok(name.to_ascii_lowercase())
    } else {
        Err(HeaderNameError(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names() {
        assert_eq!(check_header_name("Content-Type").unwrap(), "content-type");
        assert!(check_header_name("x header").is_err());
        assert!(check_header_name("x:y").is_err());
        assert!(check_header_name("").is_err());
    }
}

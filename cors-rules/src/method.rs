use std::fmt;

use crate::token::is_token;

/// Methods browsers normalise to upper case before sending (Fetch "normalize a method").
const NORMALISED_METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// Standard methods a browser sends exactly as the page wrote them.
const CASE_SENSITIVE_STANDARD_METHODS: [&str; 1] = ["PATCH"];

/// Methods Fetch forbids pages to use at all.
const FORBIDDEN_METHODS: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];

/// Why an entry of `methods` was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MethodError {
    /// Not an HTTP token (`GE T`); holds the method as written.
    NotAToken(String),
    /// A standard method not in upper case (`patch`, `Get`): browsers send
    /// it in upper case, so it would never match.
    LowerCase {
        /// The method as written.
        written: String,
        /// The spelling browsers send.
        upper: String,
    },
    /// `CONNECT`, `TRACE` or `TRACK`, which browsers never send; holds the
    /// method as written.
    Forbidden(String),
}

impl fmt::Display for MethodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAToken(m) => write!(
                f,
                "`{m}` is not an http method: a method is a token (letters, digits and !#$%&'*+-.^_`|~), such as `PUT`"
            ),
            Self::LowerCase { written, upper } if upper == "PATCH" => write!(
                f,
                "write the method `{written}` as `{upper}`: browsers send `PATCH` as the page wrote \
                 it and compare methods byte for byte, so `{written}` would never match a request for `{upper}`"
            ),
            Self::LowerCase { written, upper } => write!(
                f,
                "write the method `{written}` as `{upper}`: browsers upper-case `{upper}` before \
                 sending it and compare methods byte for byte, so `{written}` would never match"
            ),
            Self::Forbidden(m) => write!(
                f,
                "`{m}` can never be sent by a browser (the fetch standard forbids it); remove it"
            ),
        }
    }
}

impl std::error::Error for MethodError {}

/// Checks one entry of `methods` (not `*`, which the caller handles).
///
/// # Errors
///
/// When it is not a token, is forbidden by the Fetch standard, or is a
/// standard method not written in upper case.
pub fn check_method(method: &str) -> Result<(), MethodError> {
    if !is_token(method) {
        return Err(MethodError::NotAToken(method.to_owned()));
    }
    let upper = method.to_ascii_uppercase();
    if FORBIDDEN_METHODS.contains(&upper.as_str()) {
        return Err(MethodError::Forbidden(method.to_owned()));
    }
    let standard = NORMALISED_METHODS.contains(&upper.as_str())
        || CASE_SENSITIVE_STANDARD_METHODS.contains(&upper.as_str());
    if standard && upper != method {
        return Err(MethodError::LowerCase {
            written: method.to_owned(),
            upper,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods() {
        assert_eq!(check_method("PATCH"), Ok(()));
        assert_eq!(check_method("PROPFIND"), Ok(()));
        assert_eq!(check_method("custom"), Ok(()));
        assert!(matches!(
            check_method("patch"),
            Err(MethodError::LowerCase { .. })
        ));
        assert!(matches!(
            check_method("Get"),
            Err(MethodError::LowerCase { .. })
        ));
        assert!(matches!(
            check_method("TRACE"),
            Err(MethodError::Forbidden(_))
        ));
        assert!(matches!(
            check_method("connect"),
            Err(MethodError::Forbidden(_))
        ));
        assert!(matches!(
            check_method("GE T"),
            Err(MethodError::NotAToken(_))
        ));
    }
}

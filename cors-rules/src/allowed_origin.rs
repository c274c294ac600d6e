//! The rules for one entry of an allowed-origin list, wherever it comes from
//! (the attribute or start-up configuration): a well-formed origin or
//! pattern, no pattern over a public suffix, no `http:` pattern with credentials.

use std::fmt;

use crate::origin::{parse_origin_or_pattern, Host, OriginError, OriginPattern};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginRuleError {
    Origin(OriginError),
    /// `https://*.com`, `https://*.co.uk`, `https://*.github.io`.
    PublicSuffixPattern { pattern: String, suffix: String },
    /// `http://*.example.com` with credentials: anyone on the network path can
    /// answer as a matching host and read credentialed responses.
    HttpPatternWithCredentials { pattern: String },
}

impl fmt::Display for OriginRuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Origin(error) => error.fmt(f),
            Self::PublicSuffixPattern { pattern, suffix } => write!(
                f,
                "pattern `{pattern}` covers every site under the public suffix `{suffix}`, \
                 which anyone can register; put a domain you own after `*.`"
            ),
            Self::HttpPatternWithCredentials { pattern } => write!(
                f,
                "pattern `{pattern}` is `http:` and the policy has `credentials`: anyone on the \
                 network path could answer as a matching host; use `https:` or list exact origins"
            ),
        }
    }
}

impl std::error::Error for OriginRuleError {}

impl From<OriginError> for OriginRuleError {
    fn from(error: OriginError) -> Self {
        Self::Origin(error)
    }
}

/// Checks one allowed origin or pattern for a policy with or without credentials.
pub fn check_allowed_origin(entry: &str, credentials: bool) -> Result<OriginPattern, OriginRuleError> {
    let parsed = parse_origin_or_pattern(entry)?;
    if let OriginPattern::Pattern { scheme, host, any_subdomain, .. } = &parsed {
        if *any_subdomain {
            if let Host::Domain(fixed) = host {
                if is_public_suffix(fixed) {
                    return Err(OriginRuleError::PublicSuffixPattern {
                        pattern: entry.to_owned(),
                        suffix: fixed.clone(),
                    });
                }
            }
        }
        if credentials && scheme == "http" {
            return Err(OriginRuleError::HttpPatternWithCredentials { pattern: entry.to_owned() });
        }
    }
    Ok(parsed)
}

/// Whether `domain` is itself a public suffix (ICANN or private section),
/// or a single label, which the list's default rule treats as one.
fn is_public_suffix(domain: &str) -> bool {
    psl::suffix_str(domain) == Some(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_over_public_suffixes_are_refused() {
        for pattern in ["https://*.com", "https://*.co.uk", "https://*.github.io", "https://*.localhost"] {
            assert!(
                matches!(check_allowed_origin(pattern, false), Err(OriginRuleError::PublicSuffixPattern { .. })),
                "{pattern}"
            );
        }
        assert!(check_allowed_origin("https://*.example.com", false).is_ok());
        assert!(check_allowed_origin("https://*.example.co.uk", true).is_ok());
        assert!(check_allowed_origin("https://*.user.github.io", true).is_ok());
    }

    #[test]
    fn http_patterns_need_no_credentials() {
        assert!(check_allowed_origin("http://*.example.com", false).is_ok());
        assert!(check_allowed_origin("http://localhost:*", false).is_ok());
        assert!(matches!(
            check_allowed_origin("http://localhost:*", true),
            Err(OriginRuleError::HttpPatternWithCredentials { .. })
        ));
        // An exact http origin with credentials is fine (local development).
        assert!(check_allowed_origin("http://localhost:3000", true).is_ok());
        assert!(check_allowed_origin("https://localhost:*", true).is_ok());
    }

    #[test]
    fn origin_errors_pass_through() {
        assert!(matches!(check_allowed_origin("null", false), Err(OriginRuleError::Origin(_))));
    }
}

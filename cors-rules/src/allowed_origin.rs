//! The rules for one entry of an allowed-origin list, wherever it comes from
//! (the attribute or start-up configuration): a well-formed origin or
//! pattern; no pattern over a public suffix or over one with public suffixes
//! beneath it; no `http:` origin or pattern with credentials but loopback.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::origin::{parse_origin_or_pattern, Host, OriginError, OriginPattern};
use crate::public_suffix::{is_public_suffix, suffix_beneath};

/// Why [`check_allowed_origin`] refused an entry of an allowed-origin list.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OriginRuleError {
    /// The entry is not a well-formed origin or pattern.
    Origin(OriginError),
    /// A pattern whose fixed part is itself a public suffix:
    /// `https://*.com`, `https://*.co.uk`, `https://*.github.io`.
    PublicSuffixPattern {
        /// The entry as written.
        pattern: String,
        /// The public suffix after `*.`.
        suffix: String,
    },
    /// A pattern with a public suffix beneath its fixed part:
    /// `https://*.amazonaws.com`: `s3.amazonaws.com` lies beneath it, so it
    /// covers every bucket, each a site of its own.
    SuffixBeneathPattern {
        /// The entry as written.
        pattern: String,
        /// The part after `*.` (`amazonaws.com`).
        fixed: String,
        /// One public-suffix rule beneath it (`s3.amazonaws.com`, or
        /// `*.run.app` for a wildcard rule).
        beneath: String,
    },
    /// `http://app.example.com` or `http://*.example.com` with credentials:
    /// anyone on the network path can answer as that origin and read
    /// credentialed responses. Loopback hosts are exempt.
    HttpWithCredentials {
        /// The entry as written.
        entry: String,
        /// Whether the entry is a pattern rather than an exact origin.
        pattern: bool,
        /// The entry with `https:`, the fix to suggest.
        https: String,
    },
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
            Self::SuffixBeneathPattern { pattern, fixed, beneath } => write!(
                f,
                "pattern `{pattern}` covers every site under `{beneath}`, {what} beneath \
                 `{fixed}` where anyone can register one; put a domain you own after `*.`, \
                 or list exact origins",
                // `*.run.app`: every `x.run.app` is a suffix.
                what = if beneath.starts_with("*.") { "public suffixes" } else { "a public suffix" },
            ),
            Self::HttpWithCredentials { entry, pattern, https } => write!(
                f,
                "{what} `{entry}` is `http:` and the policy has `credentials`: anyone on the network \
                 path could answer as {whom} and read credentialed responses; write `{https}`, or leave \
                 out `credentials` (only loopback hosts, `localhost`, `127.0.0.1` and `[::1]`, may be \
                 `http:` with credentials)",
                what = if *pattern { "pattern" } else { "origin" },
                whom = if *pattern { "a matching host" } else { "it" },
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

/// Checks one allowed origin or pattern for a policy with or without
/// credentials, and returns it parsed.
///
/// # Errors
///
/// When the entry is malformed ([`OriginRuleError::Origin`]), is a pattern
/// over sites anyone can register, or is `http:` (and not loopback) in a
/// policy with credentials.
pub fn check_allowed_origin(
    entry: &str,
    credentials: bool,
) -> Result<OriginPattern, OriginRuleError> {
    let parsed = parse_origin_or_pattern(entry)?;
    if let OriginPattern::Pattern {
        host: Host::Domain(fixed),
        any_subdomain: true,
        ..
    } = &parsed
    {
        if is_public_suffix(fixed) {
            return Err(OriginRuleError::PublicSuffixPattern {
                pattern: entry.to_owned(),
                suffix: fixed.clone(),
            });
        }
        if let Some(beneath) = suffix_beneath(fixed) {
            return Err(OriginRuleError::SuffixBeneathPattern {
                pattern: entry.to_owned(),
                fixed: fixed.clone(),
                beneath: beneath.to_owned(),
            });
        }
    }
    let (scheme, host, any_subdomain) = match &parsed {
        OriginPattern::Exact(origin) => (&origin.scheme, &origin.host, false),
        OriginPattern::Pattern {
            scheme,
            host,
            any_subdomain,
            ..
        } => (scheme, host, *any_subdomain),
    };
    if credentials && scheme == "http" && (any_subdomain || !is_loopback(host)) {
        return Err(OriginRuleError::HttpWithCredentials {
            entry: entry.to_owned(),
            pattern: matches!(parsed, OriginPattern::Pattern { .. }),
            https: as_https(&parsed),
        });
    }
    Ok(parsed)
}

/// The hosts that cannot be reached off the machine, so nobody on the network
/// path can answer as them. SPEC §2 names these three; other names that
/// browsers may resolve to loopback (`*.localhost`, `127.0.0.2`) are refused,
/// since not every browser or resolver guarantees it.
fn is_loopback(host: &Host) -> bool {
    match host {
        Host::Domain(name) => name == "localhost",
        Host::Ipv4(addr) => *addr == Ipv4Addr::LOCALHOST,
        Host::Ipv6(addr) => *addr == Ipv6Addr::LOCALHOST,
    }
}

/// The entry with `https:`, as the fix to suggest (without port 443, which
/// browsers leave out).
fn as_https(parsed: &OriginPattern) -> String {
    match parsed {
        OriginPattern::Exact(origin) => {
            let port = origin.port.filter(|&port| port != 443);
            crate::origin::Origin {
                scheme: "https".into(),
                host: origin.host.clone(),
                port,
            }
            .serialized()
        }
        OriginPattern::Pattern {
            host,
            any_subdomain,
            port,
            any_port,
            ..
        } => {
            let star = if *any_subdomain { "*." } else { "" };
            match (port.filter(|&port| port != 443), any_port) {
                (_, true) => format!("https://{star}{host}:*"),
                (Some(port), false) => format!("https://{star}{host}:{port}"),
                (None, false) => format!("https://{star}{host}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patterns over hosting providers' shared domains: each would let every
    /// customer of the provider read the policy's responses.
    const HOSTING_PATTERNS: &[&str] = &[
        "https://*.amazonaws.com",
        "https://*.us-east-1.amazonaws.com",
        "https://*.compute.amazonaws.com",
        "https://*.s3.amazonaws.com",
        "https://*.cloudfront.net",
        "https://*.appspot.com",
        "https://*.herokuapp.com",
        "https://*.vercel.app",
        "https://*.netlify.app",
        "https://*.azurewebsites.net",
        "https://*.blob.core.windows.net",
        "https://*.core.windows.net",
        "https://*.windows.net",
        "https://*.azurestaticapps.net",
        "https://*.cloudapp.net",
        "https://*.firebaseapp.com",
        "https://*.web.app",
        "https://*.run.app",
        "https://*.googleapis.com",
        "https://*.pages.dev",
        "https://*.workers.dev",
        "https://*.github.io",
        "https://*.githubusercontent.com",
        "https://*.gitlab.io",
        "https://*.onrender.com",
        "https://*.fly.dev",
        "https://*.up.railway.app",
        "https://*.railway.app",
        "https://*.deno.dev",
        "https://*.supabase.co",
        "https://*.myshopify.com",
        "https://*.ngrok.io",
        "https://*.ngrok-free.app",
        "https://*.blogspot.com",
        "https://*.replit.dev",
        "https://*.com",
        "https://*.co.uk",
        "https://*.ck",
        "https://*.localhost",
    ];

    #[test]
    fn patterns_over_hosting_suffixes_are_refused() {
        for pattern in HOSTING_PATTERNS {
            for credentials in [false, true] {
                let error = check_allowed_origin(pattern, credentials).unwrap_err();
                assert!(
                    matches!(
                        error,
                        OriginRuleError::PublicSuffixPattern { .. }
                            | OriginRuleError::SuffixBeneathPattern { .. }
                    ),
                    "{pattern}: {error:?}"
                );
            }
        }
    }

    #[test]
    fn a_pattern_with_suffixes_beneath_names_one() {
        let error = check_allowed_origin("https://*.amazonaws.com", true).unwrap_err();
        assert_eq!(
            error.to_string(),
            "pattern `https://*.amazonaws.com` covers every site under `s3.amazonaws.com`, a public suffix \
             beneath `amazonaws.com` where anyone can register one; put a domain you own after `*.`, or \
             list exact origins"
        );
        let error = check_allowed_origin("https://*.core.windows.net", false).unwrap_err();
        assert!(
            error.to_string().contains("under `web.core.windows.net`"),
            "{error}"
        );
    }

    #[test]
    fn patterns_over_one_customers_site_are_accepted() {
        for pattern in [
            "https://*.example.com",
            "https://*.app.example.com",
            "https://*.example.co.uk",
            "https://*.user.github.io",
            "https://*.my-bucket.s3.amazonaws.com",
            "https://*.my-app.herokuapp.com",
            "https://*.my-app.vercel.app",
            "https://*.www.ck",
        ] {
            assert!(check_allowed_origin(pattern, true).is_ok(), "{pattern}");
        }
    }

    #[test]
    fn http_with_credentials_only_for_loopback() {
        for loopback in [
            "http://localhost:3000",
            "http://localhost",
            "http://127.0.0.1:8080",
            "http://[::1]:3000",
            "http://localhost:*",
            "http://127.0.0.1:*",
            "http://[::1]:*",
        ] {
            assert!(check_allowed_origin(loopback, true).is_ok(), "{loopback}");
        }
        for (insecure, https) in [
            ("http://app.example.com", "https://app.example.com"),
            (
                "http://app.example.com:8080",
                "https://app.example.com:8080",
            ),
            ("http://app.example.com:443", "https://app.example.com"),
            ("http://10.0.0.1", "https://10.0.0.1"),
            ("http://127.0.0.2:3000", "https://127.0.0.2:3000"),
            ("http://[::2]", "https://[::2]"),
            ("http://app.localhost:3000", "https://app.localhost:3000"),
            (
                "http://localhost.example.com",
                "https://localhost.example.com",
            ),
            ("http://*.example.com", "https://*.example.com"),
            ("http://*.example.com:*", "https://*.example.com:*"),
            ("http://app.example.com:*", "https://app.example.com:*"),
            ("http://10.0.0.1:*", "https://10.0.0.1:*"),
        ] {
            let error = check_allowed_origin(insecure, true).unwrap_err();
            let OriginRuleError::HttpWithCredentials {
                https: suggested, ..
            } = &error
            else {
                panic!("{insecure}: {error:?}");
            };
            assert_eq!(suggested, https, "{insecure}");
            assert!(
                error
                    .to_string()
                    .contains(&format!("write `{https}`, or leave out `credentials`")),
                "{error}"
            );
            assert!(
                check_allowed_origin(insecure, false).is_ok(),
                "{insecure} without credentials"
            );
            assert!(check_allowed_origin(https, true).is_ok(), "{https}");
        }
    }

    #[test]
    fn http_messages_say_origin_or_pattern() {
        let exact = check_allowed_origin("http://app.example.com", true)
            .unwrap_err()
            .to_string();
        assert!(
            exact.starts_with("origin `http://app.example.com` is `http:`"),
            "{exact}"
        );
        assert!(exact.contains("could answer as it and read"), "{exact}");
        let pattern = check_allowed_origin("http://*.example.com", true)
            .unwrap_err()
            .to_string();
        assert!(
            pattern.starts_with("pattern `http://*.example.com` is `http:`"),
            "{pattern}"
        );
    }

    #[test]
    fn origin_errors_pass_through() {
        assert!(matches!(
            check_allowed_origin("null", false),
            Err(OriginRuleError::Origin(_))
        ));
    }
}

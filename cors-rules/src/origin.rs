//! What an allowed origin may look like. Browsers serialise an origin as
//! `scheme://host[:port]`, in lower case, without a default port, and servers
//! compare it byte for byte: anything written another way can never match, so
//! it is refused with the spelling that would.

use std::fmt;
use std::io::Write;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::public_suffix::same_site_as;
use crate::url_ip::{ends_in_a_number, parse_ipv4, UrlIpv6};

/// A checked, exact origin in the form browsers send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The scheme, in lower case (`https`).
    pub scheme: String,
    /// The host.
    pub host: Host,
    /// The port; `None` for the scheme's default port.
    pub port: Option<u16>,
}

impl Origin {
    /// The origin as a browser serialises it: what `Origin` headers carry.
    pub fn serialized(&self) -> String {
        match self.port {
            Some(port) => format!("{}://{}:{port}", self.scheme, self.host),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }
}

/// The host of an origin; `Display` writes it as browsers serialise it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A domain name, in lower case (punycode for international names).
    Domain(String),
    /// An IPv4 address.
    Ipv4(Ipv4Addr),
    /// An IPv6 address, written in brackets.
    Ipv6(Ipv6Addr),
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Domain(name) => f.write_str(name),
            Self::Ipv4(addr) => write!(f, "{addr}"),
            Self::Ipv6(addr) => write!(f, "[{}]", UrlIpv6(addr)),
        }
    }
}

/// An allowed origin, exact or with a `*` standing for whole leftmost labels
/// of the host (`https://*.example.com`) or for the port (`http://localhost:*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginPattern {
    /// One origin, with no `*`.
    Exact(Origin),
    /// An origin with a `*` for leftmost labels, for the port, or both.
    Pattern {
        /// The scheme, in lower case.
        scheme: String,
        /// The fixed part of the host (`example.com` for `*.example.com`).
        host: Host,
        /// `*.` before the host: one or more whole labels.
        any_subdomain: bool,
        /// `None` with `any_port` false: the scheme's default port.
        port: Option<u16>,
        /// `:*` after the host: any port, or none.
        any_port: bool,
    },
}

impl OriginPattern {
    /// Whether `origin`, as a browser sent it, is allowed by this pattern.
    /// Matching works on whole labels and whole ports, never on substrings.
    pub fn matches(&self, origin: &[u8]) -> bool {
        match self {
            Self::Exact(exact) => exact.serialized().as_bytes() == origin,
            Self::Pattern {
                scheme,
                host,
                any_subdomain,
                port,
                any_port,
            } => {
                let Some(rest) = origin
                    .strip_prefix(scheme.as_bytes())
                    .and_then(|rest| rest.strip_prefix(b"://"))
                else {
                    return false;
                };
                let (request_host, request_port) = split_host_port(rest);
                let port_ok = match (request_port, *any_port) {
                    (None, _) => port.is_none(),
                    (Some(digits), true) => canonical_port(digits).is_some(),
                    (Some(digits), false) => port.is_some() && canonical_port(digits) == *port,
                };
                port_ok && host_matches(host, *any_subdomain, request_host)
            }
        }
    }
}

fn split_host_port(authority: &[u8]) -> (&[u8], Option<&[u8]>) {
    let host_end = if authority.first() == Some(&b'[') {
        authority
            .iter()
            .position(|&b| b == b']')
            .map_or(authority.len(), |i| i + 1)
    } else {
        authority
            .iter()
            .position(|&b| b == b':')
            .unwrap_or(authority.len())
    };
    let (host, after) = authority.split_at(host_end);
    match after.split_first() {
        Some((b':', port)) => (host, Some(port)),
        Some(_) => (b"", None), // garbage after an IPv6 literal: matches nothing
        None => (host, None),
    }
}

/// A port as browsers write it: digits, no leading zero, 1..=65535.
fn canonical_port(digits: &[u8]) -> Option<u16> {
    if digits.is_empty() || digits.len() > 5 || digits[0] == b'0' {
        return None;
    }
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

fn host_matches(host: &Host, any_subdomain: bool, request_host: &[u8]) -> bool {
    let fixed = match host {
        Host::Domain(name) => name.as_bytes(),
        // Port patterns over an IP address: compared in its serialised form,
        // written on the stack (at most 41 bytes: `[` 39 `]`), per request.
        ip => {
            let mut buffer = [0u8; 48];
            let mut cursor = &mut buffer[..];
            if write!(cursor, "{ip}").is_err() {
                return false;
            }
            let written = 48 - cursor.len();
            return !any_subdomain && request_host == &buffer[..written];
        }
    };
    if !any_subdomain {
        return request_host == fixed;
    }
    // One or more whole labels, then a dot, then the fixed part.
    let Some(labels) = request_host
        .strip_suffix(fixed)
        .and_then(|rest| rest.strip_suffix(b"."))
    else {
        return false;
    };
    // Defence in depth: whatever the pattern, never a host of another site
    // (`attacker.s3.amazonaws.com` under `amazonaws.com`), even for a list
    // the rules never checked or a suffix added to the list since.
    !labels.is_empty()
        && labels.split(|&b| b == b'.').all(is_canonical_label)
        && same_site_as(request_host, fixed)
}

fn is_canonical_label(label: &[u8]) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && label
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Why an origin was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OriginErrorKind {
    /// `null`, which sandboxed iframes and `file:` pages send.
    Null,
    /// A `*` where only an exact origin is accepted, or `*` alone in a list.
    Wildcard,
    /// An empty string.
    Empty,
    /// White space anywhere.
    Whitespace,
    /// A non-ASCII character, such as an international domain name not in
    /// punycode.
    NonAscii,
    /// No `scheme://`.
    MissingScheme,
    /// A scheme that is not a letter followed by letters, digits, `+`, `-`
    /// or `.`.
    BadScheme,
    /// A scheme with upper-case letters.
    UpperCaseScheme,
    /// User information (`user@`) before the host.
    Userinfo,
    /// A path, including a lone trailing `/`.
    Path,
    /// A query (`?`).
    Query,
    /// A fragment (`#`).
    Fragment,
    /// Nothing between `://` and the port or the end.
    EmptyHost,
    /// A domain with upper-case letters.
    UpperCaseHost,
    /// A host that is no valid domain name or bracketed IPv6 address.
    BadHost,
    /// An IP address written otherwise than browsers serialise it
    /// (`127.1`, `[::0001]`).
    NonCanonicalIp,
    /// A host ending in a number that is no IPv4 address, which browsers
    /// refuse (`1.2.3.256`, `example.123`).
    InvalidIpv4,
    /// A `*` anywhere but for whole leftmost labels or for the port.
    MisplacedWildcard,
    /// A `:` with no port after it.
    EmptyPort,
    /// A port that is not digits.
    BadPort,
    /// A port outside 1..=65535.
    PortOutOfRange,
    /// A port with a leading zero (`:080`).
    LeadingZeroPort,
    /// The scheme's default port (`https://example.com:443`).
    DefaultPort,
}

/// An origin or pattern refused by [`parse_origin`] or
/// [`parse_origin_or_pattern`]; its `Display` says why and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginError {
    /// What is wrong.
    pub kind: OriginErrorKind,
    /// The origin as written.
    pub origin: String,
    /// The spelling that would have been right, where there is one.
    pub suggestion: Option<String>,
}

impl fmt::Display for OriginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use OriginErrorKind::*;
        let o = &self.origin;
        match self.kind {
            Null => write!(
                f,
                "`null` cannot be an allowed origin: sandboxed iframes and `file:` pages send it, \
                 so allowing it lets any of them in; list the real origins instead"
            )?,
            Wildcard if o == "*" => write!(
                f,
                "`*` cannot stand inside a list of origins; write `origins = \"*\"` to allow every origin, \
                 or list each origin"
            )?,
            Wildcard => write!(
                f,
                "origin `{o}` contains `*`, but only exact origins are accepted here; list each origin \
                 as `scheme://host[:port]`, or write `origins = \"*\"` on its own to allow every origin"
            )?,
            Empty => write!(f, "an origin cannot be empty; write it as `https://host[:port]`")?,
            Whitespace => write!(f, "origin `{o}` contains white space; browsers never send it")?,
            NonAscii => write!(
                f,
                "origin `{o}` is not ascii; browsers send international domain names in their \
                 punycode (`xn--`) form, write that"
            )?,
            MissingScheme => write!(f, "origin `{o}` has no scheme; an origin is `scheme://host[:port]`")?,
            BadScheme => write!(
                f,
                "origin `{o}` has an invalid scheme; write a scheme such as `https`: a letter, then \
                 letters, digits, `+`, `-` or `.`"
            )?,
            UpperCaseScheme => write!(
                f,
                "origin `{o}` has an upper-case scheme; browsers send it in lower case and compare bytes, so it would never match"
            )?,
            Userinfo => write!(
                f,
                "origin `{o}` contains user information (`user@`); origins never carry it"
            )?,
            Path if only_trailing_slash(o) => write!(
                f,
                "origin `{o}` ends with `/`; an origin is only `scheme://host[:port]`, with no trailing `/`"
            )?,
            Path => write!(
                f,
                "origin `{o}` has a path; an origin is only `scheme://host[:port]`, without a path"
            )?,
            Query => write!(f, "origin `{o}` has a query; an origin is only `scheme://host[:port]`")?,
            Fragment => write!(f, "origin `{o}` has a fragment; an origin is only `scheme://host[:port]`")?,
            EmptyHost => write!(
                f,
                "origin `{o}` has an empty host; write the host after `://`, as in `https://app.example.com:8443`"
            )?,
            UpperCaseHost => write!(
                f,
                "origin `{o}` has an upper-case host; browsers send it in lower case and compare bytes, so it would never match"
            )?,
            BadHost => write!(
                f,
                "origin `{o}` has an invalid host: use letters, digits, `-` and `.` between non-empty labels, \
                 an ipv4 address, or an ipv6 address in brackets"
            )?,
            NonCanonicalIp => write!(
                f,
                "origin `{o}` writes its ip address as no browser sends it (ipv6 compressed, in lower case, \
                 without a dotted ipv4 tail; ipv4 as four decimal numbers), so it would never match"
            )?,
            InvalidIpv4 => write!(
                f,
                "origin `{o}` has a host ending in a number that is no ipv4 address, and browsers refuse \
                 such a host; write an ipv4 address as four decimal numbers (`127.0.0.1`), or a domain \
                 whose last label is not a number"
            )?,
            MisplacedWildcard => write!(
                f,
                "origin `{o}` has a misplaced `*`; write it only for whole leftmost labels \
                 (`https://*.example.com`) or for the port (`http://localhost:*`)"
            )?,
            EmptyPort => write!(f, "origin `{o}` has a `:` without a port; write the port after it, or remove the `:`")?,
            BadPort => write!(f, "origin `{o}` has a port that is not a number; write it in digits, as in `:8080`")?,
            PortOutOfRange => write!(
                f,
                "origin `{o}` has a port outside 1..=65535; write a port in that range, or none for the \
                 scheme's default"
            )?,
            LeadingZeroPort => write!(
                f,
                "origin `{o}` writes its port with a leading zero; browsers never do, so it would never match"
            )?,
            DefaultPort => write!(
                f,
                "origin `{o}` names its scheme's default port; browsers leave it out, so it would never match"
            )?,
        }
        if let Some(suggestion) = &self.suggestion {
            write!(f, "; write `{suggestion}`")?;
        }
        Ok(())
    }
}

impl std::error::Error for OriginError {}

/// `https://app.example.com/`: a path that is only the final `/`.
fn only_trailing_slash(origin: &str) -> bool {
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.find('/') == Some(rest.len() - 1))
}

/// Parses an exact origin: no `*` anywhere.
///
/// # Errors
///
/// When `s` is not an origin exactly as a browser would send it, or is a
/// pattern ([`OriginErrorKind::Wildcard`]).
pub fn parse_origin(s: &str) -> Result<Origin, OriginError> {
    // Checked first: where a `*` would go in a pattern is no matter here.
    if s.contains('*') && !s.eq_ignore_ascii_case("null") {
        return Err(error(OriginErrorKind::Wildcard, s, None));
    }
    match parse_origin_or_pattern(s)? {
        OriginPattern::Exact(origin) => Ok(origin),
        OriginPattern::Pattern { .. } => Err(error(OriginErrorKind::Wildcard, s, None)),
    }
}

/// Parses an allowed origin, which may be a pattern (`https://*.example.com`,
/// `http://localhost:*`). Whether patterns are acceptable where it stands,
/// and over which suffixes, is the caller's rule.
///
/// # Errors
///
/// When `s` is neither an origin exactly as a browser would send it nor
/// such an origin with a well-placed `*`.
pub fn parse_origin_or_pattern(s: &str) -> Result<OriginPattern, OriginError> {
    use OriginErrorKind::*;
    if s.eq_ignore_ascii_case("null") {
        return Err(error(Null, s, None));
    }
    if s == "*" {
        return Err(error(Wildcard, s, None));
    }
    if s.is_empty() {
        return Err(error(Empty, s, None));
    }
    if s.chars().any(char::is_whitespace) {
        return Err(error(Whitespace, s, Some(s.split_whitespace().collect())));
    }
    if !s.is_ascii() {
        return Err(error(NonAscii, s, None));
    }
    let Some((scheme, rest)) = s.split_once("://") else {
        let bare = s.trim_start_matches("//");
        return Err(error(MissingScheme, s, Some(format!("https://{bare}"))));
    };
    let valid_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !valid_scheme {
        return Err(error(BadScheme, s, None));
    }
    if scheme.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(error(
            UpperCaseScheme,
            s,
            Some(format!("{}://{rest}", scheme.to_ascii_lowercase())),
        ));
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let without_tail = Some(format!("{scheme}://{authority}"));
    match tail.as_bytes().first() {
        Some(b'/') => return Err(error(Path, s, without_tail)),
        Some(b'?') => return Err(error(Query, s, without_tail)),
        Some(b'#') => return Err(error(Fragment, s, without_tail)),
        _ => {}
    }
    if let Some((_, host_port)) = authority.rsplit_once('@') {
        return Err(error(Userinfo, s, Some(format!("{scheme}://{host_port}"))));
    }

    let (host_text, port_text) = if authority.starts_with('[') {
        match authority.find(']') {
            Some(end) => match &authority[end + 1..] {
                "" => (&authority[..=end], None),
                after => match after.strip_prefix(':') {
                    Some(port) => (&authority[..=end], Some(port)),
                    None => return Err(error(BadHost, s, None)),
                },
            },
            None => return Err(error(BadHost, s, None)),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };

    let (host_text, any_subdomain) = match host_text.strip_prefix("*.") {
        Some(fixed) => (fixed, true),
        None => (host_text, false),
    };
    if host_text.is_empty() {
        return Err(error(EmptyHost, s, None));
    }
    if host_text.contains('*') {
        return Err(error(MisplacedWildcard, s, None));
    }
    let host = parse_host(host_text).map_err(|(kind, canonical)| {
        let suggestion = match kind {
            UpperCaseHost => Some(s.to_ascii_lowercase()),
            _ => canonical.map(|host| s.replacen(host_text, &host, 1)),
        };
        error(kind, s, suggestion)
    })?;
    if any_subdomain && !matches!(host, Host::Domain(_)) {
        return Err(error(MisplacedWildcard, s, None));
    }

    let (port, any_port) = match port_text {
        None => (None, false),
        Some("") => return Err(error(EmptyPort, s, None)),
        Some("*") => (None, true),
        Some(digits) if digits.contains('*') => return Err(error(MisplacedWildcard, s, None)),
        Some(digits) if !digits.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(error(BadPort, s, None))
        }
        Some(digits) => {
            let trimmed = digits.trim_start_matches('0');
            let value: u32 = if trimmed.len() > 5 {
                u32::MAX
            } else {
                trimmed.parse().unwrap_or(0)
            };
            if value == 0 || value > 65_535 {
                return Err(error(PortOutOfRange, s, None));
            }
            if digits.starts_with('0') {
                let fixed = s.strip_suffix(digits).map(|head| format!("{head}{value}"));
                return Err(error(LeadingZeroPort, s, fixed));
            }
            if default_port(scheme) == Some(value as u16) {
                let fixed = s
                    .strip_suffix(digits)
                    .and_then(|head| head.strip_suffix(':'))
                    .map(str::to_owned);
                return Err(error(DefaultPort, s, fixed));
            }
            (Some(value as u16), false)
        }
    };

    let scheme = scheme.to_owned();
    if any_subdomain || any_port {
        Ok(OriginPattern::Pattern {
            scheme,
            host,
            any_subdomain,
            port,
            any_port,
        })
    } else {
        Ok(OriginPattern::Exact(Origin { scheme, host, port }))
    }
}

fn error(kind: OriginErrorKind, origin: &str, suggestion: Option<String>) -> OriginError {
    OriginError {
        kind,
        origin: origin.to_owned(),
        suggestion,
    }
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

/// The host of an allowed origin, which must be written as browsers
/// serialise it. On error, the kind and, for an IP address, its canonical
/// spelling.
fn parse_host(text: &str) -> Result<Host, (OriginErrorKind, Option<String>)> {
    use OriginErrorKind::*;
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        // Std's parser reads every IPv6 form the URL standard's parser reads
        // (hex pieces, `::`, a dotted-quad tail); the canonical check is ours.
        let addr: Ipv6Addr = inner.parse().map_err(|_| (BadHost, None))?;
        let canonical = UrlIpv6(&addr).to_string();
        return if canonical == inner {
            Ok(Host::Ipv6(addr))
        } else {
            Err((NonCanonicalIp, Some(format!("[{canonical}]"))))
        };
    }
    // Browsers lower-case a host before asking whether it is an IPv4 address.
    let lower = text.to_ascii_lowercase();
    if ends_in_a_number(&lower) {
        let addr = parse_ipv4(&lower).ok_or((InvalidIpv4, None))?;
        let canonical = addr.to_string();
        return if canonical == text {
            Ok(Host::Ipv4(addr))
        } else {
            Err((NonCanonicalIp, Some(canonical)))
        };
    }
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err((UpperCaseHost, None));
    }
    let valid = text.split('.').all(|label| {
        is_canonical_label(label.as_bytes()) && !label.starts_with('-') && !label.ends_with('-')
    });
    if valid {
        Ok(Host::Domain(text.to_owned()))
    } else {
        Err((BadHost, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OriginErrorKind::*;

    fn kind(s: &str) -> OriginErrorKind {
        parse_origin_or_pattern(s).unwrap_err().kind
    }

    #[test]
    fn accepts_what_browsers_send() {
        for s in [
            "https://app.example.com",
            "http://localhost:3000",
            "http://127.0.0.1:8080",
            "http://[::1]:3000",
            "https://[2001:db8::1]",
            "chrome-extension://abcdefgh",
            "https://xn--bcher-kva.example",
        ] {
            assert_eq!(parse_origin(s).unwrap().serialized(), s);
        }
    }

    #[test]
    fn refuses_what_never_matches() {
        assert_eq!(kind("null"), Null);
        assert_eq!(kind("*"), Wildcard);
        assert_eq!(kind(""), Empty);
        assert_eq!(kind("app.example.com"), MissingScheme);
        assert_eq!(kind("HTTPS://app.example.com"), UpperCaseScheme);
        assert_eq!(kind("https://App.example.com"), UpperCaseHost);
        assert_eq!(kind("https://app.example.com/"), Path);
        assert_eq!(kind("https://app.example.com/api"), Path);
        assert_eq!(kind("https://app.example.com?x"), Query);
        assert_eq!(kind("https://app.example.com#x"), Fragment);
        assert_eq!(kind("https://user@app.example.com"), Userinfo);
        assert_eq!(kind("https://"), EmptyHost);
        assert_eq!(kind("https://:80"), EmptyHost);
        assert_eq!(kind("http://localhost:0"), PortOutOfRange);
        assert_eq!(kind("http://localhost:65536"), PortOutOfRange);
        assert_eq!(kind("http://localhost:99999999999"), PortOutOfRange);
        assert_eq!(kind("http://localhost:"), EmptyPort);
        assert_eq!(kind("http://localhost:80a"), BadPort);
        assert_eq!(kind("http://localhost:080"), LeadingZeroPort);
        assert_eq!(kind("https://example.com:443"), DefaultPort);
        assert_eq!(kind("http://[::0001]"), NonCanonicalIp);
        assert_eq!(kind("http://127.1"), NonCanonicalIp);
        assert_eq!(kind("https://exa mple.com"), Whitespace);
        assert_eq!(kind("https://bücher.example"), NonAscii);
        assert_eq!(kind("https://a..b"), BadHost);
        assert_eq!(kind("https://a.*.com"), MisplacedWildcard);
        assert_eq!(kind("https://*a.example.com"), MisplacedWildcard);
        assert_eq!(kind("http://localhost:8*"), MisplacedWildcard);
    }

    #[test]
    fn suggests_the_right_spelling() {
        let err = parse_origin("https://app.example.com/").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("https://app.example.com"));
        assert!(
            err.to_string()
                .ends_with("; write `https://app.example.com`"),
            "{err}"
        );
        let err = parse_origin("app.example.com").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("https://app.example.com"));
        let err = parse_origin("https://example.com:443").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("https://example.com"));
        let err = parse_origin("HTTP://x.example").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("http://x.example"));
    }

    #[test]
    fn every_message_is_lower_case_and_says_the_fix() {
        let fixes = ["write", "remove", "list", "use", "add"];
        for s in [
            "null",
            "*",
            "",
            "https://exa mple.com",
            "https://bücher.example",
            "app.example.com",
            "1https://x.example",
            "HTTPS://x.example",
            "https://u@x.example",
            "https://x.example/",
            "https://x.example/a",
            "https://x.example?q",
            "https://x.example#f",
            "https://:80",
            "https://X.example",
            "https://a..b",
            "http://127.1",
            "https://a.*.com",
            "http://x.example:",
            "http://x.example:8a",
            "http://x.example:0",
            "http://x.example:080",
            "https://x.example:443",
            "https://*.example.com",
            "http://[::ffff:1.2.3.4]",
            "http://0x7f.1",
            "http://1.2.3.08",
        ] {
            let message = parse_origin_or_pattern(s)
                .and_then(|_| parse_origin(s).map(|_| unreachable!()))
                .unwrap_err()
                .to_string();
            assert!(
                message.starts_with(|c: char| c.is_lowercase() || c == '`'),
                "{message}"
            );
            assert!(
                fixes.iter().any(|fix| message.contains(fix)),
                "no fix in: {message}"
            );
        }
    }

    #[test]
    fn trailing_slash_is_named_as_such() {
        let slash = parse_origin("https://x.example/").unwrap_err().to_string();
        assert!(slash.contains("ends with `/`"), "{slash}");
        let path = parse_origin("https://x.example/a/")
            .unwrap_err()
            .to_string();
        assert!(path.contains("has a path"), "{path}");
    }

    #[test]
    fn exact_origins_refuse_patterns() {
        assert_eq!(
            parse_origin("https://*.example.com").unwrap_err().kind,
            Wildcard
        );
        assert_eq!(parse_origin("https://a.*.com").unwrap_err().kind, Wildcard);
        assert_eq!(
            parse_origin("http://localhost:*").unwrap_err().kind,
            Wildcard
        );
    }

    #[test]
    fn subdomain_patterns_match_whole_labels() {
        let p = parse_origin_or_pattern("https://*.example.com").unwrap();
        assert!(p.matches(b"https://a.example.com"));
        assert!(p.matches(b"https://a.b.example.com"));
        assert!(!p.matches(b"https://example.com"));
        assert!(!p.matches(b"https://.example.com"));
        assert!(!p.matches(b"https://evil-example.com"));
        assert!(!p.matches(b"https://a.example.com.evil.net"));
        assert!(!p.matches(b"https://a.example.com:8443"));
        assert!(!p.matches(b"http://a.example.com"));
        assert!(!p.matches(b"https://A.example.com"));
        assert!(!p.matches(b"https://a..example.com"));
    }

    #[test]
    fn port_patterns_match_whole_ports() {
        let p = parse_origin_or_pattern("http://localhost:*").unwrap();
        assert!(p.matches(b"http://localhost:3000"));
        assert!(p.matches(b"http://localhost"));
        assert!(!p.matches(b"http://localhost:03000"));
        assert!(!p.matches(b"http://localhost:70000"));
        assert!(!p.matches(b"http://localhost.evil.net:3000"));
        assert!(!p.matches(b"http://localhost:3000@evil.net"));
        let v6 = parse_origin_or_pattern("http://[::1]:*").unwrap();
        assert!(v6.matches(b"http://[::1]:8080"));
        assert!(!v6.matches(b"http://[::2]:8080"));
    }

    #[test]
    fn ip_hosts_are_accepted_as_browsers_serialise_them() {
        for s in [
            "http://[::ffff:102:304]",
            "http://[::ffff:7f00:1]:8080",
            "http://[2001:db8::1:0:0:1]",
            "http://[::]",
            "http://0.0.0.0:3000",
            "http://192.168.1.10",
        ] {
            assert_eq!(parse_origin(s).unwrap().serialized(), s);
        }
    }

    #[test]
    fn ip_hosts_in_other_spellings_are_refused_with_the_browsers_spelling() {
        for (written, browsers) in [
            ("http://[::ffff:1.2.3.4]", "http://[::ffff:102:304]"),
            (
                "http://[::ffff:127.0.0.1]:8080",
                "http://[::ffff:7f00:1]:8080",
            ),
            ("http://[::FFFF:102:304]", "http://[::ffff:102:304]"),
            ("http://[0:0:0:0:0:0:0:1]:3000", "http://[::1]:3000"),
            ("http://[2001:db8:0:0:1::1]", "http://[2001:db8::1:0:0:1]"),
            ("http://[2001:DB8::1]", "http://[2001:db8::1]"),
            ("http://127.1", "http://127.0.0.1"),
            ("http://0x7f.1:3000", "http://127.0.0.1:3000"),
            ("http://0X7F.1", "http://127.0.0.1"),
            ("http://1.2.3.0x4", "http://1.2.3.4"),
            ("http://0177.0.0.1", "http://127.0.0.1"),
            ("http://2130706433", "http://127.0.0.1"),
            ("http://127.0.0.1.", "http://127.0.0.1"),
            ("http://010.0.0.1", "http://8.0.0.1"),
            ("http://[::ffff:1.2.3.4]:*", "http://[::ffff:102:304]:*"),
            ("http://127.1:*", "http://127.0.0.1:*"),
        ] {
            let error = parse_origin_or_pattern(written).unwrap_err();
            assert_eq!(error.kind, NonCanonicalIp, "{written}");
            assert_eq!(error.suggestion.as_deref(), Some(browsers), "{written}");
            assert!(
                error
                    .to_string()
                    .ends_with(&format!("; write `{browsers}`")),
                "{error}"
            );
        }
    }

    #[test]
    fn hosts_ending_in_a_number_that_browsers_refuse() {
        for s in [
            "http://1.2.3.08",
            "http://1.2.3.4.5",
            "http://256.0.0.1",
            "https://example.123",
            "https://a.0x1f",
            "http://1.2.3.256",
        ] {
            assert_eq!(kind(s), InvalidIpv4, "{s}");
        }
        // Not a number: an ordinary domain.
        assert!(parse_origin("https://a.0x1g").is_ok());
        assert!(parse_origin("https://123.example").is_ok());
    }

    #[test]
    fn ip_port_patterns_match_the_browsers_spelling() {
        let p = parse_origin_or_pattern("http://[::ffff:102:304]:*").unwrap();
        assert!(p.matches(b"http://[::ffff:102:304]:8080"));
        assert!(!p.matches(b"http://[::ffff:1.2.3.4]:8080"));
        let p = parse_origin_or_pattern("http://127.0.0.1:*").unwrap();
        assert!(p.matches(b"http://127.0.0.1:3000"));
        assert!(!p.matches(b"http://127.0.0.10:3000"));
        assert!(!p.matches(b"http://127.1:3000"));
    }

    #[test]
    fn patterns_never_match_a_host_of_another_site() {
        // The parser alone accepts these (the rules refuse them, see
        // allowed_origin): matching must not trust that every list was checked.
        for (pattern, host) in [
            (
                "https://*.amazonaws.com",
                "https://attacker.s3.amazonaws.com",
            ),
            (
                "https://*.amazonaws.com",
                "https://a.attacker.s3.amazonaws.com",
            ),
            (
                "https://*.amazonaws.com",
                "https://x.eu-west-1.compute.amazonaws.com",
            ),
            (
                "https://*.core.windows.net",
                "https://attacker.blob.core.windows.net",
            ),
            ("https://*.com", "https://evil.com"),
            ("https://*.github.io", "https://evil.github.io"),
            ("https://*.co.uk", "https://evil.co.uk"),
            ("https://*.run.app", "https://evil.x.run.app"),
        ] {
            let p = parse_origin_or_pattern(pattern).unwrap();
            assert!(!p.matches(host.as_bytes()), "{pattern} matched {host}");
        }
        // The same patterns still match hosts of the fixed part's own site.
        let p = parse_origin_or_pattern("https://*.amazonaws.com").unwrap();
        assert!(p.matches(b"https://console.amazonaws.com"));
        let p = parse_origin_or_pattern("https://*.user.github.io").unwrap();
        assert!(p.matches(b"https://a.b.user.github.io"));
    }
}

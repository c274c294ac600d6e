//! Origin parsing and pattern matching in cors-rules. Input: an allowed
//! entry (exact origin or pattern), a newline, then a request's Origin bytes.
//! Invariants:
//! - a parsed exact origin is already in the form browsers send: it
//!   serialises back to the input, and parsing that gives the same origin;
//! - an exact origin matches its own serialisation and nothing else;
//! - a pattern matches only origins of its scheme, with a port only where it
//!   allows one (written as browsers write it), and only hosts at or beneath
//!   its fixed part at a label boundary, in labels browsers send;
//! - what is allowed with `credentials` is allowed without.
#![no_main]

use cors_rules::{check_allowed_origin, parse_origin, parse_origin_or_pattern, Host, OriginPattern};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (entry, origin) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b""[..]),
    };
    let Ok(entry) = std::str::from_utf8(entry) else { return };

    if let Ok(exact) = parse_origin(entry) {
        let serialized = exact.serialized();
        assert_eq!(serialized, entry, "an accepted origin is the browser's spelling");
        assert_eq!(parse_origin(&serialized).as_ref(), Ok(&exact), "parse(serialized) round-trips");
    }
    if let Ok(strict) = check_allowed_origin(entry, true) {
        assert_eq!(check_allowed_origin(entry, false).as_ref(), Ok(&strict), "credentials only refuse more");
    }
    let Ok(pattern) = parse_origin_or_pattern(entry) else { return };
    check_match(&pattern, origin);
    // Also the pattern's own text with each `*` filled in by the origin
    // bytes, so matches are common enough to check.
    if let Ok(fill) = std::str::from_utf8(origin) {
        let filled = entry.replace('*', fill);
        check_match(&pattern, filled.as_bytes());
    }
});

fn check_match(pattern: &OriginPattern, origin: &[u8]) {
    let matched = pattern.matches(origin);
    match pattern {
        OriginPattern::Exact(exact) => {
            assert_eq!(matched, exact.serialized().as_bytes() == origin, "exact means byte for byte");
        }
        OriginPattern::Pattern { scheme, host, any_subdomain, port, any_port } => {
            if !matched {
                return;
            }
            // The matched origin, taken apart here without cors-rules: a
            // browser's `scheme://host[:port]`, lower case, no default port.
            let text = std::str::from_utf8(origin).expect("a matched origin is ASCII");
            let rest = text
                .strip_prefix(scheme.as_str())
                .and_then(|rest| rest.strip_prefix("://"))
                .unwrap_or_else(|| panic!("{text:?} matched without the scheme {scheme}://"));
            let fixed = host.to_string();
            let (request_host, request_port) = match rest.strip_prefix(&fixed) {
                // Not beneath: the host is the fixed part itself.
                Some(after) if !*any_subdomain => (&fixed[..], after),
                _ => {
                    let end = rest.rfind(':').filter(|_| !rest.ends_with(']')).unwrap_or(rest.len());
                    (&rest[..end], &rest[end..])
                }
            };
            match request_port.strip_prefix(':') {
                None => {
                    assert!(request_port.is_empty(), "{text:?}: garbage after the host");
                    // No port is the scheme's default port, which `:*` covers too.
                    assert!(*any_port || port.is_none(), "{text:?} matched without the port the pattern needs");
                }
                Some(digits) => {
                    let number: u16 = digits.parse().unwrap_or_else(|_| panic!("{text:?}: port not a number"));
                    assert!(number > 0 && !digits.starts_with('0'), "{text:?}: port as no browser writes it");
                    assert!(*any_port || *port == Some(number), "{text:?}: another port than the pattern's");
                }
            }
            if *any_subdomain {
                let labels = request_host
                    .strip_suffix(&fixed)
                    .and_then(|rest| rest.strip_suffix('.'))
                    .unwrap_or_else(|| panic!("{request_host:?} is not beneath {fixed:?} at a label boundary"));
                assert!(
                    labels.split('.').all(|l| (1..=63).contains(&l.len())
                        && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')),
                    "{text:?}: labels as no browser sends them"
                );
                assert!(matches!(host, Host::Domain(_)), "subdomains of an address");
            } else {
                assert_eq!(request_host, fixed, "same host");
            }
        }
    }
}

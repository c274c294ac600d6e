//! Origin parsing and pattern matching in cors-rules. Input: an allowed
//! entry (exact origin or pattern), a newline, then a request's Origin bytes.
//! Invariants:
//! - a parsed exact origin is already in the form browsers send: it
//!   serialises back to the input, and parsing that gives the same origin;
//! - an exact origin matches its own serialisation and nothing else;
//! - a pattern matches only origins of its scheme, with a port only where it
//!   allows one, and only hosts at or beneath its fixed part at a label
//!   boundary; whatever it matches is itself a well-formed origin;
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
            let text = std::str::from_utf8(origin).expect("a matched origin is ASCII");
            let parsed = parse_origin(text).unwrap_or_else(|e| panic!("matched {text:?} is not well formed: {e}"));
            assert_eq!(parsed.serialized(), text, "matched origin in the browser's spelling");
            assert_eq!(&parsed.scheme, scheme, "same scheme");
            match (any_port, port) {
                (true, _) => assert!(parsed.port.is_some(), "`:*` needs a port"),
                (false, port) => assert_eq!(&parsed.port, port, "same port"),
            }
            let fixed = host.to_string();
            let request_host = parsed.host.to_string();
            if *any_subdomain {
                let labels = request_host
                    .strip_suffix(&fixed)
                    .and_then(|rest| rest.strip_suffix('.'))
                    .unwrap_or_else(|| panic!("{request_host:?} is not beneath {fixed:?}"));
                assert!(!labels.is_empty() && labels.split('.').all(|l| !l.is_empty()));
                assert!(matches!(parsed.host, Host::Domain(_)), "subdomains are names");
            } else {
                assert_eq!(request_host, fixed, "same host");
            }
        }
    }
}

//! What a browser checks in the server's answers (Fetch: "CORS check", the
//! checks of "CORS-preflight fetch", "CORS-safelisted response-header name",
//! "CORS-filtered response").

use std::collections::BTreeMap;

use http::{HeaderMap, StatusCode};

use super::outcome::{CorsCheckFailure, Refusal};
use super::request_rules::{is_safelisted_method_name, is_token};

/// Response headers a cross-origin page reads without `Access-Control-Expose-Headers`.
const SAFELISTED_RESPONSE_HEADERS: [&str; 7] = [
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// Response headers no page ever reads.
const FORBIDDEN_RESPONSE_HEADERS: [&str; 2] = ["set-cookie", "set-cookie2"];

/// Header values as a page sees them: bytes mapped one to one onto U+0000..U+00FF.
pub(crate) fn isomorphic_decode(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Fetch's "get": every value of `name`, joined by `, `; `None` if absent.
fn combined_value(headers: &HeaderMap, name: &str) -> Option<Vec<u8>> {
    let mut values = headers.get_all(name).iter();
    let first = values.next()?;
    let mut combined = first.as_bytes().to_vec();
    for value in values {
        combined.extend_from_slice(b", ");
        combined.extend_from_slice(value.as_bytes());
    }
    Some(combined)
}

/// The CORS check of one response, for a page of `origin`.
pub(crate) fn cors_check(
    headers: &HeaderMap,
    origin: &str,
    include_credentials: bool,
) -> Result<(), CorsCheckFailure> {
    let allow_origin = combined_value(headers, "access-control-allow-origin")
        .ok_or(CorsCheckFailure::NoAllowOrigin)?;
    if allow_origin == b"*" {
        return if include_credentials {
            Err(CorsCheckFailure::WildcardWithCredentials)
        } else {
            Ok(())
        };
    }
    if allow_origin != origin.as_bytes() {
        return Err(CorsCheckFailure::OriginMismatch {
            allowed: isomorphic_decode(&allow_origin),
        });
    }
    if !include_credentials {
        return Ok(());
    }
    match combined_value(headers, "access-control-allow-credentials") {
        Some(value) if value == b"true" => Ok(()),
        found => Err(CorsCheckFailure::CredentialsNotAllowed {
            found: found.map(|v| isomorphic_decode(&v)),
        }),
    }
}

/// Fetch's "extracting header list values" for a comma list of tokens:
/// `Ok(vec![])` when absent, `Err(value)` when an item is not a token.
/// Empty items (`a,,b`) are skipped, as HTTP's list rule allows.
fn token_list(headers: &HeaderMap, name: &str) -> Result<Vec<String>, String> {
    let Some(value) = combined_value(headers, name) else {
        return Ok(Vec::new());
    };
    let mut items = Vec::new();
    for item in value.split(|&b| b == b',') {
        let item = item.trim_ascii();
        if item.is_empty() {
            continue;
        }
        if !is_token(item) {
            return Err(isomorphic_decode(&value));
        }
        items.push(isomorphic_decode(item));
    }
    Ok(items)
}

/// `Access-Control-Max-Age` in seconds; `None` when absent or not a number
/// (the browser then uses its default). Huge values saturate.
fn max_age(headers: &HeaderMap) -> Option<u64> {
    let value = combined_value(headers, "access-control-max-age")?;
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(value.iter().fold(0u64, |acc, &d| {
        acc.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

/// What an accepted preflight grants, for the preflight cache.
#[derive(Debug)]
pub(crate) struct PreflightGrant {
    pub(crate) methods: Vec<String>,
    pub(crate) header_names: Vec<String>,
    /// `None`: no usable `Access-Control-Max-Age`.
    pub(crate) max_age: Option<u64>,
}

/// What the browser asked for in a preflight.
#[derive(Debug)]
pub(crate) struct PreflightAsk<'a> {
    pub(crate) origin: &'a str,
    pub(crate) include_credentials: bool,
    pub(crate) method: &'a str,
    /// Every header name of the request, lower case.
    pub(crate) header_names: &'a [String],
    /// The CORS-unsafe ones (as sent in `Access-Control-Request-Headers`).
    pub(crate) unsafe_names: &'a [String],
}

/// The checks of "CORS-preflight fetch", in the standard's order, except that
/// a status outside 2xx is reported before a failed CORS check (both refuse).
pub(crate) fn check_preflight(
    status: StatusCode,
    headers: &HeaderMap,
    ask: &PreflightAsk<'_>,
) -> Result<PreflightGrant, Refusal> {
    if !status.is_success() {
        return Err(Refusal::PreflightStatus(status.as_u16()));
    }
    cors_check(headers, ask.origin, ask.include_credentials)
        .map_err(Refusal::PreflightCorsCheck)?;
    let methods = token_list(headers, "access-control-allow-methods").map_err(|value| {
        Refusal::PreflightInvalidList {
            header: "Access-Control-Allow-Methods",
            value,
        }
    })?;
    let header_names = token_list(headers, "access-control-allow-headers").map_err(|value| {
        Refusal::PreflightInvalidList {
            header: "Access-Control-Allow-Headers",
            value,
        }
    })?;
    // `*` is a wildcard only without credentials (with them, a name like any other).
    let wildcard_counts = !ask.include_credentials;

    // Methods compare byte for byte: `put` does not allow `PUT`.
    let method_wildcard = methods.iter().any(|m| m == "*");
    let method_allowed = methods.iter().any(|m| m == ask.method)
        || is_safelisted_method_name(ask.method)
        || (wildcard_counts && method_wildcard);
    if !method_allowed {
        return Err(Refusal::MethodNotAllowed {
            method: ask.method.to_owned(),
            wildcard_ignored: method_wildcard,
        });
    }

    let listed = |name: &str| header_names.iter().any(|h| h.eq_ignore_ascii_case(name));
    let header_wildcard = header_names.iter().any(|h| h == "*");
    // `Authorization` is never covered by `*`.
    if ask.header_names.iter().any(|n| n == "authorization") && !listed("authorization") {
        return Err(Refusal::HeaderNotAllowed {
            name: "authorization".to_owned(),
            wildcard_ignored: header_wildcard,
        });
    }
    let header_allowed = |name: &str| listed(name) || (wildcard_counts && header_wildcard);
    if let Some(name) = ask.unsafe_names.iter().find(|n| !header_allowed(n)) {
        return Err(Refusal::HeaderNotAllowed {
            name: name.clone(),
            wildcard_ignored: header_wildcard,
        });
    }
    Ok(PreflightGrant {
        methods,
        header_names,
        max_age: max_age(headers),
    })
}

/// The headers a page reads from a response it may read: every one but
/// `Set-Cookie` for a same-origin (basic) response; for a CORS response the
/// safelisted names plus `Access-Control-Expose-Headers` (`*`: all, only
/// without credentials). Values of one name are joined by `, `, as
/// `Headers.get()` returns them.
pub(crate) fn readable_headers(
    headers: &HeaderMap,
    cors: bool,
    include_credentials: bool,
) -> BTreeMap<String, String> {
    let exposed = if cors {
        // An unparsable list exposes nothing more (it is not a network error).
        token_list(headers, "access-control-expose-headers").unwrap_or_default()
    } else {
        Vec::new()
    };
    let expose_all = !cors || (!include_credentials && exposed.iter().any(|h| h == "*"));
    let mut readable = BTreeMap::new();
    for name in headers.keys() {
        let name = name.as_str();
        let visible = !FORBIDDEN_RESPONSE_HEADERS.contains(&name)
            && (expose_all
                || SAFELISTED_RESPONSE_HEADERS.contains(&name)
                || exposed.iter().any(|h| h.eq_ignore_ascii_case(name)));
        if visible {
            let value = combined_value(headers, name).unwrap_or_default();
            readable.insert(name.to_owned(), isomorphic_decode(&value));
        }
    }
    readable
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    const PAGE: &str = "https://app.example.com";

    #[test]
    fn cors_check_follows_the_standard() {
        use CorsCheckFailure::*;
        assert_eq!(cors_check(&headers(&[]), PAGE, false), Err(NoAllowOrigin));
        assert_eq!(
            cors_check(
                &headers(&[("access-control-allow-origin", "*")]),
                PAGE,
                false
            ),
            Ok(())
        );
        assert_eq!(
            cors_check(
                &headers(&[("access-control-allow-origin", "*")]),
                PAGE,
                true
            ),
            Err(WildcardWithCredentials)
        );
        assert_eq!(
            cors_check(
                &headers(&[("access-control-allow-origin", PAGE)]),
                PAGE,
                false
            ),
            Ok(())
        );
        assert!(matches!(
            cors_check(
                &headers(&[("access-control-allow-origin", "https://app.example.com/")]),
                PAGE,
                false
            ),
            Err(OriginMismatch { .. })
        ));
        // Two values are joined, so they never match.
        let twice = headers(&[
            ("access-control-allow-origin", PAGE),
            ("access-control-allow-origin", PAGE),
        ]);
        assert!(matches!(
            cors_check(&twice, PAGE, false),
            Err(OriginMismatch { .. })
        ));
        let no_credentials = headers(&[("access-control-allow-origin", PAGE)]);
        assert_eq!(
            cors_check(&no_credentials, PAGE, true),
            Err(CredentialsNotAllowed { found: None })
        );
        let upper = headers(&[
            ("access-control-allow-origin", PAGE),
            ("access-control-allow-credentials", "TRUE"),
        ]);
        assert_eq!(
            cors_check(&upper, PAGE, true),
            Err(CredentialsNotAllowed {
                found: Some("TRUE".into())
            })
        );
        let ok = headers(&[
            ("access-control-allow-origin", PAGE),
            ("access-control-allow-credentials", "true"),
        ]);
        assert_eq!(cors_check(&ok, PAGE, true), Ok(()));
    }

    #[test]
    fn max_age_is_digits_only() {
        assert_eq!(
            max_age(&headers(&[("access-control-max-age", "600")])),
            Some(600)
        );
        assert_eq!(max_age(&headers(&[("access-control-max-age", "-1")])), None);
        assert_eq!(
            max_age(&headers(&[("access-control-max-age", "60, 60")])),
            None
        );
        assert_eq!(
            max_age(&headers(&[(
                "access-control-max-age",
                "99999999999999999999999"
            )])),
            Some(u64::MAX)
        );
        assert_eq!(max_age(&headers(&[])), None);
    }

    fn ask<'a>(method: &'a str, names: &'a [String], include: bool) -> PreflightAsk<'a> {
        PreflightAsk {
            origin: PAGE,
            include_credentials: include,
            method,
            header_names: names,
            unsafe_names: names,
        }
    }

    #[test]
    fn wildcards_count_only_without_credentials_and_never_for_authorization() {
        let star = headers(&[
            ("access-control-allow-origin", PAGE),
            ("access-control-allow-credentials", "true"),
            ("access-control-allow-methods", "*"),
            ("access-control-allow-headers", "*"),
        ]);
        let none: Vec<String> = Vec::new();
        let custom = vec!["x-custom".to_owned()];
        let auth = vec!["authorization".to_owned()];
        assert!(
            check_preflight(StatusCode::NO_CONTENT, &star, &ask("DELETE", &none, false)).is_ok()
        );
        assert!(matches!(
            check_preflight(StatusCode::NO_CONTENT, &star, &ask("DELETE", &none, true)),
            Err(Refusal::MethodNotAllowed {
                wildcard_ignored: true,
                ..
            })
        ));
        assert!(
            check_preflight(StatusCode::NO_CONTENT, &star, &ask("GET", &custom, false)).is_ok()
        );
        assert!(matches!(
            check_preflight(StatusCode::NO_CONTENT, &star, &ask("GET", &custom, true)),
            Err(Refusal::HeaderNotAllowed { .. })
        ));
        assert!(matches!(
            check_preflight(StatusCode::NO_CONTENT, &star, &ask("GET", &auth, false)),
            Err(Refusal::HeaderNotAllowed { .. })
        ));
    }

    #[test]
    fn methods_match_by_bytes_and_headers_by_case() {
        let listed = headers(&[
            ("access-control-allow-origin", PAGE),
            ("access-control-allow-methods", "patch, PUT"),
            ("access-control-allow-headers", "X-Custom, Authorization"),
        ]);
        let names = vec!["authorization".to_owned(), "x-custom".to_owned()];
        assert!(check_preflight(StatusCode::OK, &listed, &ask("PUT", &names, false)).is_ok());
        assert!(check_preflight(StatusCode::OK, &listed, &ask("PATCH", &names, false)).is_err());
        assert!(check_preflight(StatusCode::OK, &listed, &ask("patch", &names, false)).is_ok());
        assert_eq!(
            check_preflight(StatusCode::FORBIDDEN, &listed, &ask("PUT", &names, false))
                .unwrap_err(),
            Refusal::PreflightStatus(403)
        );
        let invalid = headers(&[
            ("access-control-allow-origin", PAGE),
            ("access-control-allow-methods", "PUT DELETE"),
        ]);
        assert!(matches!(
            check_preflight(StatusCode::OK, &invalid, &ask("PUT", &[], false)),
            Err(Refusal::PreflightInvalidList { .. })
        ));
    }

    #[test]
    fn readable_headers_are_safelisted_or_exposed() {
        let response = headers(&[
            ("content-type", "text/plain"),
            ("x-total", "3"),
            ("x-page", "1"),
            ("set-cookie", "a=b"),
            ("access-control-expose-headers", "X-Total, set-cookie"),
        ]);
        let readable = readable_headers(&response, true, true);
        assert_eq!(
            readable.keys().collect::<Vec<_>>(),
            ["content-type", "x-total"]
        );
        let same_origin = readable_headers(&response, false, true);
        assert!(same_origin.contains_key("x-page") && !same_origin.contains_key("set-cookie"));
        let star = headers(&[("x-page", "1"), ("access-control-expose-headers", "*")]);
        assert!(readable_headers(&star, true, false).contains_key("x-page"));
        assert!(!readable_headers(&star, true, true).contains_key("x-page"));
    }
}

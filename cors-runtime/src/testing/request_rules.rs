//! What a page may send, and what makes a request need a preflight (Fetch:
//! "forbidden method", "forbidden request-header", "CORS-safelisted method",
//! "CORS-safelisted request-header", "CORS-unsafe request-header names").

use http::{HeaderMap, HeaderName, Method};

/// A value longer than this is never safelisted.
const SAFELISTED_VALUE_MAX: usize = 128;
/// Above this total of safelisted values, every one of them needs a preflight.
const SAFELISTED_TOTAL_MAX: usize = 1024;

/// `fetch()` upper-cases these methods, whatever case the page wrote.
const NORMALISED_METHODS: [Method; 6] = [
    Method::DELETE,
    Method::GET,
    Method::HEAD,
    Method::OPTIONS,
    Method::POST,
    Method::PUT,
];

/// The method as `fetch()` sends it: the six standard methods in upper case,
/// any other (`patch` included) byte for byte. `Err` for the methods `fetch()`
/// rejects with a `TypeError`.
pub(crate) fn normalise_method(method: &Method) -> Result<Method, String> {
    let name = method.as_str();
    if ["CONNECT", "TRACE", "TRACK"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(name))
    {
        return Err(name.to_owned());
    }
    Ok(NORMALISED_METHODS
        .iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(name))
        .cloned()
        .unwrap_or_else(|| method.clone()))
}

/// GET, HEAD and POST, compared byte for byte after normalisation.
pub(crate) fn is_safelisted_method(method: &Method) -> bool {
    is_safelisted_method_name(method.as_str())
}

/// [`is_safelisted_method`] for a method name.
pub(crate) fn is_safelisted_method_name(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "POST")
}

/// A header a page cannot set: `Headers` drops it without an error.
pub(crate) fn is_forbidden_request_header(name: &HeaderName, value: &[u8]) -> bool {
    const FORBIDDEN: [&str; 21] = [
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    ];
    let name = name.as_str(); // http's names are lower case
    if FORBIDDEN.contains(&name) || name.starts_with("proxy-") || name.starts_with("sec-") {
        return true;
    }
    // A method override that would smuggle a forbidden method.
    matches!(
        name,
        "x-http-method" | "x-http-method-override" | "x-method-override"
    ) && value.split(|&b| b == b',').any(|item| {
        let item = item.trim_ascii();
        [&b"CONNECT"[..], b"TRACE", b"TRACK"]
            .iter()
            .any(|m| item.eq_ignore_ascii_case(m))
    })
}

/// The names of the headers that need the server's consent in a preflight:
/// lower case, sorted, each once.
pub(crate) fn cors_unsafe_header_names(headers: &HeaderMap) -> Vec<String> {
    let mut unsafe_names = Vec::new();
    let mut potentially_unsafe = Vec::new();
    let mut safelisted_total = 0;
    for (name, value) in headers {
        if is_safelisted_request_header(name, value.as_bytes()) {
            potentially_unsafe.push(name.as_str().to_owned());
            safelisted_total += value.len();
        } else {
            unsafe_names.push(name.as_str().to_owned());
        }
    }
    if safelisted_total > SAFELISTED_TOTAL_MAX {
        unsafe_names.extend(potentially_unsafe);
    }
    unsafe_names.sort();
    unsafe_names.dedup();
    unsafe_names
}

/// Fetch's "CORS-safelisted request-header" for one name and value.
pub(crate) fn is_safelisted_request_header(name: &HeaderName, value: &[u8]) -> bool {
    if value.len() > SAFELISTED_VALUE_MAX {
        return false;
    }
    match name.as_str() {
        "accept" => !value.iter().copied().any(is_cors_unsafe_byte),
        "accept-language" | "content-language" => value.iter().all(|&b| {
            b.is_ascii_alphanumeric() || matches!(b, b' ' | b'*' | b',' | b'-' | b'.' | b';' | b'=')
        }),
        "content-type" => {
            !value.iter().copied().any(is_cors_unsafe_byte)
                && mime_essence(value).is_some_and(|essence| {
                    matches!(
                        essence.as_str(),
                        "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
                    )
                })
        }
        "range" => single_byte_range_has_start(value),
        _ => false,
    }
}

fn is_cors_unsafe_byte(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b"\"():<>?@[\\]{}\x7f".contains(&b)
}

/// The essence (`type/subtype`, lower case) of a MIME type, parsed as the MIME
/// Sniffing standard does; parameters cannot make the parse fail.
fn mime_essence(value: &[u8]) -> Option<String> {
    let is_http_ws = |b: &u8| matches!(b, b'\t' | b'\n' | b'\r' | b' ');
    let start = value.iter().position(|b| !is_http_ws(b))?;
    let end = value.iter().rposition(|b| !is_http_ws(b))? + 1;
    let value = &value[start..end];
    let slash = value.iter().position(|&b| b == b'/')?;
    let kind = &value[..slash];
    let rest = &value[slash + 1..];
    let subtype = &rest[..rest.iter().position(|&b| b == b';').unwrap_or(rest.len())];
    let subtype_end = subtype
        .iter()
        .rposition(|b| !is_http_ws(b))
        .map_or(0, |i| i + 1);
    let subtype = &subtype[..subtype_end];
    if !is_token(kind) || !is_token(subtype) {
        return None;
    }
    let essence = [kind, b"/", subtype].concat();
    Some(String::from_utf8_lossy(&essence).to_ascii_lowercase())
}

/// An RFC 9110 token: one or more `tchar`s. (Written here rather than
/// borrowed from the crate's rules: the kit models the browser, independently
/// of the server it tests.)
pub(crate) fn is_token(s: &[u8]) -> bool {
    !s.is_empty()
        && s.iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Fetch's "parse a single range header value" (no white space allowed),
/// and a start is present: `bytes=N-` or `bytes=N-M` with N <= M.
fn single_byte_range_has_start(value: &[u8]) -> bool {
    let unit_end = value
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(value.len());
    if !value[..unit_end].eq_ignore_ascii_case(b"bytes") {
        return false;
    }
    let Some(rest) = value[unit_end..].strip_prefix(b"=") else {
        return false;
    };
    let start_end = rest
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(rest.len());
    let (start, rest) = rest.split_at(start_end);
    let Some(end) = rest.strip_prefix(b"-") else {
        return false;
    };
    if start.is_empty() || !end.iter().all(u8::is_ascii_digit) {
        return false;
    }
    end.is_empty() || compare_decimal(start, end).is_le()
}

/// Compares two digit strings as numbers of any size.
fn compare_decimal(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let trim = |s: &[u8]| -> Vec<u8> {
        let first = s.iter().position(|&d| d != b'0').unwrap_or(s.len());
        s[first..].to_vec()
    };
    let (a, b) = (trim(a), trim(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safelisted(name: &'static str, value: &str) -> bool {
        is_safelisted_request_header(&HeaderName::from_static(name), value.as_bytes())
    }

    #[test]
    fn content_type_needs_one_of_three_essences() {
        assert!(safelisted("content-type", "text/plain"));
        assert!(safelisted("content-type", " Text/Plain ; charset=utf-8"));
        assert!(safelisted(
            "content-type",
            "multipart/form-data; boundary=x"
        ));
        assert!(safelisted(
            "content-type",
            "application/x-www-form-urlencoded"
        ));
        assert!(!safelisted("content-type", "application/json"));
        assert!(!safelisted("content-type", "text /plain"));
        assert!(
            !safelisted("content-type", "text/plain; charset=\"utf-8\""),
            "a quote is an unsafe byte"
        );
        assert!(!safelisted("content-type", "text"));
    }

    #[test]
    fn language_headers_allow_few_bytes() {
        assert!(safelisted("accept-language", "en-GB,en;q=0.9, *"));
        assert!(!safelisted("content-language", "en_GB"));
        assert!(safelisted("accept", "application/json, text/*;q=0.5"));
        assert!(!safelisted("accept", "text/html(x)"));
    }

    #[test]
    fn range_is_one_byte_range_with_a_start() {
        assert!(safelisted("range", "bytes=0-"));
        assert!(safelisted("range", "bytes=5-10"));
        assert!(safelisted("range", "BYTES=5-99999999999999999999999"));
        assert!(!safelisted("range", "bytes=-5"), "suffix range");
        assert!(!safelisted("range", "bytes=10-5"));
        assert!(!safelisted("range", "bytes=0-1,3-4"));
        assert!(!safelisted("range", "bytes = 0-"));
    }

    #[test]
    fn values_over_128_bytes_and_totals_over_1024_need_a_preflight() {
        assert!(!safelisted("accept", &"a".repeat(129)));
        assert!(safelisted("accept", &"a".repeat(128)));
        let mut headers = HeaderMap::new();
        for _ in 0..8 {
            headers.append("accept", "a".repeat(128).parse().unwrap());
        }
        assert!(
            cors_unsafe_header_names(&headers).is_empty(),
            "1024 bytes is still safelisted"
        );
        headers.insert("content-language", "en".parse().unwrap());
        // insert replaced nothing of accept's 1024; content-language adds 2.
        assert_eq!(
            cors_unsafe_header_names(&headers),
            ["accept", "content-language"]
        );
    }

    #[test]
    fn unsafe_names_are_sorted_lower_case_and_unique() {
        let mut headers = HeaderMap::new();
        headers.append("X-B", "1".parse().unwrap());
        headers.append("x-a", "1".parse().unwrap());
        headers.append("x-b", "2".parse().unwrap());
        headers.append("content-type", "application/json".parse().unwrap());
        headers.append("accept", "*/*".parse().unwrap());
        assert_eq!(
            cors_unsafe_header_names(&headers),
            ["content-type", "x-a", "x-b"]
        );
    }

    #[test]
    fn methods_are_normalised_and_forbidden_ones_refused() {
        let lower_put = Method::from_bytes(b"put").unwrap();
        assert_eq!(normalise_method(&lower_put), Ok(Method::PUT));
        let lower_patch = Method::from_bytes(b"patch").unwrap();
        assert_eq!(normalise_method(&lower_patch).unwrap().as_str(), "patch");
        assert!(normalise_method(&Method::TRACE).is_err());
        assert!(is_safelisted_method(&Method::POST));
        assert!(!is_safelisted_method(&Method::PATCH));
    }

    #[test]
    fn forbidden_headers_are_recognised() {
        let name = |s: &'static str| HeaderName::from_static(s);
        assert!(is_forbidden_request_header(&name("cookie"), b"a=b"));
        assert!(is_forbidden_request_header(
            &name("sec-fetch-site"),
            b"same-origin"
        ));
        assert!(is_forbidden_request_header(
            &name("proxy-authorization"),
            b"x"
        ));
        assert!(is_forbidden_request_header(
            &name("x-http-method-override"),
            b"GET, trace"
        ));
        assert!(!is_forbidden_request_header(
            &name("x-http-method-override"),
            b"PATCH"
        ));
        assert!(!is_forbidden_request_header(
            &name("authorization"),
            b"Bearer x"
        ));
    }
}

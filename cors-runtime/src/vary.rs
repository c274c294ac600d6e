//! `Vary`: added to whatever the handler set, never replacing it, never twice.

use http::{header, HeaderMap, HeaderValue};

pub(crate) static ORIGIN: HeaderValue = HeaderValue::from_static("origin");
pub(crate) static REQUEST_METHOD: HeaderValue =
    HeaderValue::from_static("access-control-request-method");

/// Appends `value` as its own `Vary` line unless some line already names it
/// (or `*`, which already covers everything).
pub(crate) fn add(headers: &mut HeaderMap, value: &HeaderValue) {
    let wanted = value.as_bytes();
    let present = headers.get_all(header::VARY).iter().any(|line| {
        line.as_bytes()
            .split(|&b| b == b',')
            .map(|item| item.trim_ascii())
            .any(|item| item == b"*" || item.eq_ignore_ascii_case(wanted))
    });
    if !present {
        headers.append(header::VARY, value.clone());
    }
}

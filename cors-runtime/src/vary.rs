//! `Vary`: added to whatever the handler set, never replacing it, never twice.

use http::header::Entry;
use http::{header, HeaderMap, HeaderValue};

pub(crate) static ORIGIN: HeaderValue = HeaderValue::from_static("origin");
pub(crate) static REQUEST_METHOD: HeaderValue =
    HeaderValue::from_static("access-control-request-method");

/// Appends `value` as its own `Vary` line unless some line already names it
/// (or `*`, which already covers everything).
/// One map lookup: the entry both answers "present?" and takes the append.
pub(crate) fn add(headers: &mut HeaderMap, value: &HeaderValue) {
    match headers.entry(header::VARY) {
        Entry::Vacant(entry) => {
            entry.insert(value.clone());
        }
        Entry::Occupied(mut entry) => {
            let wanted = value.as_bytes();
            let present = entry.iter().any(|line| {
                line.as_bytes()
                    .split(|&b| b == b',')
                    .map(|item| item.trim_ascii())
                    .any(|item| item == b"*" || item.eq_ignore_ascii_case(wanted))
            });
            if !present {
                entry.append(value.clone());
            }
        }
    }
}

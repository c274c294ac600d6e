//! Request values as they go into log lines: bounded and escaped, so a
//! hostile header can neither flood the logs nor forge a line.

use std::fmt;

/// Bytes kept from a value; the rest is counted, not written.
const KEPT: usize = 128;

/// A header value for a log field: printable ASCII as is, every other byte
/// as `\xNN`, at most [`KEPT`] bytes of it, then how many were left out.
pub(crate) struct LogValue<'a>(pub(crate) Option<&'a [u8]>);

impl fmt::Display for LogValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(bytes) = self.0 else {
            return f.write_str("(none)");
        };
        let kept = &bytes[..bytes.len().min(KEPT)];
        for &byte in kept {
            if byte.is_ascii_graphic() || byte == b' ' {
                if byte == b'\\' || byte == b'"' {
                    f.write_str("\\")?;
                }
                fmt::Write::write_char(f, byte as char)?;
            } else {
                write!(f, "\\x{byte:02x}")?;
            }
        }
        if bytes.len() > KEPT {
            write!(f, "… ({} more bytes)", bytes.len() - KEPT)?;
        }
        Ok(())
    }
}

impl fmt::Debug for LogValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// The request's first `Origin`, for a log field.
pub(crate) fn origin(headers: &http::HeaderMap) -> LogValue<'_> {
    LogValue(
        headers
            .get(http::header::ORIGIN)
            .map(http::HeaderValue::as_bytes),
    )
}

#[cfg(test)]
mod tests {
    use super::LogValue;

    #[test]
    fn escapes_and_bounds() {
        assert_eq!(
            LogValue(Some(b"https://a.example")).to_string(),
            "https://a.example"
        );
        assert_eq!(
            LogValue(Some(b"a\xffb\n\"")).to_string(),
            "a\\xffb\\x0a\\\""
        );
        let long = vec![0xffu8; 10_000];
        let text = LogValue(Some(&long)).to_string();
        assert!(text.len() < 4 * 128 + 40, "{}", text.len());
        assert!(text.ends_with("(9872 more bytes)"));
        assert_eq!(LogValue(None).to_string(), "(none)");
    }
}

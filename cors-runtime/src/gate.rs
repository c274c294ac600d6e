//! SPEC §8: the policy as a gate. CORS only decides what a page may read;
//! these refuse, before the handler runs, what a refused origin must not do
//! at all: unsafe requests (`block_refused`) and WebSocket upgrades (always:
//! browsers apply no CORS to them).

use http::{header, HeaderMap, Method, Uri};

/// Why a request was stopped at the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gate {
    /// A WebSocket upgrade from an origin the policy refuses.
    WebSocket,
    /// An unsafe cross-origin request from an origin the policy refuses.
    UnsafeCrossOrigin,
}

impl std::fmt::Display for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::WebSocket => "websocket upgrade from an origin the policy refuses (cross-site websocket hijacking)",
            Self::UnsafeCrossOrigin => {
                "`block_refused`: unsafe cross-origin request from an origin the policy refuses"
            }
        })
    }
}

/// Any attempt to upgrade to a WebSocket, with or without a valid key: a
/// half-formed upgrade gets the same answer as a whole one.
pub(crate) fn is_websocket_upgrade(headers: &HeaderMap) -> bool {
    headers.get_all(header::UPGRADE).iter().any(|value| {
        value
            .as_bytes()
            .split(|&b| b == b',')
            .any(|token| token.trim_ascii().eq_ignore_ascii_case(b"websocket"))
    })
}

/// GET, HEAD and OPTIONS change nothing (RFC 9110 §9.2.1); everything else may.
pub(crate) fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the request comes from another origin than the server's own.
/// `Sec-Fetch-Site` says it when present (`cross-site`, `same-site`); else the
/// `Origin`'s host and port are compared with `Host` (or the URI's authority,
/// as HTTP/2 sends it). No `Host` at all counts as cross-origin.
pub(crate) fn is_cross_origin(headers: &HeaderMap, uri: &Uri) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"cross-site" | b"same-site");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .map(|h| h.as_bytes())
        .or_else(|| uri.authority().map(|a| a.as_str().as_bytes()));
    let Some(host) = host else { return true };
    !same_authority(origin.as_bytes(), host)
}

/// `https://a.example` and `a.example:443` are the same authority.
fn same_authority(origin: &[u8], host: &[u8]) -> bool {
    let Some(at) = origin.windows(3).position(|w| w == b"://") else {
        return false;
    };
    let (scheme, authority) = (&origin[..at], &origin[at + 3..]);
    let default_port: &[u8] = match scheme {
        b"https" | b"wss" => b"443",
        b"http" | b"ws" => b"80",
        _ => return false,
    };
    let split = |authority: &[u8]| -> (Vec<u8>, Vec<u8>) {
        // The port follows the last `:` that is not inside an IPv6 literal.
        match authority.iter().rposition(|&b| b == b':') {
            Some(i) if !authority[i..].contains(&b']') => (
                authority[..i].to_ascii_lowercase(),
                authority[i + 1..].to_vec(),
            ),
            _ => (authority.to_ascii_lowercase(), default_port.to_vec()),
        }
    };
    split(authority) == split(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cross(origin: &str, host: Option<&str>, site: Option<&str>) -> bool {
        let mut headers = HeaderMap::new();
        headers.insert(header::ORIGIN, origin.parse().unwrap());
        if let Some(host) = host {
            headers.insert(header::HOST, host.parse().unwrap());
        }
        if let Some(site) = site {
            headers.insert("sec-fetch-site", site.parse().unwrap());
        }
        is_cross_origin(&headers, &Uri::from_static("/x"))
    }

    #[test]
    fn sec_fetch_site_decides_when_present() {
        assert!(cross(
            "https://a.example",
            Some("a.example"),
            Some("cross-site")
        ));
        assert!(cross(
            "https://b.a.example",
            Some("a.example"),
            Some("same-site")
        ));
        assert!(!cross(
            "https://evil.example",
            Some("a.example"),
            Some("same-origin")
        ));
        assert!(!cross(
            "https://evil.example",
            Some("a.example"),
            Some("none")
        ));
    }

    #[test]
    fn host_comparison_without_sec_fetch_site() {
        assert!(!cross("https://a.example", Some("a.example"), None));
        assert!(!cross("https://a.example", Some("a.example:443"), None));
        assert!(!cross(
            "http://localhost:3000",
            Some("localhost:3000"),
            None
        ));
        assert!(cross("http://localhost:3000", Some("localhost:3001"), None));
        assert!(cross("http://a.example", Some("a.example:443"), None));
        assert!(cross("https://a.example.evil.net", Some("a.example"), None));
        assert!(!cross("http://[::1]:8080", Some("[::1]:8080"), None));
        assert!(cross("https://a.example", None, None));
        assert!(cross("null", Some("a.example"), None));
    }

    #[test]
    fn upgrade_tokens() {
        let mut headers = HeaderMap::new();
        headers.insert(header::UPGRADE, "h2c, WebSocket".parse().unwrap());
        assert!(is_websocket_upgrade(&headers));
        headers.insert(header::UPGRADE, "h2c".parse().unwrap());
        assert!(!is_websocket_upgrade(&headers));
    }
}

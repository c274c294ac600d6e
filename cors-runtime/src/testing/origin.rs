//! Origins as a browser serialises them, and the site they belong to
//! (for `Sec-Fetch-Site`).

use std::fmt;

use http::Uri;

/// A tuple origin: scheme, host and port, serialised as browsers send it in
/// `Origin` (lower case, default port left out).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct WebOrigin {
    scheme: String,
    host: String,
    port: Option<u16>,
}

/// Why a string is not an origin the kit can load a page from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginParseError {
    input: String,
    why: &'static str,
}

impl fmt::Display for OriginParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an origin: {}",
            self.input.escape_debug(),
            self.why
        )
    }
}

impl std::error::Error for OriginParseError {}

impl WebOrigin {
    /// Parses `scheme://host[:port]`; a path, query or fragment after it is
    /// ignored, as the origin of a page URL.
    pub(crate) fn parse(input: &str) -> Result<Self, OriginParseError> {
        let fail = |why| OriginParseError {
            input: input.to_owned(),
            why,
        };
        let uri: Uri = input.parse().map_err(|_| fail("not a URL"))?;
        let scheme = uri
            .scheme_str()
            .ok_or_else(|| fail("no scheme"))?
            .to_ascii_lowercase();
        let authority = uri.authority().ok_or_else(|| fail("no host"))?;
        if authority.as_str().contains('@') {
            return Err(fail("user info has no place in an origin"));
        }
        let host = authority.host().to_ascii_lowercase();
        if host.is_empty() {
            return Err(fail("empty host"));
        }
        let port = authority
            .port_u16()
            .filter(|&p| Some(p) != default_port(&scheme));
        Ok(Self { scheme, host, port })
    }

    /// The origin a request URI names, if it is absolute.
    pub(crate) fn of_uri(uri: &Uri) -> Option<Result<Self, OriginParseError>> {
        let scheme = uri.scheme_str()?;
        let authority = uri.authority()?;
        Some(Self::parse(&format!("{scheme}://{authority}")))
    }

    /// `Host` as a browser sends it: host, and the port unless it is the default.
    pub(crate) fn host_header(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.clone(),
        }
    }

    /// Same site in the schemeful sense of `Sec-Fetch-Site`: same scheme and
    /// same registrable domain (or the same host when it has none, as an IP
    /// address or `localhost`).
    pub(crate) fn same_site(&self, other: &Self) -> bool {
        self.scheme == other.scheme && self.site_host() == other.site_host()
    }

    fn site_host(&self) -> &str {
        if self.host.starts_with('[') || self.host.parse::<std::net::Ipv4Addr>().is_ok() {
            return &self.host;
        }
        psl::domain_str(&self.host).unwrap_or(&self.host)
    }
}

impl fmt::Display for WebOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.host_header())
    }
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_browsers_send_origin() {
        let origin = WebOrigin::parse("HTTPS://App.Example.com:443/page?q").unwrap();
        assert_eq!(origin.to_string(), "https://app.example.com");
        assert_eq!(
            WebOrigin::parse("http://localhost:3000")
                .unwrap()
                .to_string(),
            "http://localhost:3000"
        );
        assert!(WebOrigin::parse("app.example.com").is_err());
        assert!(WebOrigin::parse("https://user@app.example.com").is_err());
    }

    #[test]
    fn same_site_is_scheme_and_registrable_domain() {
        let app = WebOrigin::parse("https://app.example.co.uk").unwrap();
        assert!(app.same_site(&WebOrigin::parse("https://api.example.co.uk").unwrap()));
        assert!(!app.same_site(&WebOrigin::parse("https://other.co.uk").unwrap()));
        assert!(!app.same_site(&WebOrigin::parse("http://api.example.co.uk").unwrap()));
        let local = WebOrigin::parse("http://127.0.0.1:3000").unwrap();
        assert!(local.same_site(&WebOrigin::parse("http://127.0.0.1:5000").unwrap()));
        assert!(!local.same_site(&WebOrigin::parse("http://127.0.0.2:3000").unwrap()));
    }
}

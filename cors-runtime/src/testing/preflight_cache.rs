//! The CORS-preflight cache (Fetch: "CORS-preflight cache"): one entry per
//! method and per header name a preflight allowed, keyed by page origin, URL
//! and credentials, on the browser's own clock.

use std::time::Duration;

/// What an entry allows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Grant {
    Method(String),
    /// Lower case.
    Header(String),
}

#[derive(Debug, Clone)]
struct Entry {
    origin: String,
    url: String,
    credentials: bool,
    grant: Grant,
    expires_at: Duration,
}

/// Which request an entry may serve.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CacheKey<'a> {
    pub(crate) origin: &'a str,
    pub(crate) url: &'a str,
    pub(crate) include_credentials: bool,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct PreflightCache {
    entries: Vec<Entry>,
}

impl PreflightCache {
    fn live<'c>(
        &'c self,
        key: CacheKey<'c>,
        now: Duration,
    ) -> impl Iterator<Item = &'c Entry> + 'c {
        // An entry made with credentials also serves requests without; not the reverse.
        self.entries.iter().filter(move |e| {
            now < e.expires_at
                && e.origin == key.origin
                && e.url == key.url
                && (e.credentials || !key.include_credentials)
        })
    }

    /// A cached grant for `method` (byte for byte, or `*` without credentials).
    pub(crate) fn has_method(&self, key: CacheKey<'_>, method: &str, now: Duration) -> bool {
        self.live(key, now).any(|e| match &e.grant {
            Grant::Method(m) => m == method || (m == "*" && !key.include_credentials),
            Grant::Header(_) => false,
        })
    }

    /// A cached grant for header `name` (any case, or `*` without
    /// credentials and for anything but `authorization`).
    pub(crate) fn has_header(&self, key: CacheKey<'_>, name: &str, now: Duration) -> bool {
        self.live(key, now).any(|e| match &e.grant {
            Grant::Header(h) => {
                h.eq_ignore_ascii_case(name)
                    || (h == "*"
                        && !key.include_credentials
                        && !name.eq_ignore_ascii_case("authorization"))
            }
            Grant::Method(_) => false,
        })
    }

    /// Records what a preflight allowed, for `max_age` from `now`; an existing
    /// entry for the same grant is renewed.
    pub(crate) fn store(
        &mut self,
        key: CacheKey<'_>,
        methods: &[String],
        header_names: &[String],
        max_age: Duration,
        now: Duration,
    ) {
        self.entries.retain(|e| now < e.expires_at);
        if max_age.is_zero() {
            return;
        }
        let grants = methods.iter().map(|m| Grant::Method(m.clone())).chain(
            header_names
                .iter()
                .map(|h| Grant::Header(h.to_ascii_lowercase())),
        );
        for grant in grants {
            self.entries.retain(|e| {
                !(e.grant == grant
                    && e.origin == key.origin
                    && e.url == key.url
                    && e.credentials == key.include_credentials)
            });
            self.entries.push(Entry {
                origin: key.origin.to_owned(),
                url: key.url.to_owned(),
                credentials: key.include_credentials,
                grant,
                expires_at: now.saturating_add(max_age),
            });
        }
    }

    /// Drops every entry for `key`'s origin, URL and credentials mode.
    pub(crate) fn forget_url(&mut self, key: CacheKey<'_>) {
        self.entries.retain(|e| {
            !(e.origin == key.origin
                && e.url == key.url
                && e.credentials == key.include_credentials)
        });
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }

    pub(crate) fn len(&self, now: Duration) -> usize {
        self.entries.iter().filter(|e| now < e.expires_at).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    fn key(url: &str, include_credentials: bool) -> CacheKey<'_> {
        CacheKey {
            origin: "https://app.example.com",
            url,
            include_credentials,
        }
    }

    #[test]
    fn entries_expire_and_are_keyed_by_url_and_credentials() {
        let mut cache = PreflightCache::default();
        let url = "https://api.example.com/items";
        cache.store(
            key(url, true),
            &["PUT".into()],
            &["X-Custom".into()],
            S(10),
            S(0),
        );
        assert!(cache.has_method(key(url, true), "PUT", S(9)));
        assert!(
            cache.has_header(key(url, false), "x-custom", S(9)),
            "credentialed entry serves a request without"
        );
        assert!(
            !cache.has_method(key(url, true), "PUT", S(10)),
            "expired at max-age"
        );
        assert!(!cache.has_method(key("https://api.example.com/items?x", true), "PUT", S(1)));
        assert!(!cache.has_method(key(url, true), "put", S(1)));

        cache.store(key(url, false), &["DELETE".into()], &[], S(10), S(0));
        assert!(
            !cache.has_method(key(url, true), "DELETE", S(1)),
            "entry without credentials does not serve one with"
        );
    }

    #[test]
    fn wildcards_serve_only_requests_without_credentials() {
        let mut cache = PreflightCache::default();
        let url = "https://api.example.com/items";
        cache.store(key(url, true), &["*".into()], &["*".into()], S(10), S(0));
        assert!(cache.has_method(key(url, false), "DELETE", S(1)));
        assert!(!cache.has_method(key(url, true), "DELETE", S(1)));
        assert!(cache.has_header(key(url, false), "x-custom", S(1)));
        assert!(!cache.has_header(key(url, false), "authorization", S(1)));
    }

    #[test]
    fn zero_max_age_caches_nothing() {
        let mut cache = PreflightCache::default();
        cache.store(key("u", false), &["PUT".into()], &[], S(0), S(0));
        assert_eq!(cache.len(S(0)), 0);
    }

    #[test]
    fn forgetting_a_url_drops_its_grants_only() {
        let mut cache = PreflightCache::default();
        let (items, other) = (
            "https://api.example.com/items",
            "https://api.example.com/other",
        );
        cache.store(key(items, false), &["PUT".into()], &[], S(10), S(0));
        cache.store(key(other, false), &["PUT".into()], &[], S(10), S(0));
        cache.forget_url(key(items, false));
        assert!(!cache.has_method(key(items, false), "PUT", S(1)));
        assert!(cache.has_method(key(other, false), "PUT", S(1)));
    }
}

//! The browser: a page origin, a preflight cache and a clock, and the steps
//! of Fetch's "main fetch" / "HTTP fetch" for a `fetch()` in `cors` mode.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::{Duration, Instant};

use axum::body::{Bytes, HttpBody};
use http::header::{HeaderName, HeaderValue, ACCEPT, COOKIE, HOST, ORIGIN};
use http::{HeaderMap, Method, Request, Response, Uri, Version};
use http_body_util::BodyExt;
use tower::ServiceExt;
use tower_service::Service;

use super::origin::{OriginParseError, WebOrigin};
use super::outcome::{Exchange, Outcome, Refusal};
use super::preflight_cache::{CacheKey, PreflightCache};
use super::request_rules::{
    cors_unsafe_header_names, is_forbidden_request_header, is_safelisted_method, normalise_method,
};
use super::response_rules::{check_preflight, cors_check, readable_headers, PreflightAsk};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The origin a relative request URI (`/items`) is fetched from, unless
/// [`Browser::server_origin`] says otherwise.
pub const DEFAULT_SERVER_ORIGIN: &str = "https://api.example.com";

/// Whose preflight-cache limits the kit applies. Every engine follows the
/// standard's CORS checks; they differ in how long a preflight is remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Engine {
    /// The Fetch standard: `Access-Control-Max-Age` as sent, 5 s when absent
    /// or invalid, no cap.
    #[default]
    Standard,
    /// Chromium: capped at 7200 s (2 hours).
    Chromium,
    /// Firefox: capped at 86400 s (24 hours); an invalid value caches nothing.
    Firefox,
    /// WebKit (Safari): capped at 600 s (10 minutes).
    WebKit,
}

impl Engine {
    /// The longest time this engine remembers a preflight.
    pub fn max_age_cap(self) -> Option<Duration> {
        match self {
            Self::Standard => None,
            Self::Chromium => Some(Duration::from_secs(7200)),
            Self::Firefox => Some(Duration::from_secs(86_400)),
            Self::WebKit => Some(Duration::from_secs(600)),
        }
    }

    /// Whether a new preflight replaces everything cached for its URL
    /// (Chromium and WebKit keep one result per origin and URL), rather than
    /// adding per-method and per-header entries (the standard, Firefox).
    pub(crate) fn replaces_per_url(self) -> bool {
        matches!(self, Self::Chromium | Self::WebKit)
    }

    /// How long a preflight is remembered, given its `Access-Control-Max-Age`
    /// (`None`: absent or not a number).
    pub(crate) fn cache_duration(self, max_age: Option<u64>, header_present: bool) -> Duration {
        const DEFAULT: Duration = Duration::from_secs(5);
        let asked = match max_age {
            Some(seconds) => Duration::from_secs(seconds),
            None if header_present && self == Self::Firefox => Duration::ZERO,
            None => DEFAULT,
        };
        self.max_age_cap().map_or(asked, |cap| asked.min(cap))
    }
}

/// A browser tab showing a page of one origin, with the state a browser
/// keeps between `fetch()` calls: the CORS-preflight cache, on a clock that
/// moves only when the test calls [`Browser::advance`] (unless
/// [`Browser::real_clock`]).
#[derive(Debug, Clone)]
pub struct Browser {
    page: WebOrigin,
    page_serialised: String,
    server: WebOrigin,
    engine: Engine,
    cache: PreflightCache,
    /// Time moved by [`Browser::advance`].
    advanced: Duration,
    /// Set by [`Browser::real_clock`]: wall-clock time counts too.
    started: Option<Instant>,
}

impl Browser {
    /// A page of `origin` (`scheme://host[:port]`; a page URL works too, its
    /// path is ignored).
    ///
    /// # Panics
    /// If `origin` is not an origin: a mistake in the test itself. Use
    /// [`Browser::try_at`] to handle it.
    #[track_caller]
    pub fn at(origin: &str) -> Self {
        Self::try_at(origin).unwrap_or_else(|error| panic!("Browser::at: {error}"))
    }

    /// A page of `origin`, or why it is not one.
    pub fn try_at(origin: &str) -> Result<Self, OriginParseError> {
        let page = WebOrigin::parse(origin)?;
        let server =
            WebOrigin::parse(DEFAULT_SERVER_ORIGIN).expect("the default server origin parses");
        Ok(Self {
            page_serialised: page.to_string(),
            page,
            server,
            engine: Engine::default(),
            cache: PreflightCache::default(),
            advanced: Duration::ZERO,
            started: None,
        })
    }

    /// Where relative request URIs go (default [`DEFAULT_SERVER_ORIGIN`]).
    /// Give the page's own origin to test same-origin requests.
    ///
    /// # Panics
    /// If `origin` is not an origin.
    #[track_caller]
    pub fn server_origin(mut self, origin: &str) -> Self {
        self.server = WebOrigin::parse(origin)
            .unwrap_or_else(|error| panic!("Browser::server_origin: {error}"));
        self
    }

    /// Applies `engine`'s preflight-cache limits.
    pub fn engine(mut self, engine: Engine) -> Self {
        self.engine = engine;
        self
    }

    /// The page's origin, as sent in `Origin`.
    pub fn origin(&self) -> &str {
        &self.page_serialised
    }

    /// Moves the browser's clock forward (preflight cache entries expire).
    pub fn advance(&mut self, by: Duration) {
        self.advanced = self.advanced.saturating_add(by);
    }

    /// Lets real time pass on the browser's clock too (besides
    /// [`Browser::advance`]), to mirror a real browser run side by side.
    pub fn real_clock(mut self) -> Self {
        self.started = Some(Instant::now());
        self
    }

    fn now(&self) -> Duration {
        let real = self
            .started
            .map_or(Duration::ZERO, |started| started.elapsed());
        self.advanced.saturating_add(real)
    }

    /// Forgets every cached preflight.
    pub fn clear_preflight_cache(&mut self) {
        self.cache.clear();
    }

    /// How many methods and header names the preflight cache holds now.
    pub fn cached_preflight_grants(&self) -> usize {
        self.cache.len(self.now())
    }

    /// One `fetch(request)` from the page to `service`, in `cors` mode with
    /// credentials `same-origin` unless [`Fetch::credentials`] says `true`
    /// (`include`). Await it for the [`Outcome`].
    ///
    /// A relative URI goes to [`Browser::server_origin`]; an absolute one to
    /// its own origin. The service receives what a browser would send: the
    /// path and query as target, `Host`, `Origin` (cross-origin, or any
    /// method but GET and HEAD), `Sec-Fetch-Mode`/`-Site`/`-Dest`, `Accept`
    /// when the page set none, and the page's headers minus those a page
    /// may not set.
    pub fn fetch<'b, S, B>(&'b mut self, service: &'b S, request: Request<B>) -> Fetch<'b, S, B> {
        Fetch {
            browser: self,
            service,
            request,
            include_credentials: false,
            cookie: None,
        }
    }
}

/// One pending `fetch()`; await it (it is [`IntoFuture`]).
pub struct Fetch<'b, S, B> {
    browser: &'b mut Browser,
    service: &'b S,
    request: Request<B>,
    include_credentials: bool,
    cookie: Option<HeaderValue>,
}

impl<S, B> fmt::Debug for Fetch<'_, S, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fetch")
            .field("origin", &self.browser.page_serialised)
            .field("method", self.request.method())
            .field("uri", self.request.uri())
            .field("include_credentials", &self.include_credentials)
            .finish_non_exhaustive()
    }
}

impl<S, B> Fetch<'_, S, B> {
    /// `credentials: "include"` (true) or the default `"same-origin"` (false).
    pub fn credentials(mut self, include: bool) -> Self {
        self.include_credentials = include;
        self
    }

    /// A `Cookie` header the browser's jar would add to the actual request
    /// when credentials are sent (`include`, or a same-origin request);
    /// never to a preflight. Cookie attributes (`SameSite`, `Secure`) are not
    /// modelled. An invalid header value is ignored.
    pub fn cookie(mut self, cookie: &str) -> Self {
        self.cookie = HeaderValue::from_str(cookie).ok();
        self
    }
}

impl<'b, S, B, ResBody> IntoFuture for Fetch<'b, S, B>
where
    S: Service<Request<B>, Response = Response<ResBody>> + Clone + 'b,
    S::Error: Into<BoxError>,
    S::Future: 'b,
    B: Default + 'b,
    ResBody: HttpBody<Data = Bytes> + 'b,
    ResBody::Error: Into<BoxError>,
{
    type Output = Outcome;
    type IntoFuture = Pin<Box<dyn Future<Output = Outcome> + 'b>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(run(self))
    }
}

/// The request as the browser will send it, before any CORS decision.
struct Prepared {
    method: Method,
    target: WebOrigin,
    path_and_query: Uri,
    url: String,
    /// The page's headers the browser keeps (`Accept` added).
    headers: HeaderMap,
    ignored: Vec<String>,
}

fn prepare(parts: &http::request::Parts, browser: &Browser) -> Result<Prepared, Refusal> {
    let method = normalise_method(&parts.method).map_err(Refusal::ForbiddenMethod)?;
    let target = match WebOrigin::of_uri(&parts.uri) {
        Some(Ok(origin)) => origin,
        Some(Err(error)) => return Err(Refusal::Network(error.to_string())),
        None => browser.server.clone(),
    };
    let path_and_query: Uri = parts
        .uri
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .parse()
        .unwrap_or_else(|_| Uri::from_static("/"));
    let url = format!("{target}{path_and_query}");
    let mut headers = HeaderMap::new();
    let mut ignored = Vec::new();
    for (name, value) in &parts.headers {
        if is_forbidden_request_header(name, value.as_bytes()) {
            ignored.push(name.as_str().to_owned());
        } else {
            headers.append(name.clone(), value.clone());
        }
    }
    if !headers.contains_key(ACCEPT) {
        headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
    }
    Ok(Prepared {
        method,
        target,
        path_and_query,
        url,
        headers,
        ignored,
    })
}

async fn run<S, B, ResBody>(fetch: Fetch<'_, S, B>) -> Outcome
where
    S: Service<Request<B>, Response = Response<ResBody>> + Clone,
    S::Error: Into<BoxError>,
    B: Default,
    ResBody: HttpBody<Data = Bytes>,
    ResBody::Error: Into<BoxError>,
{
    let Fetch {
        browser,
        service,
        request,
        include_credentials,
        cookie,
    } = fetch;
    let (parts, body) = request.into_parts();
    let prepared = match prepare(&parts, browser) {
        Ok(prepared) => prepared,
        Err(refusal) => return Outcome::refused(refusal),
    };
    let mut outcome = Outcome::empty();
    outcome.ignored_request_headers = prepared.ignored.clone();
    let cross_origin = prepared.target != browser.page;
    outcome.cross_origin = cross_origin;
    let origin = browser.page_serialised.clone();
    let fetch_site = if !cross_origin {
        "same-origin"
    } else if prepared.target.same_site(&browser.page) {
        "same-site"
    } else {
        "cross-site"
    };
    let browser_headers = |headers: &mut HeaderMap| {
        headers.insert(HOST, header_value(&prepared.target.host_header()));
        headers.insert(
            HeaderName::from_static("sec-fetch-mode"),
            HeaderValue::from_static("cors"),
        );
        headers.insert(
            HeaderName::from_static("sec-fetch-site"),
            HeaderValue::from_static(fetch_site),
        );
        headers.insert(
            HeaderName::from_static("sec-fetch-dest"),
            HeaderValue::from_static("empty"),
        );
    };

    // CORS-preflight fetch, when the cache does not already cover the request.
    let unsafe_names = if cross_origin {
        cors_unsafe_header_names(&prepared.headers)
    } else {
        Vec::new()
    };
    let key = CacheKey {
        origin: &origin,
        url: &prepared.url,
        include_credentials,
    };
    if cross_origin {
        let method = prepared.method.as_str();
        let method_needs = !is_safelisted_method(&prepared.method);
        outcome.preflight_needed = method_needs || !unsafe_names.is_empty();
        let cached = (!method_needs || browser.cache.has_method(key, method, browser.now()))
            && unsafe_names
                .iter()
                .all(|name| browser.cache.has_header(key, name, browser.now()));
        if !cached {
            let mut headers = HeaderMap::new();
            browser_headers(&mut headers);
            headers.insert(ORIGIN, header_value(&origin));
            headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
            headers.insert(
                HeaderName::from_static("access-control-request-method"),
                header_value(method),
            );
            if !unsafe_names.is_empty() {
                // Joined by `,` without a space, as browsers send it.
                headers.insert(
                    HeaderName::from_static("access-control-request-headers"),
                    header_value(&unsafe_names.join(",")),
                );
            }
            let mut preflight = Request::new(B::default());
            *preflight.method_mut() = Method::OPTIONS;
            *preflight.uri_mut() = prepared.path_and_query.clone();
            *preflight.version_mut() = Version::HTTP_11;
            *preflight.headers_mut() = headers.clone();
            *preflight.extensions_mut() = parts.extensions.clone();
            let response = match send(service, preflight).await {
                Ok(response) => response,
                Err(error) => {
                    outcome.refuse(Refusal::Network(error));
                    return outcome;
                }
            };
            let (status, response_headers) = (response.status, response.headers);
            outcome.preflight = Some(Exchange {
                method: Method::OPTIONS,
                uri: prepared.path_and_query.clone(),
                request_headers: headers,
                status,
                response_headers: response_headers.clone(),
            });
            let header_names: Vec<String> = prepared
                .headers
                .keys()
                .map(|n| n.as_str().to_owned())
                .collect();
            let ask = PreflightAsk {
                origin: &origin,
                include_credentials,
                method,
                header_names: &header_names,
                unsafe_names: &unsafe_names,
            };
            match check_preflight(status, &response_headers, &ask) {
                Ok(grant) => {
                    let present = response_headers.contains_key("access-control-max-age");
                    let max_age = browser.engine.cache_duration(grant.max_age, present);
                    if browser.engine.replaces_per_url() {
                        browser.cache.forget_url(key);
                    }
                    browser.cache.store(
                        key,
                        &grant.methods,
                        &grant.header_names,
                        max_age,
                        browser.now(),
                    );
                }
                Err(refusal) => {
                    outcome.refuse(refusal);
                    return outcome;
                }
            }
        }
    }

    // The actual request.
    let mut headers = prepared.headers.clone();
    browser_headers(&mut headers);
    if cross_origin || !matches!(prepared.method, Method::GET | Method::HEAD) {
        headers.insert(ORIGIN, header_value(&origin));
    }
    if let Some(cookie) = cookie.filter(|_| include_credentials || !cross_origin) {
        headers.insert(COOKIE, cookie);
    }
    let mut actual = Request::from_parts(parts, body);
    *actual.method_mut() = prepared.method.clone();
    *actual.uri_mut() = prepared.path_and_query.clone();
    *actual.version_mut() = Version::HTTP_11;
    *actual.headers_mut() = headers.clone();
    let response = match send(service, actual).await {
        Ok(response) => response,
        Err(error) => {
            outcome.refuse(Refusal::Network(error));
            return outcome;
        }
    };
    outcome.actual = Some(Exchange {
        method: prepared.method,
        uri: prepared.path_and_query,
        request_headers: headers,
        status: response.status,
        response_headers: response.headers.clone(),
    });
    if cross_origin {
        if let Err(failure) = cors_check(&response.headers, &origin, include_credentials) {
            outcome.refuse(Refusal::CorsCheck(failure));
            return outcome;
        }
    }
    outcome.readable_headers =
        readable_headers(&response.headers, cross_origin, include_credentials);
    outcome.body = response.body;
    outcome
}

fn header_value(text: &str) -> HeaderValue {
    // Everything the kit writes here is an origin, host, method or token list.
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A response as the browser's network layer delivers it.
struct Received {
    status: http::StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

async fn send<S, B, ResBody>(service: &S, request: Request<B>) -> Result<Received, String>
where
    S: Service<Request<B>, Response = Response<ResBody>> + Clone,
    S::Error: Into<BoxError>,
    ResBody: HttpBody<Data = Bytes>,
    ResBody::Error: Into<BoxError>,
{
    let response = service
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| format!("the service failed: {}", e.into()))?;
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .map_err(|e| format!("the response body failed: {}", e.into()))?
        .to_bytes();
    Ok(Received {
        status: parts.status,
        headers: parts.headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn engines_cap_max_age_and_default_to_five_seconds() {
        assert_eq!(
            Engine::Standard.cache_duration(Some(100_000), true),
            S(100_000)
        );
        assert_eq!(
            Engine::Chromium.cache_duration(Some(100_000), true),
            S(7200)
        );
        assert_eq!(
            Engine::Firefox.cache_duration(Some(100_000), true),
            S(86_400)
        );
        assert_eq!(Engine::WebKit.cache_duration(Some(100_000), true), S(600));
        for engine in [
            Engine::Standard,
            Engine::Chromium,
            Engine::Firefox,
            Engine::WebKit,
        ] {
            assert_eq!(
                engine.cache_duration(None, false),
                S(5),
                "{engine:?}: absent"
            );
        }
        assert_eq!(Engine::Chromium.cache_duration(None, true), S(5), "invalid");
        assert_eq!(
            Engine::Firefox.cache_duration(None, true),
            S(0),
            "Firefox caches nothing for an invalid value"
        );
    }

    #[test]
    fn a_bad_page_origin_is_an_error_not_a_panic() {
        assert!(Browser::try_at("app.example.com").is_err());
        assert_eq!(
            Browser::at("https://App.Example.com:443").origin(),
            "https://app.example.com"
        );
    }
}

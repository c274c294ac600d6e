//! What would the browser do? A model of a browser's `fetch()` (the WHATWG
//! Fetch standard's CORS protocol) to test a CORS policy without a browser.
//!
//! It talks HTTP to any tower [`Service`](tower_service::Service): an axum
//! `Router` with `#[cors]` routes or `cors_layer!`, or one with tower-http's
//! `CorsLayer`, or none at all. It never looks inside this crate.
//!
//! ```
//! use axum::{body::Body, http::Request, Router};
//! use cors_runtime::testing::Browser;
//! use cors_runtime::{cors, routing::{get, put}, CorsRouterExt};
//!
//! #[cors(origins = ["https://app.example.com"], methods = "GET,PUT", credentials,
//!        allow_headers = ["content-type"], expose_headers = ["x-total"], max_age = 600)]
//! async fn list() -> ([(&'static str, &'static str); 1], &'static str) {
//!     ([("x-total", "3")], "[]")
//! }
//!
//! #[cors(origins = ["https://app.example.com"], methods = "GET,PUT", credentials,
//!        allow_headers = ["content-type"], expose_headers = ["x-total"], max_age = 600)]
//! async fn replace(body: String) -> ([(&'static str, &'static str); 1], String) {
//!     ([("x-total", "3")], body)
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), axum::http::Error> {
//! let app: Router = Router::new().cors_route("/items", get(list).put(replace));
//!
//! let mut browser = Browser::at("https://app.example.com");
//! let put = Request::put("/items").header("content-type", "application/json").body(Body::from("[]"))?;
//! let outcome = browser.fetch(&app, put).credentials(true).await;
//! assert!(outcome.allowed());
//! assert!(outcome.preflight_sent()); // PUT and a JSON content-type need one
//! assert_eq!(outcome.readable_header("x-total"), Some("3"));
//!
//! // Another page: the server sends no Access-Control-Allow-Origin for it.
//! let mut elsewhere = Browser::at("https://evil.example.net");
//! let get = Request::get("/items").body(Body::empty())?;
//! let outcome = elsewhere.fetch(&app, get).await;
//! assert!(outcome.blocked());
//! assert_eq!(outcome.reason(), Some("no Access-Control-Allow-Origin"));
//! # Ok(())
//! # }
//! ```
//!
//! # What it models
//!
//! For one `fetch(url, { method, headers, body, credentials })` in `cors`
//! mode (the default), with `credentials: "include"` via
//! [`Fetch::credentials`]`(true)` and `"same-origin"` (the default) otherwise:
//!
//! - **Same origin or not.** A relative URI goes to [`Browser::server_origin`]
//!   (default [`DEFAULT_SERVER_ORIGIN`]). A same-origin request does no CORS at
//!   all (no preflight, no check, every header but `Set-Cookie` readable).
//! - **What the page may send.** `fetch()` upper-cases `get`, `post`, ...
//!   (not `patch`), rejects CONNECT/TRACE/TRACK, and silently drops
//!   forbidden request headers (`Cookie`, `Origin`, `Host`, `Sec-*`, `Proxy-*`,
//!   ...; listed by [`Outcome::ignored_request_headers`]).
//! - **When a preflight is needed.** A method other than GET, HEAD, POST, or
//!   a header that is not CORS-safelisted: `accept`, `accept-language`,
//!   `content-language`, `content-type` and `range` are, with their value
//!   rules (`content-type`'s essence one of `text/plain`,
//!   `multipart/form-data`, `application/x-www-form-urlencoded`; no unsafe
//!   bytes; a single `bytes=N-[M]` range; at most 128 bytes a value and 1024
//!   bytes in all), and only when the preflight cache does not already cover
//!   the method and every such header.
//! - **The preflight.** `OPTIONS` to the same path and query, with `Origin`,
//!   `Access-Control-Request-Method`, `Access-Control-Request-Headers`
//!   (lower case, sorted, joined by `,`), `Accept: */*`, no cookies.
//! - **Its checks.** Status 200..=299; the CORS check (below); the method in
//!   `Access-Control-Allow-Methods` byte for byte (`put` does not allow `PUT`)
//!   unless safelisted; every unsafe header in `Access-Control-Allow-Headers`
//!   in any case; `*` in either counts only without credentials;
//!   `Authorization` is never covered by `*`.
//! - **The CORS check** (preflight and actual response):
//!   `Access-Control-Allow-Origin` is `*` (only without credentials) or the
//!   page's origin byte for byte (several values never match); with
//!   credentials, `Access-Control-Allow-Credentials` is exactly `true`.
//! - **The actual request** gets `Origin` (cross-origin, or same-origin with
//!   a method other than GET and HEAD), `Host` and `Sec-Fetch-Mode`/`-Site`/
//!   `-Dest`. A blocked response still reached the server: the handler ran.
//! - **What the page reads.** `Cache-Control`, `Content-Language`,
//!   `Content-Length`, `Content-Type`, `Expires`, `Last-Modified`, `Pragma`,
//!   plus the names in `Access-Control-Expose-Headers` (`*`: all, only without
//!   credentials); never `Set-Cookie`.
//! - **The preflight cache.** Each method and header name an accepted
//!   preflight allowed is remembered per page origin, URL (query included)
//!   and credentials mode for `Access-Control-Max-Age` seconds (5 when absent
//!   or invalid; 0 caches nothing), capped by the [`Engine`]'s limit.
//!   An entry made with credentials also serves requests without. Time
//!   moves only with [`Browser::advance`].
//!
//! [`Outcome::summary`] gives what a page can observe (allowed, preflight
//! sent, status, readable headers) to compare with a real browser.
//!
//! # Where browsers and the standard differ, and what the kit follows
//!
//! - **Cache lifetime.** The standard lets each browser cap `max-age`:
//!   Chromium 7200 s, Firefox 86400 s, WebKit 600 s. [`Engine::Standard`] (the
//!   default) applies no cap; choose an engine with [`Browser::engine`].
//!   Firefox caches nothing for an invalid `Access-Control-Max-Age` (the
//!   standard, Chromium and WebKit use 5 s); [`Engine::Firefox`] does so too.
//! - **`*` in the cache.** By the standard's letter, a cached `*` (method or
//!   header) from a preflight with credentials would later serve a request
//!   with credentials without a preflight. Chromium and WebKit never honour
//!   `*` for such a request; the kit follows them.
//! - **Cache granularity.** The standard (and Firefox) keep one entry per
//!   method and per header name; Chromium and WebKit keep one result per
//!   origin and URL and replace it with each new preflight, so a method
//!   allowed by an earlier preflight but not by the latest one is preflighted
//!   again. [`Engine::Chromium`] and [`Engine::WebKit`] do the same; the
//!   browser suite's case 53 shows all three engines agreeing with the kit.
//! - **Reasons.** A preflight refused with a non-2xx status is reported as
//!   `preflight refused (403)` even when its CORS headers are missing too
//!   (Chromium's console names the missing header first); allowed or not,
//!   the decision is the same.
//!
//! # Not modelled
//!
//! Redirects (a 3xx answer is not followed: it goes through the CORS check
//! and is reported as it is), `no-cors` and `navigate` modes, the
//! `Content-Type` a browser adds for a body (set it on the request yourself:
//! a string body is `text/plain;charset=UTF-8`), cookie
//! attributes, Private Network Access, and service workers.

mod browser;
mod origin;
mod outcome;
mod preflight_cache;
mod request_rules;
mod response_rules;

pub use browser::{Browser, Engine, Fetch, DEFAULT_SERVER_ORIGIN};
pub use origin::OriginParseError;
pub use outcome::{CorsCheckFailure, Exchange, Outcome, Refusal, Summary};

//! The macros of `cors-runtime`: `#[cors(...)]`, `cors_policy!` and
//! `cors_layer!`. Use them through `cors-runtime`, which re-exports them; the
//! generated code names everything through `::cors_runtime::__private_v0_1`,
//! so this crate is pinned to one `cors-runtime` version.
//!
//! Each macro is parse, validate, expand: `attr` reads the keys into the
//! typed `ast` (key names in `symbol`), `valid` applies the rules of
//! SPEC §2, §7 and §8 and collects every error, `use_site` combines a named
//! policy (`named`) with the keys written where it is used, and `expand`
//! (a handler) or `layer` (`cors_layer!`) writes the static policy
//! (`policy_literal`) and the code around it.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(unreachable_pub)]

mod ast;
mod attr;
mod ctxt;
mod expand;
mod layer;
mod named;
mod policy_literal;
mod site;
mod suggest;
mod symbol;
mod use_site;
mod valid;

use proc_macro::TokenStream;

/// Declares the CORS policy of an axum handler; register the handler with
/// `cors_runtime::routing` and `Router::cors_route`.
///
/// ```text
/// #[cors(origins = ["https://app.example.com", "http://localhost:3000"],
///        methods = "GET,PUT", credentials, allow_headers = ["content-type"], max_age = 600)]
/// async fn get_data() -> Json<Data> { ... }
///
/// #[cors(PARTNERS, max_age = 60)]   // a named policy, extended
/// #[cors(disabled)]                 // no CORS at all, whatever layer is outside
/// ```
///
/// | key | value | default | what it does |
/// | --- | --- | --- | --- |
/// | `origins` | `["https://a.example", ...]`, `"*"`, patterns (`"https://*.a.example"`, `"http://localhost:*"`), `env("VAR")`, `dynamic(check)` | required | the origins allowed to read responses; exact `scheme://host[:port]` as browsers send it |
/// | `methods` | `"GET,PUT"`, `["GET", "PUT"]` or `"*"` | the methods the handler is registered for (`cors_layer!`: `GET,HEAD,PUT,PATCH,POST,DELETE`) | what a preflight may ask for |
/// | `credentials` | flag, or `= true/false` | off | `Access-Control-Allow-Credentials: true`; refuses every `*` |
/// | `allow_headers` | `["content-type", ...]` or `"*"` | none | request headers a preflight may ask for; `*` never covers `authorization` |
/// | `expose_headers` | `["x-total", ...]` or `"*"` | none | response headers the page may read |
/// | `max_age` | seconds, `0..=86400` | none (browsers use 5 s) | how long a browser caches the preflight (Chromium caps at 7200, Firefox 86400, WebKit 600) |
/// | `private_network` | flag | off | answers legacy Private Network Access preflights (Chrome now uses its Local Network Access permission) |
/// | `preflight_status` | `204` or `200` | `204` | the status of an allowed preflight (the seed's `optionsSuccessStatus`) |
/// | `block_refused` | flag, or `= true/false` | off | an unsafe cross-origin request from a refused origin gets 403 before the handler |
/// | `disabled` | flag alone | — | `#[cors(disabled)]` only: no CORS at all, preflights refused |
///
/// Every mistake is a compile error on the offending token, with the fix in
/// the message. The runnable examples are in `cors-runtime`'s documentation.
#[proc_macro_attribute]
pub fn cors(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::try_expand(args.into(), input.into()).into()
}

/// Defines a named, reusable policy, checked here:
/// `cors_policy!(pub(crate) PARTNERS, origins = ["https://a.example"], credentials);`
/// then `#[cors(PARTNERS)]` or `#[cors(PARTNERS, max_age = 60)]` on handlers.
#[proc_macro]
pub fn cors_policy(input: TokenStream) -> TokenStream {
    named::expand_definition(input.into()).into()
}

/// One policy for a whole router or service, checked like `#[cors]`: a tower
/// layer (`cors_runtime::PolicyLayer`).
///
/// ```text
/// .layer(cors_layer!(origins = ["https://app.example"], credentials))
/// .layer(cors_layer!(PARTNERS))
/// .layer(cors_layer!(PARTNERS, max_age = 60, block_refused))
/// ```
///
/// It takes the keys of `#[cors]` with the same rules and messages, except
/// that `methods` left out means `GET,HEAD,PUT,PATCH,POST,DELETE` (the seed's),
/// and `disabled` and `origins = dynamic(...)` are compile errors (a layer has
/// no router state to give a check).
///
/// | key | value | default | what it does |
/// | --- | --- | --- | --- |
/// | `origins` | `["https://a.example", ...]`, `"*"`, patterns (`"https://*.a.example"`, `"http://localhost:*"`), `env("VAR")`, `dynamic(check)` | required | the origins allowed to read responses; exact `scheme://host[:port]` as browsers send it |
/// | `methods` | `"GET,PUT"`, `["GET", "PUT"]` or `"*"` | the methods the handler is registered for (`cors_layer!`: `GET,HEAD,PUT,PATCH,POST,DELETE`) | what a preflight may ask for |
/// | `credentials` | flag, or `= true/false` | off | `Access-Control-Allow-Credentials: true`; refuses every `*` |
/// | `allow_headers` | `["content-type", ...]` or `"*"` | none | request headers a preflight may ask for; `*` never covers `authorization` |
/// | `expose_headers` | `["x-total", ...]` or `"*"` | none | response headers the page may read |
/// | `max_age` | seconds, `0..=86400` | none (browsers use 5 s) | how long a browser caches the preflight (Chromium caps at 7200, Firefox 86400, WebKit 600) |
/// | `private_network` | flag | off | answers legacy Private Network Access preflights (Chrome now uses its Local Network Access permission) |
/// | `preflight_status` | `204` or `200` | `204` | the status of an allowed preflight (the seed's `optionsSuccessStatus`) |
/// | `block_refused` | flag, or `= true/false` | off | an unsafe cross-origin request from a refused origin gets 403 before the handler |
/// | `disabled` | flag alone | — | `#[cors(disabled)]` only: no CORS at all, preflights refused |
///
/// Every mistake is a compile error on the offending token, with the fix in
/// the message. The runnable examples are in `cors-runtime`'s documentation.
#[proc_macro]
pub fn cors_layer(input: TokenStream) -> TokenStream {
    layer::expand(input.into()).into()
}

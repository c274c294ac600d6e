//! The rules of SPEC §2, §7 and §8, applied to the parsed keys and the
//! handler. Every broken rule is reported, each on the token that breaks it.

use std::collections::HashMap;

use proc_macro2::Span;
use syn::{FnArg, ItemFn};

use crate::ast::{self, Args, Entry, Keyed, List, MaxAge, PreflightStatus};
use crate::ctxt::Ctxt;
use crate::site::Site;
use crate::symbol::Key;

/// What `cors_layer!` allows when `methods` is left out: the seed's list.
const LAYER_METHODS: [&str; 6] = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"];

/// A policy that passed every rule.
pub(crate) struct Model {
    pub(crate) origins: Origins,
    pub(crate) credentials: bool,
    pub(crate) methods: Methods,
    pub(crate) allow_headers: Headers,
    pub(crate) expose_headers: Option<Headers>,
    pub(crate) max_age: Option<u32>,
    pub(crate) private_network: bool,
    pub(crate) preflight_status: PreflightStatus,
    pub(crate) block_refused: bool,
}

pub(crate) enum Origins {
    Any,
    /// Exact origins as browsers serialise them (sorted), and patterns as written.
    List {
        exact: Vec<String>,
        patterns: Vec<String>,
    },
    /// `env("NAME")`.
    Env(String),
    /// `dynamic(check)`.
    Dynamic(syn::Path),
    /// `#[cors(disabled)]`.
    Disabled,
}

pub(crate) enum Methods {
    Registered,
    Any,
    List(Vec<String>),
}

pub(crate) enum Headers {
    Any,
    /// Lower case.
    List(Vec<String>),
}

impl Model {
    /// What is expanded when the keys have errors, so the code around still
    /// type-checks and only the real errors show.
    pub(crate) fn fallback() -> Self {
        Self {
            origins: Origins::Any,
            credentials: false,
            methods: Methods::Registered,
            allow_headers: Headers::List(Vec::new()),
            expose_headers: None,
            max_age: None,
            private_network: false,
            preflight_status: PreflightStatus::NoContent,
            block_refused: false,
        }
    }

    /// `#[cors(disabled)]`: no CORS at all.
    fn disabled() -> Self {
        Self {
            origins: Origins::Disabled,
            ..Self::fallback()
        }
    }
}

pub(crate) fn validate(args: &Args, site: Site, cx: &mut Ctxt) -> Model {
    if let Some(disabled) = &args.disabled {
        return validate_disabled(args, disabled, site, cx);
    }
    let credentials = args.credentials.as_ref().is_some_and(|c| c.value);
    let origins = match &args.origins {
        // Given but unreadable, most likely misspelt or meant as `disabled`:
        // already reported.
        None if args.is_given(Key::Origins)
            || args.is_given(Key::Disabled)
            || args.origins_maybe_meant =>
        {
            Origins::Any
        }
        None => {
            cx.at(0);
            cx.error(
                Span::call_site(),
                format!(
                    "{} needs `origins`: add `origins = [\"https://app.example.com\"]`, or `origins = \"*\"` for a public resource",
                    site.macro_name()
                ),
            );
            Origins::Any
        }
        Some(origins) => {
            cx.at(origins.index);
            validate_origins(origins, credentials, site, cx)
        }
    };
    let methods = match &args.methods {
        None if site == Site::Layer => Methods::List(LAYER_METHODS.map(str::to_owned).to_vec()),
        None => Methods::Registered,
        Some(Keyed {
            index,
            value: List::Wildcard(lit),
            ..
        }) => {
            cx.at(*index);
            refuse_wildcard_with_credentials(
                credentials,
                Key::Methods,
                lit,
                "list the methods",
                cx,
            );
            Methods::Any
        }
        Some(Keyed {
            key,
            index,
            value: List::Entries { tokens, entries },
        }) => {
            cx.at(*index);
            if entries.is_empty() {
                let default = match site {
                    Site::Layer => "the seed's `GET,HEAD,PUT,PATCH,POST,DELETE`",
                    Site::Handler | Site::Policy => "the ones the handler is registered for",
                };
                cx.error_spanned_by(tokens, format!("`{key}` is empty; list the methods, or leave `methods` out to allow {default}"));
            }
            Methods::List(validate_entries(entries, Kind::Method, cx, |text| {
                if text == "*" {
                    return Err("`*` cannot stand inside a list of methods; write `methods = \"*\"` on its own \
                                (not with `credentials`), or list each method"
                        .to_owned());
                }
                cors_rules::check_method(text)
                    .map(|()| text.to_owned())
                    .map_err(|e| e.to_string())
            }))
        }
    };
    let allow_headers = match &args.allow_headers {
        None => Headers::List(Vec::new()),
        Some(headers) => validate_headers(headers, credentials, cx),
    };
    let expose_headers = args
        .expose_headers
        .as_ref()
        .map(|headers| validate_headers(headers, credentials, cx));
    let max_age = args.max_age.as_ref().and_then(|max_age| {
        cx.at(max_age.index);
        validate_max_age(&max_age.value, cx)
    });
    let private_network = match &args.private_network {
        Some(Keyed {
            key,
            index,
            value: true,
        }) => {
            // Only a written `origins = "*"`: a missing one falls back to Any.
            if matches!(
                args.origins,
                Some(Keyed {
                    value: ast::Origins::List(List::Wildcard(_)),
                    ..
                })
            ) {
                cx.at(*index);
                cx.error(
                    key.span(),
                    "`private_network` cannot be combined with `origins = \"*\"`: it would let every site on \
                     the internet reach this private-network service; list the origins, or remove `private_network`",
                );
            }
            true
        }
        _ => false,
    };
    Model {
        origins,
        credentials,
        methods,
        allow_headers,
        expose_headers,
        max_age,
        private_network,
        preflight_status: args
            .preflight_status
            .as_ref()
            .map_or(PreflightStatus::NoContent, |status| status.value),
        block_refused: args.block_refused.as_ref().is_some_and(|block| block.value),
    }
}

/// `disabled` stands alone, and only on a handler: a disabled named policy
/// or layer would be a policy that does nothing.
fn validate_disabled(args: &Args, disabled: &Keyed<()>, site: Site, cx: &mut Ctxt) -> Model {
    match site {
        Site::Handler => {
            for other in args.given.iter().filter(|ident| **ident != Key::Disabled) {
                cx.error(
                    other.span(),
                    format!(
                        "`disabled` takes no other key: a disabled route sends no CORS headers; \
                         remove `{other}`, or remove `disabled`"
                    ),
                );
            }
        }
        Site::Policy => cx.error(
            disabled.key.span(),
            "a named policy cannot be `disabled`: write `#[cors(disabled)]` on each handler instead",
        ),
        Site::Layer => cx.error(
            disabled.key.span(),
            "a `cors_layer!` that is `disabled` does nothing: remove the layer, or write \
             `#[cors(disabled)]` on the handlers that must send no CORS headers",
        ),
    }
    Model::disabled()
}

fn validate_origins(
    origins: &Keyed<ast::Origins>,
    credentials: bool,
    site: Site,
    cx: &mut Ctxt,
) -> Origins {
    match &origins.value {
        ast::Origins::List(List::Wildcard(lit)) => {
            refuse_wildcard_with_credentials(
                credentials,
                Key::Origins,
                lit,
                "list the allowed origins",
                cx,
            );
            Origins::Any
        }
        ast::Origins::Env(name) => {
            let text = name.value();
            if text.is_empty() || text.contains(['=', '\0']) || text.trim() != text {
                cx.error(name.span(), "`env` takes the name of an environment variable, such as `env(\"CORS_ORIGINS\")`");
            }
            Origins::Env(text)
        }
        ast::Origins::Dynamic { call, check } => {
            if site == Site::Layer {
                cx.error_spanned_by(
                    call,
                    "`cors_layer!` cannot take `origins = dynamic(...)`: a layer has no router state to give the check; \
                     write `#[cors(origins = dynamic(...))]` on the handlers instead",
                );
            }
            Origins::Dynamic(check.clone())
        }
        ast::Origins::List(List::Entries { tokens, entries }) => {
            if entries.is_empty() {
                cx.error_spanned_by(tokens, "`origins` is empty; list at least one origin, such as `[\"https://app.example.com\"]`, or write `\"*\"`");
            }
            let list = validate_entries(entries, Kind::Origin, cx, |text| {
                match cors_rules::check_allowed_origin(text, credentials) {
                    Ok(cors_rules::OriginPattern::Exact(origin)) => Ok(origin.serialized()),
                    // Patterns keep their spelling; the runtime parses them once.
                    Ok(_) => Ok(text.to_owned()),
                    Err(error) => Err(error.to_string()),
                }
            });
            let (patterns, mut exact): (Vec<String>, Vec<String>) =
                list.into_iter().partition(|o| o.contains('*'));
            // Sorted so the runtime finds an origin by binary search.
            exact.sort();
            Origins::List { exact, patterns }
        }
    }
}

fn validate_headers(headers: &Keyed<List>, credentials: bool, cx: &mut Ctxt) -> Headers {
    let key = &headers.key;
    cx.at(headers.index);
    match &headers.value {
        List::Wildcard(lit) => {
            refuse_wildcard_with_credentials(credentials, key, lit, "list the header names", cx);
            Headers::Any
        }
        List::Entries { tokens, entries } => {
            if entries.is_empty() {
                cx.error_spanned_by(
                    tokens,
                    format!("`{key}` is empty; list header names, or leave `{key}` out"),
                );
            }
            Headers::List(validate_entries(entries, Kind::Header, cx, |text| {
                if text == "*" {
                    return Err(format!("`*` cannot stand inside a list; write `{key} = \"*\"` on its own, or list each header"));
                }
                cors_rules::check_header_name(text).map_err(|e| e.to_string())
            }))
        }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Origin,
    Method,
    Header,
}

/// Checks each entry, reporting errors and duplicates on the entry's literal.
/// Returns the normalised entries that passed.
fn validate_entries(
    entries: &[Entry],
    kind: Kind,
    cx: &mut Ctxt,
    check: impl Fn(&str) -> Result<String, String>,
) -> Vec<String> {
    // Normalised entry -> the spelling it was first written in.
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut valid = Vec::new();
    for entry in entries {
        match check(&entry.text) {
            Ok(normalised) => match seen.get(&normalised) {
                None => {
                    seen.insert(normalised.clone(), &entry.text);
                    valid.push(normalised);
                }
                Some(first) if *first == entry.text => {
                    let what = match kind {
                        Kind::Origin => "origin",
                        Kind::Method => "method",
                        Kind::Header => "header",
                    };
                    cx.error(entry.lit.span(), format!("{what} `{}` is listed twice; remove one", entry.text))
                }
                // Only header names are normalised (to lower case).
                Some(first) => cx.error(
                    entry.lit.span(),
                    format!(
                        "header `{}` is already listed as `{first}` (header names ignore case); remove one",
                        entry.text
                    ),
                ),
            },
            Err(message) => cx.error(entry.lit.span(), message),
        }
    }
    valid
}

fn refuse_wildcard_with_credentials(
    credentials: bool,
    key: impl std::fmt::Display,
    lit: &syn::LitStr,
    fix: &str,
    cx: &mut Ctxt,
) {
    if credentials {
        cx.error(
            lit.span(),
            format!(
                "`{key} = \"*\"` cannot be combined with `credentials`: browsers refuse or ignore a wildcard \
                 on credentialed requests; {fix}, or remove `credentials`"
            ),
        );
    }
}

fn validate_max_age(max_age: &MaxAge, cx: &mut Ctxt) -> Option<u32> {
    let (result, tokens) = match max_age {
        MaxAge::Digits { digits, tokens } => (cors_rules::check_max_age(digits), tokens),
        MaxAge::Negative(tokens) => (Err(cors_rules::MaxAgeError::Negative), tokens),
        MaxAge::NotAnInteger(tokens) => (Err(cors_rules::MaxAgeError::NotAnInteger), tokens),
        MaxAge::Quoted(lit) => {
            let text = lit.value();
            let message = match cors_rules::check_max_age(text.trim()) {
                Ok(seconds) => format!("`max_age` is a number, not a string: write `max_age = {seconds}`, without quotes"),
                Err(error) => error.to_string(),
            };
            cx.error(lit.span(), message);
            return None;
        }
    };
    result
        .map_err(|error| cx.error_spanned_by(tokens, error))
        .ok()
}

/// What can be emitted for a handler whose signature breaks a rule.
pub(crate) enum Shape {
    /// No rule broken.
    Handler,
    /// Wrong, but a free fn: a stand-in handler type with the function's
    /// name is emitted, so its uses in routers raise no second error (a
    /// generic one's turbofish aside).
    StandIn,
    /// A method (or variadic): kept as written, as no type can be declared
    /// inside an `impl`.
    AsWritten,
}

/// `#[cors]` goes on a free, non-generic `async fn`.
pub(crate) fn validate_handler(item: &ItemFn, cx: &mut Ctxt) -> Shape {
    let sig = &item.sig;
    let mut shape = Shape::Handler;
    for attr in item.attrs.iter().filter(|attr| is_cors_attr(attr)) {
        cx.error_spanned_by(
            attr,
            "`#[cors]` is given twice on this handler; merge both into one attribute",
        );
        stand_in(&mut shape);
    }
    if let Some(constness) = &sig.constness {
        cx.error(
            constness.span,
            "`#[cors]` handlers cannot be `const fn`; remove `const`",
        );
        stand_in(&mut shape);
    }
    if sig.asyncness.is_none() {
        cx.error(
            sig.fn_token.span,
            "`#[cors]` handlers must be `async fn`; add `async` before `fn`",
        );
        stand_in(&mut shape);
    }
    if let Some(unsafety) = &sig.unsafety {
        cx.error(
            unsafety.span,
            "`#[cors]` handlers cannot be `unsafe fn`; remove `unsafe`",
        );
        stand_in(&mut shape);
    }
    if let Some(abi) = &sig.abi {
        cx.error_spanned_by(
            abi,
            "`#[cors]` handlers cannot have an `extern` abi; remove it",
        );
        stand_in(&mut shape);
    }
    if !sig.generics.params.is_empty() {
        cx.error_spanned_by(
            &sig.generics,
            "`#[cors]` handlers cannot be generic; write a concrete handler, or wrap a generic function in one",
        );
        stand_in(&mut shape);
    } else if let Some(where_clause) = &sig.generics.where_clause {
        cx.error_spanned_by(
            where_clause,
            "`#[cors]` handlers cannot have a `where` clause; remove it",
        );
        stand_in(&mut shape);
    }
    if let Some(variadic) = &sig.variadic {
        cx.error_spanned_by(
            variadic,
            "`#[cors]` handlers cannot be variadic; remove `...`",
        );
        shape = Shape::AsWritten;
    }
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(receiver) => {
                cx.error_spanned_by(
                    receiver,
                    "`#[cors]` goes on a free `async fn`, not a method; move the handler out of the `impl` block \
                     and take what it needs from `self` through an extractor such as `State`",
                );
                shape = Shape::AsWritten;
            }
            FnArg::Typed(arg) if contains_impl_trait(&arg.ty) => {
                cx.error_spanned_by(
                    &arg.ty,
                    "`#[cors]` handlers cannot take `impl Trait` arguments; name the extractor type",
                );
                stand_in(&mut shape);
            }
            FnArg::Typed(_) => {}
        }
    }
    if sig.inputs.len() > 16 {
        cx.error_spanned_by(
            &sig.inputs,
            "axum handlers take at most 16 extractors; group some into one type that implements `FromRequestParts`",
        );
        stand_in(&mut shape);
    }
    shape
}

/// `#[cors(...)]` or `#[cors_runtime::cors(...)]`.
pub(crate) fn is_cors_attr(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "cors")
}

/// A broken rule that still allows a stand-in, unless another one does not.
fn stand_in(shape: &mut Shape) {
    if matches!(shape, Shape::Handler) {
        *shape = Shape::StandIn;
    }
}

fn contains_impl_trait(ty: &syn::Type) -> bool {
    quote::ToTokens::to_token_stream(ty)
        .into_iter()
        .any(|token| matches!(&token, proc_macro2::TokenTree::Ident(ident) if ident == "impl"))
}

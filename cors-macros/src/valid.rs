//! The rules of SPEC §2, applied to the parsed attribute and the handler.
//! Every broken rule is reported, each on the token that breaks it.

use std::collections::HashSet;

use proc_macro2::Span;
use syn::{FnArg, ItemFn};

use crate::ast::{Args, Entry, Keyed, MaxAge, Value};
use crate::ctxt::Ctxt;

/// A policy that passed every rule.
pub(crate) struct Model {
    pub(crate) origins: Origins,
    pub(crate) credentials: bool,
    pub(crate) methods: Methods,
    pub(crate) allow_headers: Headers,
    pub(crate) expose_headers: Option<Headers>,
    pub(crate) max_age: Option<u32>,
}

pub(crate) enum Origins {
    Any,
    /// As browsers serialise them.
    Exact(Vec<String>),
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
    /// What is expanded when the attribute has errors, so the handler still
    /// type-checks and only the real errors show.
    pub(crate) fn fallback() -> Self {
        Self {
            origins: Origins::Any,
            credentials: false,
            methods: Methods::Registered,
            allow_headers: Headers::List(Vec::new()),
            expose_headers: None,
            max_age: None,
        }
    }
}

pub(crate) fn validate(args: &Args, cx: &mut Ctxt) -> Model {
    let credentials = args.credentials.as_ref().is_some_and(|c| c.value);
    let origins = match &args.origins {
        None => {
            cx.error(
                Span::call_site(),
                "`#[cors]` needs `origins`: add `origins = [\"https://app.example.com\"]`, or `origins = \"*\"` for a public resource",
            );
            Origins::Any
        }
        Some(origins) => validate_origins(origins, credentials, cx),
    };
    let methods = match &args.methods {
        None => Methods::Registered,
        Some(Keyed { value: Value::Wildcard(lit), .. }) => {
            refuse_wildcard_with_credentials(credentials, "methods", lit, "list the methods", cx);
            Methods::Any
        }
        Some(Keyed { key, value: Value::List { tokens, entries } }) => {
            if entries.is_empty() {
                cx.error_spanned_by(tokens, format!("`{key}` is empty; list the methods, or leave `methods` out to allow the ones the handler is registered for"));
            }
            Methods::List(validate_entries(entries, "method", cx, |text| {
                cors_rules::check_method(text).map(|()| text.to_owned()).map_err(|e| e.to_string())
            }))
        }
    };
    let allow_headers = match &args.allow_headers {
        None => Headers::List(Vec::new()),
        Some(headers) => validate_headers(headers, credentials, cx),
    };
    let expose_headers = args.expose_headers.as_ref().map(|headers| validate_headers(headers, credentials, cx));
    let max_age = args.max_age.as_ref().and_then(|max_age| validate_max_age(&max_age.value, cx));
    Model { origins, credentials, methods, allow_headers, expose_headers, max_age }
}

fn validate_origins(origins: &Keyed<Value>, credentials: bool, cx: &mut Ctxt) -> Origins {
    match &origins.value {
        Value::Wildcard(lit) => {
            refuse_wildcard_with_credentials(credentials, "origins", lit, "list the allowed origins", cx);
            Origins::Any
        }
        Value::List { tokens, entries } => {
            if entries.is_empty() {
                cx.error_spanned_by(tokens, "`origins` is empty; list at least one origin, such as `[\"https://app.example.com\"]`, or write `\"*\"`");
            }
            let mut list = validate_entries(entries, "origin", cx, |text| {
                cors_rules::parse_origin(text).map(|origin| origin.serialized()).map_err(|e| e.to_string())
            });
            // Sorted so the runtime finds an origin by binary search.
            list.sort();
            Origins::Exact(list)
        }
    }
}

fn validate_headers(headers: &Keyed<Value>, credentials: bool, cx: &mut Ctxt) -> Headers {
    let key = headers.key.to_string();
    match &headers.value {
        Value::Wildcard(lit) => {
            refuse_wildcard_with_credentials(credentials, &key, lit, "list the header names", cx);
            Headers::Any
        }
        Value::List { tokens, entries } => {
            if entries.is_empty() {
                cx.error_spanned_by(tokens, format!("`{key}` is empty; list header names, or leave `{key}` out"));
            }
            Headers::List(validate_entries(entries, "header", cx, |text| {
                if text == "*" {
                    return Err(format!("`*` cannot stand inside a list; write `{key} = \"*\"` on its own, or list each header"));
                }
                cors_rules::check_header_name(text).map_err(|e| e.to_string())
            }))
        }
    }
}

/// Checks each entry, reporting errors and duplicates on the entry's literal.
/// Returns the normalised entries that passed.
fn validate_entries(
    entries: &[Entry],
    what: &str,
    cx: &mut Ctxt,
    check: impl Fn(&str) -> Result<String, String>,
) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut valid = Vec::new();
    for entry in entries {
        match check(&entry.text) {
            Ok(normalised) => {
                if seen.insert(normalised.clone()) {
                    valid.push(normalised);
                } else {
                    cx.error(entry.lit.span(), format!("{what} `{}` is listed twice; remove one", entry.text));
                }
            }
            Err(message) => cx.error(entry.lit.span(), message),
        }
    }
    valid
}

fn refuse_wildcard_with_credentials(credentials: bool, key: &str, lit: &syn::LitStr, fix: &str, cx: &mut Ctxt) {
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
    };
    result.map_err(|error| cx.error_spanned_by(tokens, error)).ok()
}

/// `#[cors]` goes on a free, non-generic `async fn`.
pub(crate) fn validate_handler(item: &ItemFn, cx: &mut Ctxt) {
    let sig = &item.sig;
    if sig.asyncness.is_none() {
        cx.error(sig.fn_token.span, "`#[cors]` handlers must be `async fn`; add `async`");
    }
    if let Some(constness) = &sig.constness {
        cx.error(constness.span, "`#[cors]` handlers cannot be `const fn`");
    }
    if let Some(unsafety) = &sig.unsafety {
        cx.error(unsafety.span, "`#[cors]` handlers cannot be `unsafe fn`");
    }
    if let Some(abi) = &sig.abi {
        cx.error_spanned_by(abi, "`#[cors]` handlers cannot have an `extern` abi");
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        cx.error_spanned_by(&sig.generics, "`#[cors]` handlers cannot be generic; write a concrete handler, or wrap a generic function in one");
    }
    if let Some(variadic) = &sig.variadic {
        cx.error_spanned_by(variadic, "`#[cors]` handlers cannot be variadic");
    }
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(receiver) => cx.error_spanned_by(
                receiver,
                "`#[cors]` goes on a free `async fn`, not a method; move the handler out of the `impl` block",
            ),
            FnArg::Typed(arg) if contains_impl_trait(&arg.ty) => cx.error_spanned_by(
                &arg.ty,
                "`#[cors]` handlers cannot take `impl Trait` arguments; name the extractor type",
            ),
            FnArg::Typed(_) => {}
        }
    }
    if sig.inputs.len() > 16 {
        cx.error_spanned_by(&sig.inputs, "axum handlers take at most 16 extractors");
    }
}

fn contains_impl_trait(ty: &syn::Type) -> bool {
    quote::ToTokens::to_token_stream(ty)
        .into_iter()
        .any(|token| matches!(&token, proc_macro2::TokenTree::Ident(ident) if ident == "impl"))
}

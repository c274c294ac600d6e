//! The attribute as written, typed, with the tokens kept for error spans.

use proc_macro2::TokenStream;
use syn::{Ident, LitStr};

/// `#[cors(...)]`: each key at most once.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) origins: Option<Keyed<Value>>,
    pub(crate) methods: Option<Keyed<Value>>,
    pub(crate) credentials: Option<Keyed<bool>>,
    pub(crate) allow_headers: Option<Keyed<Value>>,
    pub(crate) expose_headers: Option<Keyed<Value>>,
    pub(crate) max_age: Option<Keyed<MaxAge>>,
    pub(crate) private_network: Option<Keyed<bool>>,
    /// `#[cors(PARTNERS, ...)]`: the named policy this one extends.
    pub(crate) named: Option<syn::Path>,
    /// Every known key written, even with an unreadable value: a key given
    /// badly is still given (no "missing" error for it, a "twice" error for
    /// a second one).
    pub(crate) given: Vec<Ident>,
    /// Some part of the attribute could not be read at all, or an unknown key
    /// was most likely meant as `origins`: a missing `origins` is not reported
    /// on top.
    pub(crate) origins_maybe_meant: bool,
}

impl Args {
    pub(crate) fn is_given(&self, key: &str) -> bool {
        self.given.iter().any(|given| given == key)
    }
}

/// A key with its value.
pub(crate) struct Keyed<T> {
    pub(crate) key: Ident,
    /// The key's position in the attribute, to report errors in source order.
    pub(crate) index: usize,
    pub(crate) value: T,
}

/// The value of a list key: `"*"`, `"A, B"` or `["a", "b"]`; for `origins`
/// also `env("NAME")` or `dynamic(path::to::check)`.
pub(crate) enum Value {
    /// `"*"` on its own.
    Wildcard(LitStr),
    /// `env("NAME")`: read when the router is built.
    Env(LitStr),
    /// `dynamic(check)`: an async function decides per request.
    Dynamic(syn::Path),
    List {
        /// The whole value, for errors about the list itself (an empty one).
        tokens: TokenStream,
        entries: Vec<Entry>,
    },
}

/// One entry of a list (a comma string's entries trimmed, sharing its literal).
pub(crate) struct Entry {
    pub(crate) text: String,
    pub(crate) lit: LitStr,
}

/// `max_age = ...`, before its range is checked.
pub(crate) enum MaxAge {
    Digits { digits: String, tokens: TokenStream },
    Negative(TokenStream),
    /// `max_age = "600"`.
    Quoted(LitStr),
    NotAnInteger(TokenStream),
}

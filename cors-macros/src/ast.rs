//! The keys as written, typed, with the tokens kept for error spans. Each
//! value has the type its key allows: `env(...)` and `dynamic(...)` exist
//! only as values of `origins`.

use proc_macro2::TokenStream;
use syn::{Ident, LitStr};

use crate::symbol::Key;

/// The keys of one `#[cors(...)]`, `cors_policy!` or `cors_layer!`: each at
/// most once.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) origins: Option<Keyed<Origins>>,
    pub(crate) methods: Option<Keyed<List>>,
    pub(crate) credentials: Option<Keyed<bool>>,
    pub(crate) allow_headers: Option<Keyed<List>>,
    pub(crate) expose_headers: Option<Keyed<List>>,
    pub(crate) max_age: Option<Keyed<MaxAge>>,
    pub(crate) private_network: Option<Keyed<bool>>,
    pub(crate) preflight_status: Option<Keyed<PreflightStatus>>,
    pub(crate) block_refused: Option<Keyed<bool>>,
    /// `#[cors(disabled)]`: a bare word, no value.
    pub(crate) disabled: Option<Keyed<()>>,
    /// Every known key written, even with an unreadable value: a key given
    /// badly is still given (no "missing" error for it, a "twice" error for
    /// a second one).
    pub(crate) given: Vec<Ident>,
    /// Some part of the keys could not be read at all, an unknown key was
    /// most likely meant as `origins`, or a misplaced named policy likely
    /// carries them: a missing `origins` is not reported on top.
    pub(crate) origins_maybe_meant: bool,
}

impl Args {
    pub(crate) fn is_given(&self, key: Key) -> bool {
        self.given.iter().any(|given| *given == key)
    }
}

/// A key with its value.
pub(crate) struct Keyed<T> {
    pub(crate) key: Ident,
    /// The key's position among the keys, to report errors in source order.
    pub(crate) index: usize,
    pub(crate) value: T,
}

/// `origins = ...`
pub(crate) enum Origins {
    List(List),
    /// `env("NAME")`: read when the router is built.
    Env(LitStr),
    /// `dynamic(check)`: an async function decides per request.
    Dynamic {
        /// The whole `dynamic(...)`, for errors about it.
        call: TokenStream,
        check: syn::Path,
    },
}

/// The value of a list key: `"*"`, `"A, B"` or `["a", "b"]`.
pub(crate) enum List {
    /// `"*"` on its own.
    Wildcard(LitStr),
    Entries {
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
    Digits {
        digits: String,
        tokens: TokenStream,
    },
    Negative(TokenStream),
    /// `max_age = "600"`.
    Quoted(LitStr),
    NotAnInteger(TokenStream),
}

/// `preflight_status = 204 | 200`.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum PreflightStatus {
    NoContent,
    /// 200, for old browsers that treat 204 as a failure.
    Ok,
}

//! Collects every error of one attribute so they are reported together
//! (as serde_derive's `internals/ctxt.rs` does), in the order of the keys
//! they belong to rather than the order the checks run in.

use std::fmt::Display;

use proc_macro2::Span;

#[derive(Default)]
pub(crate) struct Ctxt {
    errors: Vec<(usize, syn::Error)>,
    position: usize,
}

impl Ctxt {
    /// Files the errors that follow under the key at `position` (its index in
    /// the attribute), so a later check on an earlier key still comes first.
    pub(crate) fn at(&mut self, position: usize) {
        self.position = position;
    }

    pub(crate) fn error(&mut self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    pub(crate) fn error_spanned_by(&mut self, tokens: impl quote::ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    pub(crate) fn push(&mut self, error: syn::Error) {
        self.errors.push((self.position, error));
    }

    pub(crate) fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub(crate) fn check(mut self) -> Result<(), syn::Error> {
        // Stable: errors of one key keep the order of its entries.
        self.errors.sort_by_key(|(position, _)| *position);
        let mut errors = self.errors.into_iter().map(|(_, error)| error);
        let Some(mut all) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            all.combine(error);
        }
        Err(all)
    }
}

//! Collects every error of one attribute so they are reported together
//! (as serde_derive's `internals/ctxt.rs` does).

use std::fmt::Display;

use proc_macro2::Span;

#[derive(Default)]
pub(crate) struct Ctxt {
    errors: Option<syn::Error>,
}

impl Ctxt {
    pub(crate) fn error(&mut self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    pub(crate) fn error_spanned_by(&mut self, tokens: impl quote::ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.errors {
            Some(errors) => errors.combine(error),
            None => self.errors = Some(error),
        }
    }

    pub(crate) fn check(self) -> Result<(), syn::Error> {
        self.errors.map_or(Ok(()), Err)
    }
}

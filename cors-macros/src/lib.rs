//! The `#[cors(...)]` attribute. Use it through `cors-runtime`, which
//! re-exports it; the generated code names everything through
//! `::cors_runtime::__private`.
//!
//! `try_expand` is parse, validate, expand: [`attr`] reads the attribute into
//! the typed [`ast`], [`valid`] applies the rules of SPEC §2 and collects every
//! error, and [`expand`] writes the handler type and its static policy.

mod ast;
mod attr;
mod ctxt;
mod expand;
mod named;
mod suggest;
mod valid;

use proc_macro::TokenStream;

/// Declares the CORS policy of an axum handler. See the `cors-runtime` README.
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

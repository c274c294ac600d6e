//! The `#[cors(...)]` attribute. Use it through `cors-runtime`, which
//! re-exports it; the generated code names everything through
//! `::cors_runtime::__private`.
//!
//! Each macro is parse, validate, expand: [`attr`] reads the keys into the
//! typed [`ast`] (key names in [`symbol`]), [`valid`] applies the rules of
//! SPEC §2, §7 and §8 and collects every error, [`use_site`] combines a named
//! policy ([`named`]) with the keys written where it is used, and [`expand`]
//! (a handler) or [`layer`] (`cors_layer!`) writes the static policy
//! ([`policy_literal`]) and the code around it.

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

/// One policy for a whole router or service, checked like `#[cors]`:
/// `.layer(cors_layer!(origins = ["https://app.example"], credentials))`,
/// `.layer(cors_layer!(PARTNERS))` or `.layer(cors_layer!(PARTNERS, max_age = 60))`.
/// `methods` left out means `GET,HEAD,PUT,PATCH,POST,DELETE`.
#[proc_macro]
pub fn cors_layer(input: TokenStream) -> TokenStream {
    layer::expand(input.into()).into()
}

//! The `#[cors]`, `cors_policy!` and `cors_layer!` front ends on arbitrary token streams:
//! errors are fine, panics are not. cors-macros is a proc-macro crate, which
//! cannot be linked, so its modules are compiled here from their own files
//! (everything but `lib.rs`, the only one that touches `proc_macro`).
#![no_main]
#![allow(dead_code, unused_imports)]

use std::str::FromStr;

use libfuzzer_sys::fuzz_target;
use proc_macro2::TokenStream;

#[path = "../../cors-macros/src/ast.rs"]
mod ast;
#[path = "../../cors-macros/src/attr.rs"]
mod attr;
#[path = "../../cors-macros/src/ctxt.rs"]
mod ctxt;
#[path = "../../cors-macros/src/expand.rs"]
mod expand;
#[path = "../../cors-macros/src/layer.rs"]
mod layer;
#[path = "../../cors-macros/src/named.rs"]
mod named;
#[path = "../../cors-macros/src/policy_literal.rs"]
mod policy_literal;
#[path = "../../cors-macros/src/site.rs"]
mod site;
#[path = "../../cors-macros/src/suggest.rs"]
mod suggest;
#[path = "../../cors-macros/src/symbol.rs"]
mod symbol;
#[path = "../../cors-macros/src/use_site.rs"]
mod use_site;
#[path = "../../cors-macros/src/valid.rs"]
mod valid;

/// Items the attribute may sit on: a handler, a non-async fn, a struct.
const ITEMS: [&str; 4] = [
    "async fn handler() -> &'static str { \"x\" }",
    "async fn handler(axum::extract::State(s): axum::extract::State<u8>, body: String) -> String { body }",
    "fn not_async() {}",
    "struct NotAFunction;",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // Only what a compiler could hand the macro: valid Rust tokens.
    let Ok(tokens) = TokenStream::from_str(text) else { return };
    match selector % 4 {
        0 | 1 => {
            let item = TokenStream::from_str(ITEMS[usize::from(selector / 4) % ITEMS.len()]).unwrap();
            let _ = expand::try_expand(tokens, item);
        }
        2 => {
            let _ = named::expand_definition(tokens);
        }
        _ => {
            let _ = layer::expand(tokens);
        }
    }
});

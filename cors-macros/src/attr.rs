//! Parsing `#[cors(...)]` into [`Args`]. Errors are collected, not returned:
//! one bad key must not hide the others, so each comma-separated part of the
//! attribute is read on its own and a syntax error in one leaves the rest
//! checked.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Expr, ExprLit, Lit, Meta, UnOp};

use crate::ast::{Args, Entry, Keyed, MaxAge, Value};
use crate::ctxt::Ctxt;
use crate::suggest::{closest_key, KEY_LIST};

pub(crate) fn parse(tokens: TokenStream, cx: &mut Ctxt) -> Args {
    let mut args = Args::default();
    for (index, part) in split_at_commas(tokens).into_iter().enumerate() {
        cx.at(index);
        match part {
            Part::Empty(comma) => cx.error(comma, "extra `,`: remove it"),
            Part::Tokens(tokens) => match parse_key.parse2(tokens) {
                Ok(meta) => parse_meta(meta, index, &mut args, cx),
                Err(error) => {
                    args.origins_maybe_meant = true;
                    cx.push(error);
                }
            },
        }
    }
    args
}

enum Part {
    Tokens(TokenStream),
    /// Nothing between two commas (or before the first): the comma's span.
    Empty(Span),
}

/// Splits the attribute at its top-level commas (those of lists sit inside a
/// bracket group). A trailing comma is fine.
fn split_at_commas(tokens: TokenStream) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut current = Vec::new();
    for token in tokens {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == ',' => {
                if current.is_empty() {
                    parts.push(Part::Empty(punct.span()));
                } else {
                    parts.push(Part::Tokens(current.drain(..).collect()));
                }
            }
            _ => current.push(token),
        }
    }
    if !current.is_empty() {
        parts.push(Part::Tokens(current.into_iter().collect()));
    }
    parts
}

/// One `key = value` or `key`, and nothing after it.
fn parse_key(input: ParseStream) -> syn::Result<Meta> {
    let meta: Meta = input.parse()?;
    if !input.is_empty() {
        let message = match &meta {
            Meta::NameValue(name_value) => format!(
                "unexpected token after the value of `{}`; separate keys with `,`, as in \
                 `origins = \"*\", max_age = 600`",
                name_value.path.to_token_stream()
            ),
            _ => "unexpected token; separate keys with `,`, as in `origins = \"*\", max_age = 600`".to_owned(),
        };
        return Err(input.error(message));
    }
    Ok(meta)
}

fn parse_meta(meta: Meta, index: usize, args: &mut Args, cx: &mut Ctxt) {
    if let Meta::Path(path) = &meta {
        if crate::named::is_policy_name(path) {
            if index == 0 {
                args.named = Some(path.clone());
            } else {
                cx.error_spanned_by(path, "a named policy comes first, as in `#[cors(PARTNERS, max_age = 60)]`");
            }
            return;
        }
    }
    let Some(key) = meta.path().get_ident().cloned() else {
        cx.error_spanned_by(
            meta.path(),
            format!("expected a key ({KEY_LIST}), not a path; a named policy comes first, as in `#[cors(PARTNERS, max_age = 60)]`"),
        );
        return;
    };
    let name = key.to_string();
    if crate::suggest::KEYS.contains(&name.as_str()) {
        if args.is_given(&name) {
            cx.error(key.span(), format!("`{name}` is given twice; keep one"));
            return;
        }
        args.given.push(key.clone());
    }
    let value = match &meta {
        Meta::NameValue(name_value) => Some(&name_value.value),
        Meta::Path(_) => None,
        Meta::List(list) => {
            cx.error_spanned_by(list, format!("write `{name} = ...`, not `{name}(...)`"));
            return;
        }
    };
    match (name.as_str(), value) {
        ("origins", Some(value)) => set(&mut args.origins, key, index, origins_value(value, cx)),
        ("methods", Some(value)) => set(&mut args.methods, key, index, list_value(value, "methods", cx)),
        ("allow_headers", Some(value)) => {
            set(&mut args.allow_headers, key, index, list_value(value, "allow_headers", cx))
        }
        ("expose_headers", Some(value)) => {
            set(&mut args.expose_headers, key, index, list_value(value, "expose_headers", cx))
        }
        ("max_age", Some(value)) => set(&mut args.max_age, key, index, Some(max_age(value))),
        ("credentials", value) => set(&mut args.credentials, key, index, flag("credentials", value, cx)),
        ("private_network", value) => {
            set(&mut args.private_network, key, index, flag("private_network", value, cx))
        }
        ("origins" | "methods" | "allow_headers" | "expose_headers" | "max_age", None) => {
            cx.error(key.span(), format!("`{name}` needs a value; write {}", example(&name)))
        }
        _ => {
            let suggestion = closest_key(&name);
            if suggestion == Some("origins") {
                args.origins_maybe_meant = true;
            }
            let hint = match suggestion {
                Some(known) => format!("; did you mean `{known}`?"),
                None => String::new(),
            };
            cx.error(
                key.span(),
                format!("unknown key `{name}`{hint} (known keys: {KEY_LIST})"),
            )
        }
    }
}

/// `key`, or `key = true|false`.
fn flag(key: &str, value: Option<&Expr>, cx: &mut Ctxt) -> Option<bool> {
    match value {
        None => Some(true),
        Some(Expr::Lit(ExprLit { lit: Lit::Bool(flag), .. })) => Some(flag.value),
        Some(other) => {
            cx.error_spanned_by(other, format!("`{key}` is a flag: write `{key}` or `{key} = true`"));
            None
        }
    }
}

/// `origins` also takes `env("NAME")` and `dynamic(path::to::check)`.
fn origins_value(value: &Expr, cx: &mut Ctxt) -> Option<Value> {
    let Expr::Call(call) = value else {
        return list_value(value, "origins", cx);
    };
    let function = match &*call.func {
        Expr::Path(path) if path.path.is_ident("env") => "env",
        Expr::Path(path) if path.path.is_ident("dynamic") => "dynamic",
        other => {
            cx.error_spanned_by(
                other,
                "`origins` takes a list, `\"*\"`, `env(\"VARIABLE\")` or `dynamic(path::to::check)`",
            );
            return None;
        }
    };
    let argument = match (call.args.len(), call.args.first()) {
        (1, Some(argument)) => argument,
        _ => {
            let example = if function == "env" { "env(\"CORS_ORIGINS\")" } else { "dynamic(path::to::check)" };
            cx.error_spanned_by(call, format!("`{function}` takes one argument, as in `{example}`"));
            return None;
        }
    };
    match (function, argument) {
        ("env", Expr::Lit(ExprLit { lit: Lit::Str(name), .. })) => Some(Value::Env(name.clone())),
        ("env", other) => {
            cx.error_spanned_by(other, "`env` takes the variable's name as a string, as in `env(\"CORS_ORIGINS\")`");
            None
        }
        (_, Expr::Path(path)) if path.qself.is_none() => Some(Value::Dynamic(path.path.clone())),
        (_, other) => {
            cx.error_spanned_by(
                other,
                "`dynamic` takes the path of an `async fn(origin: &str, parts: &Parts, state: &S) -> bool`",
            );
            None
        }
    }
}

fn example(key: &str) -> &'static str {
    match key {
        "origins" => "`origins = [\"https://app.example.com\"]` or `origins = \"*\"`",
        "methods" => "`methods = \"GET,PUT\"` or `methods = [\"GET\", \"PUT\"]`",
        "allow_headers" => "`allow_headers = [\"content-type\"]`",
        "expose_headers" => "`expose_headers = [\"x-total\"]`",
        _ => "`max_age = 600`",
    }
}

/// Records a key's value. `value` is `None` when it was already reported as
/// malformed; the key still counts as given (see [`Args::given`]).
fn set<T>(slot: &mut Option<Keyed<T>>, key: syn::Ident, index: usize, value: Option<T>) {
    if let Some(value) = value {
        *slot = Some(Keyed { key, index, value });
    }
}

fn list_value(value: &Expr, key: &str, cx: &mut Ctxt) -> Option<Value> {
    match value {
        Expr::Lit(ExprLit { lit: Lit::Str(lit), .. }) => {
            let text = lit.value();
            if text.trim() == "*" {
                return Some(Value::Wildcard(lit.clone()));
            }
            if text.trim().is_empty() {
                // Reported as an empty list, with the key's own advice.
                return Some(Value::List { tokens: value.to_token_stream(), entries: Vec::new() });
            }
            match cors_rules::split_comma_list(&text) {
                Ok(entries) => Some(Value::List {
                    tokens: value.to_token_stream(),
                    entries: entries
                        .into_iter()
                        .map(|text| Entry { text: text.to_owned(), lit: lit.clone() })
                        .collect(),
                }),
                Err(error) => {
                    cx.error(lit.span(), format!("`{key}`: {error}"));
                    None
                }
            }
        }
        Expr::Array(array) => {
            let mut entries = Vec::new();
            for element in &array.elems {
                match element {
                    Expr::Lit(ExprLit { lit: Lit::Str(lit), .. }) => {
                        entries.push(Entry { text: lit.value(), lit: lit.clone() })
                    }
                    other => cx.error_spanned_by(
                        other,
                        format!("each entry of `{key}` must be a string literal, in quotes; write {}", example(key)),
                    ),
                }
            }
            Some(Value::List { tokens: value.to_token_stream(), entries })
        }
        other => {
            cx.error_spanned_by(other, format!("`{key}` takes a string or a list of strings; write {}", example(key)));
            None
        }
    }
}

fn max_age(value: &Expr) -> MaxAge {
    let tokens = value.to_token_stream();
    match value {
        Expr::Lit(ExprLit { lit: Lit::Int(int), .. }) => {
            MaxAge::Digits { digits: int.base10_digits().to_owned(), tokens }
        }
        Expr::Unary(unary) if matches!(unary.op, UnOp::Neg(_)) => MaxAge::Negative(tokens),
        Expr::Lit(ExprLit { lit: Lit::Str(lit), .. }) => MaxAge::Quoted(lit.clone()),
        _ => MaxAge::NotAnInteger(tokens),
    }
}

//! Parsing `#[cors(...)]` into [`Args`]. Errors are collected, not returned:
//! one bad key must not hide the others.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Lit, Meta, Token, UnOp};

use crate::ast::{Args, Entry, Keyed, MaxAge, Value};
use crate::ctxt::Ctxt;
use crate::suggest::closest_key;

pub(crate) fn parse(tokens: TokenStream, cx: &mut Ctxt) -> Args {
    let mut args = Args::default();
    let metas = match Punctuated::<Meta, Token![,]>::parse_terminated.parse2(tokens) {
        Ok(metas) => metas,
        Err(error) => {
            cx.push(error);
            return args;
        }
    };
    for meta in metas {
        parse_meta(meta, &mut args, cx);
    }
    args
}

fn parse_meta(meta: Meta, args: &mut Args, cx: &mut Ctxt) {
    let Some(key) = meta.path().get_ident().cloned() else {
        cx.error_spanned_by(meta.path(), "expected a key such as `origins`");
        return;
    };
    let name = key.to_string();
    let value = match &meta {
        Meta::NameValue(name_value) => Some(&name_value.value),
        Meta::Path(_) => None,
        Meta::List(list) => {
            cx.error_spanned_by(list, format!("write `{name} = ...`, not `{name}(...)`"));
            return;
        }
    };
    match (name.as_str(), value) {
        ("origins", Some(value)) => set(&mut args.origins, key, list_value(value, "origins", cx), cx),
        ("methods", Some(value)) => set(&mut args.methods, key, list_value(value, "methods", cx), cx),
        ("allow_headers", Some(value)) => {
            set(&mut args.allow_headers, key, list_value(value, "allow_headers", cx), cx)
        }
        ("expose_headers", Some(value)) => {
            set(&mut args.expose_headers, key, list_value(value, "expose_headers", cx), cx)
        }
        ("max_age", Some(value)) => set(&mut args.max_age, key, Some(max_age(value)), cx),
        ("credentials", None) => set(&mut args.credentials, key, Some(true), cx),
        ("credentials", Some(value)) => {
            let flag = match value {
                Expr::Lit(ExprLit { lit: Lit::Bool(flag), .. }) => Some(flag.value),
                other => {
                    cx.error_spanned_by(other, "`credentials` is a flag: write `credentials` or `credentials = true`");
                    None
                }
            };
            set(&mut args.credentials, key, flag, cx)
        }
        ("origins" | "methods" | "allow_headers" | "expose_headers" | "max_age", None) => {
            cx.error(key.span(), format!("`{name}` needs a value: {}", example(&name)))
        }
        _ => {
            let hint = match closest_key(&name) {
                Some(known) => format!("; did you mean `{known}`?"),
                None => String::new(),
            };
            cx.error(
                key.span(),
                format!(
                    "unknown key `{name}`{hint} (known keys: origins, methods, credentials, \
                     allow_headers, expose_headers, max_age)"
                ),
            )
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

/// Records a key, refusing a second one. `value` is `None` when the value was
/// already reported as malformed: the key still counts as given.
fn set<T>(slot: &mut Option<Keyed<T>>, key: syn::Ident, value: Option<T>, cx: &mut Ctxt) {
    if let Some(first) = slot {
        cx.error(key.span(), format!("`{}` is given twice; keep one", first.key));
        return;
    }
    if let Some(value) = value {
        *slot = Some(Keyed { key, value });
    }
}

fn list_value(value: &Expr, key: &str, cx: &mut Ctxt) -> Option<Value> {
    match value {
        Expr::Lit(ExprLit { lit: Lit::Str(lit), .. }) => {
            let text = lit.value();
            if text.trim() == "*" {
                return Some(Value::Wildcard(lit.clone()));
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
                        format!("each entry of `{key}` is a string literal, such as {}", example(key)),
                    ),
                }
            }
            Some(Value::List { tokens: value.to_token_stream(), entries })
        }
        other => {
            cx.error_spanned_by(other, format!("`{key}` takes a string or a list of strings: {}", example(key)));
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
        _ => MaxAge::NotAnInteger(tokens),
    }
}

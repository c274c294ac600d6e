//! Parsing the keys of `#[cors(...)]`, `cors_policy!` and `cors_layer!` into
//! [`Args`]. Errors are collected, not returned: one bad key must not hide
//! the others, so each comma-separated part is read on its own and a syntax
//! error in one leaves the rest checked.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Expr, ExprLit, Ident, Lit, Meta, Path, UnOp};

use crate::ast::{Args, Entry, Keyed, List, MaxAge, Origins, PreflightStatus};
use crate::ctxt::Ctxt;
use crate::site::Site;
use crate::suggest::closest_key;
use crate::symbol::{Key, DYNAMIC, ENV};

/// Reads the keys written at `site`. `extends` is the named policy they
/// extend, if any (it was split off before).
pub(crate) fn parse(
    tokens: TokenStream,
    site: Site,
    extends: Option<&Path>,
    cx: &mut Ctxt,
) -> Args {
    let mut args = Args::default();
    for (index, part) in split_at_commas(tokens).into_iter().enumerate() {
        cx.at(index);
        match part {
            Part::Empty(comma) => cx.error(comma, "extra `,`: remove it"),
            Part::Tokens(tokens) => match parse_key.parse2(tokens) {
                Ok(meta) => parse_meta(meta, index, site, extends, &mut args, cx),
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
            _ => "unexpected token; separate keys with `,`, as in `origins = \"*\", max_age = 600`"
                .to_owned(),
        };
        return Err(input.error(message));
    }
    Ok(meta)
}

fn parse_meta(
    meta: Meta,
    index: usize,
    site: Site,
    extends: Option<&Path>,
    args: &mut Args,
    cx: &mut Ctxt,
) {
    if let Meta::Path(path) = &meta {
        if is_policy_name(path) {
            // It most likely carries the origins.
            args.origins_maybe_meant = true;
            refuse_policy_name(path, site, extends, cx);
            return;
        }
    }
    let Some(ident) = meta.path().get_ident().cloned() else {
        cx.error_spanned_by(
            meta.path(),
            format!(
                "expected a key ({}), not a path; a named policy comes first, as in {}",
                Key::list(),
                site.named_example()
            ),
        );
        return;
    };
    let Some(key) = Key::of(&ident) else {
        unknown_key(&ident, args, cx);
        return;
    };
    if args.is_given(key) {
        cx.error(ident.span(), format!("`{key}` is given twice; keep one"));
        return;
    }
    args.given.push(ident.clone());
    let value = match &meta {
        Meta::NameValue(name_value) => Some(&name_value.value),
        Meta::Path(_) => None,
        Meta::List(list) => {
            cx.error_spanned_by(list, format!("write `{key} = ...`, not `{key}(...)`"));
            return;
        }
    };
    match (key, value) {
        (Key::Origins, Some(value)) => set(&mut args.origins, ident, index, origins_value(value, cx)),
        (Key::Methods, Some(value)) => set(&mut args.methods, ident, index, list_value(value, key, cx)),
        (Key::AllowHeaders, Some(value)) => set(&mut args.allow_headers, ident, index, list_value(value, key, cx)),
        (Key::ExposeHeaders, Some(value)) => set(&mut args.expose_headers, ident, index, list_value(value, key, cx)),
        (Key::MaxAge, Some(value)) => set(&mut args.max_age, ident, index, Some(max_age(value))),
        (Key::PreflightStatus, Some(value)) => {
            set(&mut args.preflight_status, ident, index, preflight_status(value, cx))
        }
        (
            Key::Origins | Key::Methods | Key::AllowHeaders | Key::ExposeHeaders | Key::MaxAge | Key::PreflightStatus,
            None,
        ) => cx.error(ident.span(), format!("`{key}` needs a value; write {}", example(key))),
        (Key::Credentials, value) => set(&mut args.credentials, ident, index, flag(key, value, cx)),
        (Key::PrivateNetwork, value) => set(&mut args.private_network, ident, index, flag(key, value, cx)),
        (Key::BlockRefused, value) => set(&mut args.block_refused, ident, index, flag(key, value, cx)),
        (Key::Disabled, None) => set(&mut args.disabled, ident, index, Some(())),
        (Key::Disabled, Some(value)) => cx.error_spanned_by(
            value,
            "`disabled` takes no value: write `#[cors(disabled)]` for a route without CORS, or remove it",
        ),
    }
}

/// A named policy where none can stand: after other keys, after another
/// named policy, or in a `cors_policy!` definition.
fn refuse_policy_name(path: &Path, site: Site, extends: Option<&Path>, cx: &mut Ctxt) {
    let name = path_text(path);
    let message = match (site, extends) {
        (Site::Policy, _) => format!(
            "a named policy cannot extend another: copy the keys of `{name}` you need into this one"
        ),
        (_, Some(first)) => format!(
            "one named policy at a time: this already starts from `{}`; copy the keys of `{name}` you need here",
            path_text(first)
        ),
        (_, None) => format!("a named policy comes first, as in {}", site.named_example()),
    };
    cx.error_spanned_by(path, message);
}

fn unknown_key(key: &Ident, args: &mut Args, cx: &mut Ctxt) {
    let name = key.to_string();
    let suggestion = closest_key(&name);
    if suggestion == Some(Key::Origins) {
        args.origins_maybe_meant = true;
    }
    let hint = match suggestion {
        Some(known) => format!("; did you mean `{known}`?"),
        None => String::new(),
    };
    cx.error(
        key.span(),
        format!("unknown key `{name}`{hint} (known keys: {})", Key::list()),
    )
}

/// `PARTNERS` or `policies::PARTNERS`: a path whose last segment is upper case.
pub(crate) fn is_policy_name(path: &Path) -> bool {
    path.segments.last().is_some_and(|segment| {
        let name = segment.ident.to_string();
        segment.arguments.is_none()
            && name.chars().any(|c| c.is_ascii_uppercase())
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    })
}

/// A path as messages quote it: `policies::PARTNERS`.
pub(crate) fn path_text(path: &Path) -> String {
    path.to_token_stream().to_string().replace(' ', "")
}

/// `preflight_status = 204 | 200`.
fn preflight_status(value: &Expr, cx: &mut Ctxt) -> Option<PreflightStatus> {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Int(int), ..
        }) if int.base10_digits() == "204" => Some(PreflightStatus::NoContent),
        Expr::Lit(ExprLit {
            lit: Lit::Int(int), ..
        }) if int.base10_digits() == "200" => Some(PreflightStatus::Ok),
        other => {
            cx.error_spanned_by(
                other,
                "`preflight_status` is 204 (default) or 200, the status some old browsers need",
            );
            None
        }
    }
}

/// `key`, or `key = true|false`.
fn flag(key: Key, value: Option<&Expr>, cx: &mut Ctxt) -> Option<bool> {
    match value {
        None => Some(true),
        Some(Expr::Lit(ExprLit {
            lit: Lit::Bool(flag),
            ..
        })) => Some(flag.value),
        Some(other) => {
            cx.error_spanned_by(
                other,
                format!("`{key}` is a flag: write `{key}` or `{key} = true`"),
            );
            None
        }
    }
}

/// `origins` also takes `env("NAME")` and `dynamic(path::to::check)`.
fn origins_value(value: &Expr, cx: &mut Ctxt) -> Option<Origins> {
    let Expr::Call(call) = value else {
        return list_value(value, Key::Origins, cx).map(Origins::List);
    };
    let function = match &*call.func {
        Expr::Path(path) if path.path.is_ident(ENV) => ENV,
        Expr::Path(path) if path.path.is_ident(DYNAMIC) => DYNAMIC,
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
            let example = if function == ENV {
                "env(\"CORS_ORIGINS\")"
            } else {
                "dynamic(path::to::check)"
            };
            cx.error_spanned_by(
                call,
                format!("`{function}` takes one argument, as in `{example}`"),
            );
            return None;
        }
    };
    match argument {
        Expr::Lit(ExprLit {
            lit: Lit::Str(name),
            ..
        }) if function == ENV => Some(Origins::Env(name.clone())),
        other if function == ENV => {
            cx.error_spanned_by(
                other,
                "`env` takes the variable's name as a string, as in `env(\"CORS_ORIGINS\")`",
            );
            None
        }
        Expr::Path(path) if path.qself.is_none() => Some(Origins::Dynamic {
            call: call.to_token_stream(),
            check: path.path.clone(),
        }),
        other => {
            cx.error_spanned_by(
                other,
                "`dynamic` takes the path of an `async fn(origin: &str, parts: &Parts, state: &S) -> bool`",
            );
            None
        }
    }
}

/// How to write a key that needs a value.
fn example(key: Key) -> &'static str {
    match key {
        Key::Origins => "`origins = [\"https://app.example.com\"]` or `origins = \"*\"`",
        Key::Methods => "`methods = \"GET,PUT\"` or `methods = [\"GET\", \"PUT\"]`",
        Key::AllowHeaders => "`allow_headers = [\"content-type\"]`",
        Key::ExposeHeaders => "`expose_headers = [\"x-total\"]`",
        Key::MaxAge => "`max_age = 600`",
        Key::PreflightStatus => "`preflight_status = 200`",
        Key::Credentials | Key::PrivateNetwork | Key::BlockRefused | Key::Disabled => {
            "the key alone"
        }
    }
}

/// Records a key's value. `value` is `None` when it was already reported as
/// malformed; the key still counts as given (see [`Args::given`]).
fn set<T>(slot: &mut Option<Keyed<T>>, key: Ident, index: usize, value: Option<T>) {
    if let Some(value) = value {
        *slot = Some(Keyed { key, index, value });
    }
}

fn list_value(value: &Expr, key: Key, cx: &mut Ctxt) -> Option<List> {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => {
            let text = lit.value();
            if text.trim() == "*" {
                return Some(List::Wildcard(lit.clone()));
            }
            if text.trim().is_empty() {
                // Reported as an empty list, with the key's own advice.
                return Some(List::Entries {
                    tokens: value.to_token_stream(),
                    entries: Vec::new(),
                });
            }
            match cors_rules::split_comma_list(&text) {
                Ok(entries) => Some(List::Entries {
                    tokens: value.to_token_stream(),
                    entries: entries
                        .into_iter()
                        .map(|text| Entry {
                            text: text.to_owned(),
                            lit: lit.clone(),
                        })
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
                    Expr::Lit(ExprLit {
                        lit: Lit::Str(lit), ..
                    }) => entries.push(Entry {
                        text: lit.value(),
                        lit: lit.clone(),
                    }),
                    other => cx.error_spanned_by(
                        other,
                        format!(
                            "each entry of `{key}` must be a string literal, in quotes; write {}",
                            example(key)
                        ),
                    ),
                }
            }
            Some(List::Entries {
                tokens: value.to_token_stream(),
                entries,
            })
        }
        other => {
            cx.error_spanned_by(
                other,
                format!(
                    "`{key}` takes a string or a list of strings; write {}",
                    example(key)
                ),
            );
            None
        }
    }
}

fn max_age(value: &Expr) -> MaxAge {
    let tokens = value.to_token_stream();
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Int(int), ..
        }) => MaxAge::Digits {
            digits: int.base10_digits().to_owned(),
            tokens,
        },
        Expr::Unary(unary) if matches!(unary.op, UnOp::Neg(_)) => MaxAge::Negative(tokens),
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => MaxAge::Quoted(lit.clone()),
        _ => MaxAge::NotAnInteger(tokens),
    }
}

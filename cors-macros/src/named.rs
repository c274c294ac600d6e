//! Named policies: `cors_policy!(pub(crate) PARTNERS, origins = [...], ...)`
//! defines a policy once, checked where it is written, and `#[cors(PARTNERS,
//! max_age = 60)]` uses and extends it.
//!
//! How the two meet: the definition expands to a `macro_rules!` carrying its
//! tokens. `#[cors(PARTNERS, rest)]` expands to `PARTNERS! { (PARTNERS) { rest }
//! item }`, which re-applies `#[cors(@policy (PARTNERS) { definition } { rest })]`;
//! `cors_layer!(PARTNERS, rest)` likewise goes through `PARTNERS! { @layer
//! (PARTNERS) { rest } }` to `cors_layer!(@policy ...)`. So the macro sees
//! both sets of tokens with their own spans, and an error in the combination
//! points at both places.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Ident, Path, Token, Visibility};

use crate::ast::{Args, Entry, Keyed, List, Origins};
use crate::attr::{self, is_policy_name, path_text};
use crate::ctxt::Ctxt;
use crate::site::Site;
use crate::valid;

/// Splits `PARTNERS, rest...` into the policy's path and the rest.
pub(crate) fn split_named(args: &TokenStream) -> Option<(Path, TokenStream)> {
    let mut tokens = args.clone().into_iter().peekable();
    let mut head = Vec::new();
    for token in tokens.by_ref() {
        if matches!(&token, TokenTree::Punct(p) if p.as_char() == ',') {
            break;
        }
        head.push(token);
    }
    let path: Path = syn::parse2(head.into_iter().collect()).ok()?;
    is_policy_name(&path).then(|| (path, tokens.collect()))
}

/// The first stage of `#[cors(PARTNERS, ...)]`: hand the item to the policy's macro.
pub(crate) fn expand_use(path: &Path, rest: TokenStream, item: TokenStream) -> TokenStream {
    quote!(#path! { (#path) { #rest } #item })
}

/// The first stage of `cors_layer!(PARTNERS, ...)`.
pub(crate) fn expand_layer_use(path: &Path, rest: TokenStream) -> TokenStream {
    quote!(#path! { @layer (#path) { #rest } })
}

/// The second stage's arguments: `@policy (PATH) { definition } { handler's own }`.
pub(crate) struct PolicyStage {
    pub(crate) path: Path,
    pub(crate) definition: TokenStream,
    pub(crate) own: TokenStream,
}

pub(crate) fn parse_stage(args: &TokenStream) -> Option<PolicyStage> {
    let mut tokens = args.clone().into_iter();
    match tokens.next()? {
        TokenTree::Punct(p) if p.as_char() == '@' => {}
        _ => return None,
    }
    match tokens.next()? {
        TokenTree::Ident(ident) if ident == "policy" => {}
        _ => return None,
    }
    let mut group = |delimiter: Delimiter| match tokens.next()? {
        TokenTree::Group(group) if group.delimiter() == delimiter => Some(group.stream()),
        _ => None,
    };
    let path = syn::parse2(group(Delimiter::Parenthesis)?).ok()?;
    let definition = group(Delimiter::Brace)?;
    let own = group(Delimiter::Brace)?;
    Some(PolicyStage {
        path,
        definition,
        own,
    })
}

/// The use site's keys on top of the named policy's: lists add up, a
/// scalar written here overrides the policy's. A list cannot extend a
/// wildcard, `env(...)` or `dynamic(...)`: reported at both places.
pub(crate) fn merge(stage: &PolicyStage, site: Site, cx: &mut Ctxt) -> Args {
    // The definition's own errors were reported where it is written.
    let mut definition_cx = Ctxt::default();
    let named = attr::parse(
        stage.definition.clone(),
        Site::Policy,
        None,
        &mut definition_cx,
    );
    let own = attr::parse(stage.own.clone(), site, Some(&stage.path), cx);
    let name = path_text(&stage.path);
    if own.disabled.is_some() {
        // `disabled` stands alone; validation reports the use site's other keys.
        cx.at(0);
        cx.error_spanned_by(
            &stage.path,
            format!("`disabled` takes no other key: a disabled route sends no CORS headers; remove `{name}`, or remove `disabled`"),
        );
        return own;
    }
    Args {
        origins: merge_list(named.origins, own.origins, &name, cx),
        methods: merge_list(named.methods, own.methods, &name, cx),
        allow_headers: merge_list(named.allow_headers, own.allow_headers, &name, cx),
        expose_headers: merge_list(named.expose_headers, own.expose_headers, &name, cx),
        credentials: own.credentials.or(named.credentials),
        max_age: own.max_age.or(named.max_age),
        private_network: own.private_network.or(named.private_network),
        preflight_status: own.preflight_status.or(named.preflight_status),
        block_refused: own.block_refused.or(named.block_refused),
        // A named policy cannot be disabled (`cors_policy!` refuses it).
        disabled: None,
        given: named.given.into_iter().chain(own.given).collect(),
        origins_maybe_meant: named.origins_maybe_meant || own.origins_maybe_meant,
    }
}

/// The values of a list key (`origins` holds two more kinds): only
/// entries add up.
trait ListKey: Sized {
    /// The tokens and entries of a written list, or the value as it was.
    fn into_entries(self) -> Result<(TokenStream, Vec<Entry>), Self>;
    fn from_entries(tokens: TokenStream, entries: Vec<Entry>) -> Self;
}

impl ListKey for List {
    fn into_entries(self) -> Result<(TokenStream, Vec<Entry>), Self> {
        match self {
            List::Entries { tokens, entries } => Ok((tokens, entries)),
            wildcard @ List::Wildcard(_) => Err(wildcard),
        }
    }
    fn from_entries(tokens: TokenStream, entries: Vec<Entry>) -> Self {
        List::Entries { tokens, entries }
    }
}

impl ListKey for Origins {
    fn into_entries(self) -> Result<(TokenStream, Vec<Entry>), Self> {
        match self {
            Origins::List(list) => list.into_entries().map_err(Origins::List),
            other => Err(other),
        }
    }
    fn from_entries(tokens: TokenStream, entries: Vec<Entry>) -> Self {
        Origins::List(List::from_entries(tokens, entries))
    }
}

fn merge_list<T: ListKey>(
    named: Option<Keyed<T>>,
    own: Option<Keyed<T>>,
    name: &str,
    cx: &mut Ctxt,
) -> Option<Keyed<T>> {
    match (named, own) {
        (None, own) => own,
        (named, None) => named,
        (Some(named), Some(own)) => match (named.value.into_entries(), own.value.into_entries()) {
            (Ok((named_tokens, mut entries)), Ok((own_tokens, own_entries))) => {
                entries.extend(own_entries);
                Some(Keyed {
                    key: own.key,
                    index: own.index,
                    value: T::from_entries(quote!(#named_tokens #own_tokens), entries),
                })
            }
            _ => {
                let key = &own.key;
                cx.at(own.index);
                cx.error(
                    key.span(),
                    format!(
                        "`{key}` cannot extend policy `{name}`: only lists add up, and one of the two \
                         is `\"*\"`, `env(...)` or `dynamic(...)`; remove `{key}` here or define another policy"
                    ),
                );
                cx.error(
                    named.key.span(),
                    format!("policy `{name}` sets `{key}` here"),
                );
                None
            }
        },
    }
}

/// Whether the named policy is valid on its own (else `cors_policy!` has
/// already reported why, where it is written).
pub(crate) fn definition_is_valid(stage: &PolicyStage) -> bool {
    let mut alone = Ctxt::default();
    let named = attr::parse(stage.definition.clone(), Site::Policy, None, &mut alone);
    refuse_relative_check(&named, &mut alone);
    valid::validate(&named, Site::Policy, &mut alone);
    alone.check().is_ok()
}

/// After validating a combination of a valid policy and the use site's keys:
/// a broken rule comes from the combination, so say so at the policy's name too.
pub(crate) fn note_combination(stage: &PolicyStage, site: Site, cx: &mut Ctxt) {
    let name = path_text(&stage.path);
    let message = match site {
        Site::Layer if stage.own.is_empty() => format!(
            "policy `{name}` breaks the rule reported above when used by `cors_layer!`; \
             use another policy here, or `#[cors({name})]` on the handlers"
        ),
        Site::Layer => format!(
            "this layer's keys combined with policy `{name}` break the rule reported above; \
             change them here or in the policy"
        ),
        Site::Handler | Site::Policy => format!(
            "this handler's keys combined with policy `{name}` break the rule reported above; \
             change them here or in the policy"
        ),
    };
    cx.at(usize::MAX - 1);
    cx.error_spanned_by(&stage.path, message);
}

/// A named policy's tokens are resolved where it is used, not where it is
/// written: a relative `dynamic(check)` path could find another function.
fn refuse_relative_check(parsed: &Args, cx: &mut Ctxt) {
    if let Some(Keyed {
        value: Origins::Dynamic { check, .. },
        ..
    }) = &parsed.origins
    {
        let absolute = check.leading_colon.is_some()
            || check
                .segments
                .first()
                .is_some_and(|segment| segment.ident == "crate");
        if !absolute {
            cx.error_spanned_by(
                check,
                format!(
                    "in a named policy, name the check by its full path, such as `crate::{}`: \
                     the policy is expanded where it is used, where a relative path would find another function",
                    path_text(check)
                ),
            );
        }
    }
}

/// `cors_policy!(#[doc] vis NAME, key = value, ...)`.
struct Definition {
    attrs: Vec<Attribute>,
    vis: Visibility,
    name: Ident,
    args: TokenStream,
}

impl Parse for Definition {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let name = input.parse()?;
        let _: Option<Token![,]> = input.parse()?;
        let args = input.parse()?;
        Ok(Self {
            attrs,
            vis,
            name,
            args,
        })
    }
}

pub(crate) fn expand_definition(input: TokenStream) -> TokenStream {
    let Definition {
        attrs,
        vis,
        name,
        args,
    } = match syn::parse2(input) {
        Ok(definition) => definition,
        Err(error) => return error.to_compile_error(),
    };
    let mut cx = Ctxt::default();
    if !is_policy_name(&Path::from(name.clone())) {
        cx.error(
            name.span(),
            format!(
                "name policies in upper case, such as `{}`",
                name.to_string().to_uppercase()
            ),
        );
    }
    if matches!(vis, Visibility::Public(_)) {
        cx.error_spanned_by(
            &vis,
            "a named policy is a macro and cannot leave its crate: write `pub(crate)` instead of `pub`",
        );
    }
    let parsed = attr::parse(args.clone(), Site::Policy, None, &mut cx);
    refuse_relative_check(&parsed, &mut cx);
    valid::validate(&parsed, Site::Policy, &mut cx);
    let errors = cx.check().err().map(|error| error.to_compile_error());
    let hidden = format_ident!("__cors_policy_{}", name);
    let vis = match vis {
        Visibility::Public(_) => quote!(pub(crate)),
        other => quote!(#other),
    };
    quote! {
        #errors
        #(#attrs)*
        #[allow(unused_macros)]
        macro_rules! #hidden {
            (@layer ($($name:tt)*) { $($own:tt)* }) => {
                ::cors_runtime::cors_layer!(@policy ($($name)*) { #args } { $($own)* })
            };
            (($($name:tt)*) { $($own:tt)* } $($item:tt)*) => {
                #[::cors_runtime::cors(@policy ($($name)*) { #args } { $($own)* })]
                $($item)*
            };
        }
        #[allow(unused_imports)]
        #vis use #hidden as #name;
    }
}

//! Code generation: the handler becomes a unit type named like the function,
//! carrying a `static` policy and implementing `CorsHandler`; the function
//! itself lives on as an associated fn. Plain axum routing is refused with a
//! message pointing to `cors_runtime::routing`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{FnArg, Item, ItemFn, ReturnType};

use crate::ctxt::Ctxt;
use crate::named;
use crate::policy_literal::policy_literal;
use crate::site::Site;
use crate::use_site;
use crate::valid::{self, Model, Origins, Shape};

/// Parse, validate, expand. On errors the user's function is still emitted
/// (with a harmless fallback policy) so IDEs and later errors stay useful.
pub(crate) fn try_expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: ItemFn = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(_) => {
            let error = not_a_function(&input).to_compile_error();
            return quote!(#error #input);
        }
    };

    if let Some((path, rest)) = named::split_named(&args) {
        return named::expand_use(&path, rest, input);
    }
    let mut cx = Ctxt::default();
    let model = use_site::checked_model(args, Site::Handler, &mut cx);
    // The signature comes after the attribute: so do its errors.
    cx.at(usize::MAX);
    let shape = valid::validate_handler(&item, &mut cx);
    match (cx.check(), shape) {
        (Ok(()), _) => expand(&item, &model, Body::Handler),
        (Err(error), Shape::Handler) => {
            let error = error.to_compile_error();
            let fallback = expand(&item, &Model::fallback(), Body::Handler);
            quote!(#error #fallback)
        }
        (Err(error), Shape::StandIn) => {
            let error = error.to_compile_error();
            let stand_in = expand(&item, &Model::fallback(), Body::StandIn);
            quote!(#error #stand_in)
        }
        (Err(error), Shape::AsWritten) => {
            let error = error.to_compile_error();
            quote!(#error #item)
        }
    }
}

/// `#[cors]` on something else than a function: say what it is on, spanned
/// on its keyword and name.
fn not_a_function(input: &TokenStream) -> syn::Error {
    const FIX: &str = "`#[cors]` goes on a free `async fn` handler";
    let Ok(item) = syn::parse2::<Item>(input.clone()) else {
        return syn::Error::new(Span::call_site(), format!("{FIX}; move it onto one"));
    };
    let (what, tokens): (&str, TokenStream) = match &item {
        Item::Struct(item) => ("a struct", pair(&item.struct_token, &item.ident)),
        Item::Enum(item) => ("an enum", pair(&item.enum_token, &item.ident)),
        Item::Union(item) => ("a union", pair(&item.union_token, &item.ident)),
        Item::Trait(item) => ("a trait", pair(&item.trait_token, &item.ident)),
        Item::Impl(item) => {
            let impl_token = item.impl_token;
            let self_ty = &item.self_ty;
            (
                "an `impl` block; put it on each free handler function instead",
                quote!(#impl_token #self_ty),
            )
        }
        Item::Mod(item) => ("a module", pair(&item.mod_token, &item.ident)),
        Item::Const(item) => ("a constant", pair(&item.const_token, &item.ident)),
        Item::Static(item) => ("a static", pair(&item.static_token, &item.ident)),
        Item::Type(item) => ("a type alias", pair(&item.type_token, &item.ident)),
        Item::Use(item) => ("a `use` item", item.use_token.to_token_stream()),
        _ => ("this item", input.clone()),
    };
    syn::Error::new_spanned(tokens, format!("{FIX}, not on {what}"))
}

fn pair(keyword: &impl ToTokens, name: &impl ToTokens) -> TokenStream {
    quote!(#keyword #name)
}

/// What the handler type serves.
#[derive(Clone, Copy, PartialEq)]
enum Body {
    /// The user's function.
    Handler,
    /// Nothing (the function broke a rule, already reported): the type only
    /// exists so that routers naming it raise no further error.
    StandIn,
}

fn expand(item: &ItemFn, model: &Model, body: Body) -> TokenStream {
    let ItemFn {
        attrs,
        vis,
        sig,
        block,
    } = item;
    let name = &sig.ident;
    let name_str = name.to_string();
    let inner = format_ident!("__cors_handler", span = name.span());
    let policy = policy_literal(model);

    let is_doc = |attr: &&syn::Attribute| attr.path().is_ident("doc");
    let is_cfg =
        |attr: &&syn::Attribute| attr.path().is_ident("cfg") || attr.path().is_ident("cfg_attr");
    let docs = attrs.iter().filter(is_doc);
    let cfgs: Vec<_> = attrs.iter().filter(is_cfg).collect();
    // A second `#[cors]` was reported by `validate_handler`; left on the inner
    // fn it would expand inside the `impl`.
    let fn_attrs = attrs
        .iter()
        .filter(|a| !is_doc(a) && !is_cfg(a) && !valid::is_cors_attr(a));

    let arg_types: Vec<&syn::Type> = sig
        .inputs
        .iter()
        .filter_map(|arg| match arg {
            FnArg::Typed(pat) => Some(&*pat.ty),
            FnArg::Receiver(_) => None,
        })
        .collect();
    let (extractors, bounds) = match body {
        Body::Handler => extractor_bounds(&arg_types),
        Body::StandIn => (Vec::new(), Vec::new()),
    };
    // Axum's handler impls take `((),)` for no argument and `(M, T1, .., Tn)` else.
    let extractor_tuple = if arg_types.is_empty() || body == Body::StandIn {
        quote!(((),))
    } else {
        quote!((__M, #(#arg_types,)*))
    };

    let mut inner_sig = sig.clone();
    inner_sig.ident = inner.clone();
    let output_span = match &sig.output {
        ReturnType::Default => name.span(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    let (into_handler, inner_allow) = match body {
        Body::Handler => (quote_spanned!(output_span=> Self::#inner), quote!()),
        // Still compiled, so mistakes in its body show up alongside.
        Body::StandIn => (quote!(|| async {}), quote!(#[allow(dead_code)])),
    };

    let private = quote!(::cors_runtime::__private_v0_1);
    let dynamic_origins = match &model.origins {
        Origins::Dynamic(check) => {
            let check_name = quote!(#check).to_string().replace(' ', "");
            quote_spanned! {check.span()=>
                fn dynamic_origins() -> ::core::option::Option<#private::DynamicOrigins> {
                    ::core::option::Option::Some(#private::DynamicOrigins::new(#check, #check_name))
                }
            }
        }
        _ => quote!(),
    };
    quote! {
        #(#cfgs)*
        #(#docs)*
        #[allow(non_camel_case_types)]
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
        #vis struct #name;

        #(#cfgs)*
        impl #name {
            #[doc(hidden)]
            #inner_allow
            #(#fn_attrs)*
            #inner_sig #block
        }

        #(#cfgs)*
        impl #private::Sealed for #name {}

        #(#cfgs)*
        impl<__S, #(#extractors)*> #private::CorsHandler<#extractor_tuple, __S> for #name
        where
            __S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
            #(#bounds)*
        {
            fn policy() -> &'static #private::Policy {
                static POLICY: #private::Policy = #policy;
                &POLICY
            }
            const NAME: &'static str = #name_str;
            #dynamic_origins
            fn into_handler(self) -> impl #private::axum::handler::Handler<#extractor_tuple, __S> {
                #into_handler
            }
        }

        // Handing the type to `axum::routing::get` and friends finds only this
        // impl, whose bound can never hold. Bounding the state parameter itself
        // (not some type built from it) makes rustc select the impl and report
        // the failed bound with `UseCorsRuntimeRouting`'s own message, naming
        // the marker type of the impl as well.
        #(#cfgs)*
        impl<__S> #private::axum::handler::Handler<::cors_runtime::routing::UseThisModuleNotAxumRouting, __S> for #name
        where
            __S: #private::UseCorsRuntimeRouting + ::core::marker::Send + 'static,
        {
            type Future = ::core::future::Ready<#private::axum::response::Response>;
            fn call(self, _: #private::axum::extract::Request, _: __S) -> Self::Future {
                match <__S as #private::UseCorsRuntimeRouting>::unreachable() {}
            }
        }
    }
}

/// The type parameters and bounds that make the user's function an axum
/// handler, each bound spanned on its argument's type (all of it: the bound's
/// own tokens take the span of the type's last token) so that rustc's
/// "unsatisfied trait bound introduced here" points at the argument.
/// Every argument but the last is `FromRequestParts`, as axum requires.
fn extractor_bounds(arg_types: &[&syn::Type]) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let Some((last, first)) = arg_types.split_last() else {
        return (Vec::new(), Vec::new());
    };
    let end_span = |ty: &syn::Type| {
        ty.to_token_stream()
            .into_iter()
            .last()
            .map_or_else(|| ty.span(), |t| t.span())
    };
    let mut bounds: Vec<TokenStream> = first
        .iter()
        .map(|ty| {
            quote_spanned!(end_span(ty)=>
                #ty: ::cors_runtime::__private_v0_1::axum::extract::FromRequestParts<__S> + ::core::marker::Send,
            )
        })
        .collect();
    bounds.push(quote_spanned!(end_span(last)=>
        #last: ::cors_runtime::__private_v0_1::axum::extract::FromRequest<__S, __M> + ::core::marker::Send,
    ));
    (vec![quote!(__M,)], bounds)
}

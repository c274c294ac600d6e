//! Code generation: the handler becomes a unit type named like the function,
//! carrying a `static` policy and implementing `CorsHandler`; the function
//! itself lives on as an associated fn. Plain axum routing is refused with a
//! message pointing to `cors_runtime::routing`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, ReturnType};

use crate::attr;
use crate::ctxt::Ctxt;
use crate::valid::{self, Headers, Methods, Model, Origins};

/// Parse, validate, expand. On errors the user's function is still emitted
/// (with a harmless fallback policy) so IDEs and later errors stay useful.
pub(crate) fn try_expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: ItemFn = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(_) => {
            let error = syn::Error::new(Span::call_site(), "`#[cors]` goes on a free `async fn` handler")
                .to_compile_error();
            return quote!(#error #input);
        }
    };

    let mut handler_cx = Ctxt::default();
    valid::validate_handler(&item, &mut handler_cx);
    if let Err(error) = handler_cx.check() {
        // The function itself cannot be wrapped: keep it as written.
        let mut args_cx = Ctxt::default();
        let parsed = attr::parse(args, &mut args_cx);
        valid::validate(&parsed, &mut args_cx);
        let mut all = error;
        if let Err(more) = args_cx.check() {
            all.combine(more);
        }
        let error = all.to_compile_error();
        return quote!(#error #item);
    }

    let mut cx = Ctxt::default();
    let parsed = attr::parse(args, &mut cx);
    let model = valid::validate(&parsed, &mut cx);
    match cx.check() {
        Ok(()) => expand(&item, &model),
        Err(error) => {
            let error = error.to_compile_error();
            let fallback = expand(&item, &Model::fallback());
            quote!(#error #fallback)
        }
    }
}

fn expand(item: &ItemFn, model: &Model) -> TokenStream {
    let ItemFn { attrs, vis, sig, block } = item;
    let name = &sig.ident;
    let name_str = name.to_string();
    let inner = format_ident!("__cors_handler", span = name.span());
    let policy = policy_literal(model);

    let is_doc = |attr: &&syn::Attribute| attr.path().is_ident("doc");
    let is_cfg = |attr: &&syn::Attribute| attr.path().is_ident("cfg") || attr.path().is_ident("cfg_attr");
    let docs = attrs.iter().filter(is_doc);
    let cfgs: Vec<_> = attrs.iter().filter(is_cfg).collect();
    let fn_attrs = attrs.iter().filter(|a| !is_doc(a) && !is_cfg(a));

    let arg_types: Vec<&syn::Type> = sig
        .inputs
        .iter()
        .filter_map(|arg| match arg {
            FnArg::Typed(pat) => Some(&*pat.ty),
            FnArg::Receiver(_) => None,
        })
        .collect();
    let (extractors, bounds) = extractor_bounds(&arg_types);
    // Axum's handler impls take `((),)` for no argument and `(M, T1, .., Tn)` else.
    let extractor_tuple = if arg_types.is_empty() { quote!(((),)) } else { quote!((__M, #(#arg_types,)*)) };

    let mut inner_sig = sig.clone();
    inner_sig.ident = inner.clone();
    let output_span = match &sig.output {
        ReturnType::Default => name.span(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    let into_handler = quote_spanned!(output_span=> Self::#inner);

    let private = quote!(::cors_runtime::__private);
    quote! {
        #(#cfgs)*
        #(#docs)*
        #[allow(non_camel_case_types)]
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
        #vis struct #name;

        #(#cfgs)*
        impl #name {
            #[doc(hidden)]
            #(#fn_attrs)*
            #inner_sig #block
        }

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
            fn into_handler(self) -> impl #private::axum::handler::Handler<#extractor_tuple, __S> {
                #into_handler
            }
        }

        // Handing the type to `axum::routing::get` and friends finds only this
        // impl, whose bound can never hold; rustc names its marker type in the
        // error, which says what to do.
        #(#cfgs)*
        impl<__S> #private::axum::handler::Handler<::cors_runtime::routing::UseThisModuleNotAxumRouting, __S> for #name
        where
            for<'__cors> &'__cors #name: #private::UseCorsRuntimeRouting,
            __S: ::core::marker::Send + 'static,
        {
            type Future = ::core::future::Ready<#private::axum::response::Response>;
            fn call(self, _: #private::axum::extract::Request, _: __S) -> Self::Future {
                match <&'static Self as #private::UseCorsRuntimeRouting>::unreachable() {}
            }
        }
    }
}

/// The type parameters and bounds that make the user's function an axum
/// handler, spanned on each argument's type so an extractor error lands there.
/// Every argument but the last is `FromRequestParts`, as axum requires.
fn extractor_bounds(arg_types: &[&syn::Type]) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let private = quote!(::cors_runtime::__private);
    let Some((last, first)) = arg_types.split_last() else {
        return (Vec::new(), Vec::new());
    };
    let mut bounds: Vec<TokenStream> = first
        .iter()
        .map(|ty| {
            quote_spanned!(ty.span()=> #ty: #private::axum::extract::FromRequestParts<__S> + ::core::marker::Send,)
        })
        .collect();
    bounds.push(quote_spanned!(last.span()=>
        #last: #private::axum::extract::FromRequest<__S, __M> + ::core::marker::Send,
    ));
    (vec![quote!(__M,)], bounds)
}

fn policy_literal(model: &Model) -> TokenStream {
    let private = quote!(::cors_runtime::__private);
    let origins = match &model.origins {
        Origins::Any => quote!(#private::AllowOrigins::Any),
        Origins::Exact(list) => quote!(#private::AllowOrigins::Exact(&[#(#list),*])),
    };
    let credentials = model.credentials;
    let methods = match &model.methods {
        Methods::Registered => quote!(#private::AllowMethods::Registered),
        Methods::Any => quote!(#private::AllowMethods::Any),
        Methods::List(list) => {
            let header = list.join(",");
            quote!(#private::AllowMethods::List {
                methods: &[#(#list),*],
                header: #private::HeaderValue::from_static(#header),
            })
        }
    };
    let allow_headers = match &model.allow_headers {
        Headers::Any => quote!(#private::AllowHeaders::Any),
        Headers::List(names) => {
            // The safelisted names a browser may still ask about go in every answer.
            let mut header: Vec<&str> = names.iter().map(String::as_str).collect();
            for safe in ["accept", "accept-language", "content-language", "content-type"] {
                if !header.contains(&safe) {
                    header.push(safe);
                }
            }
            let header = header.join(",");
            quote!(#private::AllowHeaders::List {
                names: &[#(#names),*],
                header: #private::HeaderValue::from_static(#header),
            })
        }
    };
    let expose_headers = match &model.expose_headers {
        None => quote!(::core::option::Option::None),
        Some(Headers::Any) => quote!(::core::option::Option::Some(#private::HeaderValue::from_static("*"))),
        Some(Headers::List(names)) => {
            let header = names.join(",");
            quote!(::core::option::Option::Some(#private::HeaderValue::from_static(#header)))
        }
    };
    let max_age = match model.max_age {
        None => quote!(::core::option::Option::None),
        Some(seconds) => {
            let seconds = seconds.to_string();
            quote!(::core::option::Option::Some(#private::HeaderValue::from_static(#seconds)))
        }
    };
    quote! {
        #private::Policy {
            origins: #origins,
            credentials: #credentials,
            methods: #methods,
            allow_headers: #allow_headers,
            expose_headers: #expose_headers,
            max_age: #max_age,
        }
    }
}

//! The `static` policy value the runtime reads: plain data, every header
//! value written out as text at compile time (the runtime makes its
//! `HeaderValue`s once, when the route is built: cheaper for the compiler
//! than a `const` `HeaderValue` per handler). Shared by `#[cors]` and
//! `cors_layer!`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::PreflightStatus;
use crate::valid::{Headers, Methods, Model, Origins};

pub(crate) fn policy_literal(model: &Model) -> TokenStream {
    let private = quote!(::cors_runtime::__private_v0_1);
    let origins = match &model.origins {
        Origins::Any => quote!(#private::AllowOrigins::Any),
        Origins::List { exact, patterns } if patterns.is_empty() => {
            quote!(#private::AllowOrigins::Exact(&[#(#exact),*]))
        }
        Origins::List { exact, patterns } => {
            quote!(#private::AllowOrigins::Patterns { exact: &[#(#exact),*], patterns: &[#(#patterns),*] })
        }
        Origins::Env(name) => quote!(#private::AllowOrigins::Env(#name)),
        Origins::Dynamic(_) => quote!(#private::AllowOrigins::Dynamic),
        Origins::Disabled => quote!(#private::AllowOrigins::Disabled),
    };
    let credentials = model.credentials;
    let private_network = model.private_network;
    let methods = match &model.methods {
        Methods::Registered => quote!(#private::AllowMethods::Registered),
        Methods::Any => quote!(#private::AllowMethods::Any),
        Methods::List(list) => {
            let header = list.join(",");
            quote!(#private::AllowMethods::List {
                methods: &[#(#list),*],
                header: #header,
            })
        }
    };
    let allow_headers = match &model.allow_headers {
        Headers::Any => quote!(#private::AllowHeaders::Any),
        Headers::List(names) => {
            // The safelisted names a browser may still ask about go in every answer.
            let mut header: Vec<&str> = names.iter().map(String::as_str).collect();
            for safe in cors_rules::SAFELISTED_REQUEST_HEADERS {
                if !header.contains(&safe) {
                    header.push(safe);
                }
            }
            let header = header.join(",");
            quote!(#private::AllowHeaders::List {
                names: &[#(#names),*],
                header: #header,
            })
        }
    };
    let expose_headers = match &model.expose_headers {
        None => quote!(::core::option::Option::None),
        Some(Headers::Any) => {
            quote!(::core::option::Option::Some("*"))
        }
        Some(Headers::List(names)) => {
            let header = names.join(",");
            quote!(::core::option::Option::Some(#header))
        }
    };
    let max_age = match model.max_age {
        None => quote!(::core::option::Option::None),
        Some(seconds) => {
            let seconds = seconds.to_string();
            quote!(::core::option::Option::Some(#seconds))
        }
    };
    let preflight_status = match model.preflight_status {
        PreflightStatus::NoContent => quote!(NO_CONTENT),
        PreflightStatus::Ok => quote!(OK),
    };
    let block_refused = model.block_refused;
    quote! {
        #private::Policy::from_parts(#private::PolicyParts {
            origins: #origins,
            credentials: #credentials,
            methods: #methods,
            allow_headers: #allow_headers,
            expose_headers: #expose_headers,
            max_age: #max_age,
            private_network: #private_network,
            preflight_status: #private::StatusCode::#preflight_status,
            block_refused: #block_refused,
            location: ::core::concat!(::core::file!(), ":", ::core::line!()),
        })
    }
}

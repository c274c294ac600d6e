//! `cors_layer!(...)`: one policy for a whole router, checked by the rules of
//! `#[cors]`, expanded to the runtime's `PolicyLayer` over a `static` policy.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ctxt::Ctxt;
use crate::named;
use crate::policy_literal::policy_literal;
use crate::site::Site;
use crate::use_site;
use crate::valid::Model;

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    if let Some((path, rest)) = named::split_named(&input) {
        return named::expand_layer_use(&path, rest);
    }
    let mut cx = Ctxt::default();
    let model = use_site::checked_model(input, Site::Layer, &mut cx);
    match cx.check() {
        Ok(()) => layer(&model),
        Err(error) => {
            // Still a layer, so the router around type-checks and only the
            // real errors show.
            let error = error.to_compile_error();
            let fallback = layer(&Model::fallback());
            quote!({ #error #fallback })
        }
    }
}

fn layer(model: &Model) -> TokenStream {
    let private = quote!(::cors_runtime::__private_v0_1);
    let policy = policy_literal(model);
    quote! {
        #private::PolicyLayer::new(
            { static POLICY: #private::Policy = #policy; &POLICY },
            ::core::concat!(::core::file!(), ":", ::core::line!()),
        )
    }
}

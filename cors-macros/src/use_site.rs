//! The policy where it is used (`#[cors(...)]` on a handler, `cors_layer!(...)`):
//! its own keys, or a named policy's extended by them, parsed and checked.

use proc_macro2::TokenStream;

use crate::attr;
use crate::ctxt::Ctxt;
use crate::named;
use crate::site::Site;
use crate::valid::{self, Model};

pub(crate) fn checked_model(args: TokenStream, site: Site, cx: &mut Ctxt) -> Model {
    let Some(stage) = named::parse_stage(&args) else {
        let parsed = attr::parse(args, site, None, cx);
        return valid::validate(&parsed, site, cx);
    };
    if !named::definition_is_valid(&stage) {
        // `cors_policy!` reported the definition's errors where it is
        // written; repeating them at every use would only add noise.
        return Model::fallback();
    }
    let parsed = named::merge(&stage, site, cx);
    let model = valid::validate(&parsed, site, cx);
    // A disabled use site did not combine: its errors are its own.
    if cx.has_errors() && parsed.disabled.is_none() {
        named::note_combination(&stage, site, cx);
    }
    model
}

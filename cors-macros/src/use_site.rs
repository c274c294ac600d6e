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
    // Errors in the use site's own keys, or in merging lists (reported at
    // both places), are not the combination's.
    let own_keys_failed = cx.has_errors();
    let model = valid::validate(&parsed, site, cx);
    if cx.has_errors() && !own_keys_failed && own_keys_valid_alone(&stage.own, site) {
        named::note_combination(&stage, site, cx);
    }
    model
}

/// Whether the use site's keys break no rule without the policy (a missing
/// `origins` aside): then a rule broken by the combination is the
/// combination's, and worth a note at the policy's name.
fn own_keys_valid_alone(own: &TokenStream, site: Site) -> bool {
    let mut alone = Ctxt::default();
    let mut parsed = attr::parse(own.clone(), site, None, &mut alone);
    parsed.origins_maybe_meant = true;
    valid::validate(&parsed, site, &mut alone);
    !alone.has_errors()
}

//! Where keys are written. The rules are the same everywhere; a few keys
//! only make sense in some places, and messages name the place.

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Site {
    /// `#[cors(...)]` on a handler.
    Handler,
    /// `cors_policy!(NAME, ...)`.
    Policy,
    /// `cors_layer!(...)`.
    Layer,
}

impl Site {
    /// The macro as messages name it.
    pub(crate) fn macro_name(self) -> &'static str {
        match self {
            Self::Handler => "`#[cors]`",
            Self::Policy => "`cors_policy!`",
            Self::Layer => "`cors_layer!`",
        }
    }

    /// How to start from a named policy here.
    pub(crate) fn named_example(self) -> &'static str {
        match self {
            Self::Handler | Self::Policy => "`#[cors(PARTNERS, max_age = 60)]`",
            Self::Layer => "`cors_layer!(PARTNERS, max_age = 60)`",
        }
    }
}

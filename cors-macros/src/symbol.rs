//! The key names, written once (as serde_derive's `internals/symbol.rs`):
//! the parser matches them, validation and messages name them, and the
//! suggestions search them. An enum rather than string constants, so every
//! `match` on a key is checked for exhaustiveness.

use std::fmt::{self, Display};

use syn::Ident;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) enum Key {
    Origins,
    Methods,
    Credentials,
    AllowHeaders,
    ExposeHeaders,
    MaxAge,
    PrivateNetwork,
    PreflightStatus,
    BlockRefused,
    Disabled,
}

impl Key {
    /// Every key, in the order the messages list them.
    pub(crate) const ALL: [Key; 10] = [
        Key::Origins,
        Key::Methods,
        Key::Credentials,
        Key::AllowHeaders,
        Key::ExposeHeaders,
        Key::MaxAge,
        Key::PrivateNetwork,
        Key::PreflightStatus,
        Key::BlockRefused,
        Key::Disabled,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Key::Origins => "origins",
            Key::Methods => "methods",
            Key::Credentials => "credentials",
            Key::AllowHeaders => "allow_headers",
            Key::ExposeHeaders => "expose_headers",
            Key::MaxAge => "max_age",
            Key::PrivateNetwork => "private_network",
            Key::PreflightStatus => "preflight_status",
            Key::BlockRefused => "block_refused",
            Key::Disabled => "disabled",
        }
    }

    /// The key `ident` names, if it names one.
    pub(crate) fn of(ident: &Ident) -> Option<Self> {
        Self::ALL.into_iter().find(|key| ident == key.as_str())
    }

    /// "origins, methods, ...": the known keys as messages list them.
    pub(crate) fn list() -> String {
        Self::ALL.map(Key::as_str).join(", ")
    }
}

impl PartialEq<Key> for Ident {
    fn eq(&self, key: &Key) -> bool {
        self == key.as_str()
    }
}

impl Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The two functions `origins` takes: `env("NAME")` and `dynamic(check)`.
pub(crate) const ENV: &str = "env";
pub(crate) const DYNAMIC: &str = "dynamic";

#[cfg(test)]
mod tests {
    use proc_macro2::Span;
    use syn::Ident;

    use super::Key;

    #[test]
    fn each_name_reads_back_as_its_own_key() {
        for key in Key::ALL {
            assert_eq!(
                Key::of(&Ident::new(key.as_str(), Span::call_site())),
                Some(key)
            );
        }
        assert_eq!(Key::of(&Ident::new("origin", Span::call_site())), None);
        assert!(Key::list().starts_with("origins, methods, "));
    }
}

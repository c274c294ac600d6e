//! Which tenant a request names. The origin check and the handler both read
//! the tenant with [`TenantId::from_data_path`], so they can never disagree.

use std::fmt;

/// A tenant's name: 1 to 63 of `a-z`, `0-9` and `-`, not starting or ending
/// with `-` (so it can also serve as a DNS label, for host-based tenants).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TenantId(Box<str>);

impl TenantId {
    pub fn parse(name: &str) -> Option<Self> {
        let well_formed = (1..=63).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !name.starts_with('-')
            && !name.ends_with('-');
        well_formed.then(|| Self(name.into()))
    }

    /// The tenant of `/api/tenants/{tenant}/data` (see [`super::TENANT_DATA_ROUTE`]).
    /// Reads the raw path: a percent-encoded name is no name, rather than a
    /// second spelling of one.
    pub fn from_data_path(path: &str) -> Option<Self> {
        let (name, rest) = path.strip_prefix("/api/tenants/")?.split_once('/')?;
        if rest != "data" {
            return None;
        }
        Self::parse(name)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

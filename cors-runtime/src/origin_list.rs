//! Origin lists: exact origins and patterns, from the attribute or from
//! start-up configuration (`origins = env("CORS_ORIGINS")`),
//! read when the route is built, every entry checked by the same rules as
//! the attribute (`cors-rules`), a bad value an error before the server listens.

use std::collections::HashSet;
use std::fmt;

use cors_rules::{OriginPattern, OriginRuleError};

/// Exact origins (binary-searched, or hashed above 16) and patterns.
#[derive(Debug, Clone)]
pub struct OriginList {
    exact: ExactOrigins,
    patterns: Box<[OriginPattern]>,
}

/// How exact origins are looked up. A short list is binary-searched where it
/// lies (for the macro's, in the binary: no copy); a long one is hashed once
/// at start-up, so 1,000 origins cost what 3 do. Lookups only: the set never
/// takes a request's value, so hashing needs no flood resistance beyond std's.
#[derive(Debug, Clone)]
enum ExactOrigins {
    Static(&'static [&'static str]),
    Owned(Box<[Box<str>]>),
    Hashed(HashSet<Box<[u8]>>),
}

/// Above this many exact origins, a hash lookup beats a binary search.
const HASH_ABOVE: usize = 16;

impl ExactOrigins {
    /// Hashed above [`HASH_ABOVE`] entries, else `short` (the list as it is).
    fn choose<'a>(
        origins: impl ExactSizeIterator<Item = &'a str>,
        short: impl FnOnce() -> Self,
    ) -> Self {
        if origins.len() > HASH_ABOVE {
            Self::Hashed(origins.map(|origin| origin.as_bytes().into()).collect())
        } else {
            short()
        }
    }

    fn contains(&self, origin: &[u8]) -> bool {
        match self {
            Self::Static(list) => list
                .binary_search_by(|allowed| allowed.as_bytes().cmp(origin))
                .is_ok(),
            Self::Owned(list) => list
                .binary_search_by(|allowed| allowed.as_bytes().cmp(origin))
                .is_ok(),
            Self::Hashed(set) => set.contains(origin),
        }
    }
}

impl OriginList {
    /// From lists the macro checked and sorted. Checked again, once, when the
    /// route is built: a policy no `#[cors]` wrote must not slip past the rules.
    pub(crate) fn from_macro(
        exact: &'static [&'static str],
        patterns: &[&str],
        credentials: bool,
    ) -> Result<Self, String> {
        if !exact.is_sorted() {
            return Err("exact origins are not sorted; only `#[cors]` writes policies".into());
        }
        for origin in exact {
            match cors_rules::check_allowed_origin(origin, credentials) {
                Ok(OriginPattern::Exact(parsed)) if parsed.serialized() == *origin => {}
                Ok(_) => return Err(format!("`{origin}` is not an origin as browsers send it")),
                Err(rule) => return Err(format!("`{origin}`: {rule}")),
            }
        }
        let patterns = patterns
            .iter()
            .map(|p| {
                cors_rules::check_allowed_origin(p, credentials)
                    .map_err(|rule| format!("`{p}`: {rule}"))
            })
            .collect::<Result<_, _>>()?;
        let exact = ExactOrigins::choose(exact.iter().copied(), || ExactOrigins::Static(exact));
        Ok(Self { exact, patterns })
    }

    pub(crate) fn contains(&self, origin: &[u8]) -> bool {
        self.exact.contains(origin) || self.patterns.iter().any(|pattern| pattern.matches(origin))
    }

    /// Whether `origin` (as a browser sends it) is allowed by the list: for
    /// checking configuration before the server starts, or inside a
    /// `dynamic(...)` check that starts from a configured list.
    pub fn allows(&self, origin: &str) -> bool {
        self.contains(origin.as_bytes())
    }
}

/// A start-up origin value that breaks a rule: names the source, the entry and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OriginConfigError {
    /// Where the value came from, such as "environment variable `CORS_ORIGINS`"
    /// (not `source`, which would read as `Error::source`).
    pub setting: String,
    /// The offending entry, when the error is about one.
    pub entry: Option<String>,
    /// The rule it breaks, and how to fix it.
    pub rule: String,
}

impl fmt::Display for OriginConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.entry {
            Some(entry) => write!(f, "{}: entry `{entry}`: {}", self.setting, self.rule),
            None => write!(f, "{}: {}", self.setting, self.rule),
        }
    }
}

impl std::error::Error for OriginConfigError {}

/// Checks a comma-separated origin list from `source` (for the message) by
/// the rules of the `#[cors]` attribute, as a policy with or without
/// `credentials`. Use it to check configuration before building the router.
pub fn parse_origin_list(
    source: &str,
    value: &str,
    credentials: bool,
) -> Result<OriginList, OriginConfigError> {
    let error = |entry: Option<&str>, rule: String| OriginConfigError {
        setting: source.to_owned(),
        entry: entry.map(str::to_owned),
        rule,
    };
    let entries = cors_rules::split_comma_list(value).map_err(|e| error(None, e.to_string()))?;
    let mut exact: Vec<Box<str>> = Vec::new();
    let mut patterns = Vec::new();
    for entry in entries {
        match cors_rules::check_allowed_origin(entry, credentials) {
            Ok(OriginPattern::Exact(origin)) => {
                let serialized: Box<str> = origin.serialized().into();
                if exact.contains(&serialized) {
                    return Err(error(Some(entry), "listed twice; remove one".into()));
                }
                exact.push(serialized);
            }
            Ok(pattern) => {
                if patterns.contains(&pattern) {
                    return Err(error(Some(entry), "listed twice; remove one".into()));
                }
                patterns.push(pattern)
            }
            Err(OriginRuleError::Origin(e)) => return Err(error(Some(entry), e.to_string())),
            Err(rule) => return Err(error(Some(entry), rule.to_string())),
        }
    }
    exact.sort();
    let exact = ExactOrigins::choose(exact.iter().map(|origin| &**origin), || {
        ExactOrigins::Owned(exact.clone().into())
    });
    Ok(OriginList {
        exact,
        patterns: patterns.into(),
    })
}

pub(crate) fn from_env(name: &str, credentials: bool) -> Result<OriginList, OriginConfigError> {
    let source = format!("environment variable `{name}`");
    match std::env::var(name) {
        Ok(value) => parse_origin_list(&source, &value, credentials),
        Err(std::env::VarError::NotPresent) => Err(OriginConfigError {
            setting: source,
            entry: None,
            rule: "is not set; set it to a comma-separated list of origins such as `https://app.example.com`".into(),
        }),
        Err(std::env::VarError::NotUnicode(_)) => Err(OriginConfigError {
            setting: source,
            entry: None,
            rule: "is not valid unicode".into(),
        }),
    }
}

//! SPEC §4, written as plainly as possible: what the app must answer to one
//! request. Slow on purpose (strings, vectors, sets); shares nothing with the
//! runtime. Where the SPEC leaves a number open, the generator keeps away
//! from it (see `ACRH_CAP`).

use std::collections::{BTreeMap, BTreeSet};

use super::policies::{AllowHeaders, Methods, Origins, Pattern, Policy, Port, Route};
use super::request::GenRequest;

/// What a response must look like. List-valued headers are kept as sorted,
/// comma-joined items, so `GET, PUT` and `PUT,GET` compare equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// `None`: not compared (axum's own 404/405 bodies, HEAD).
    pub body: Option<String>,
    pub cors: BTreeMap<&'static str, String>,
    pub vary: BTreeSet<String>,
    /// `Allow` of a non-preflight OPTIONS answered for the user.
    pub allow: Option<String>,
}

pub const ACAO: &str = "access-control-allow-origin";
pub const ACAC: &str = "access-control-allow-credentials";
pub const ACAM: &str = "access-control-allow-methods";
pub const ACAH: &str = "access-control-allow-headers";
pub const ACEH: &str = "access-control-expose-headers";
pub const MAX_AGE: &str = "access-control-max-age";
pub const ACAPN: &str = "access-control-allow-private-network";
/// List-valued headers, compared as sets (methods keep their case).
pub const SET_VALUED: [&str; 3] = [ACAM, ACAH, ACEH];

/// Headers a preflight may name without the policy listing them (SPEC §4,
/// "safelisted request headers").
const SAFELISTED: [&str; 4] = [
    "accept",
    "accept-language",
    "content-language",
    "content-type",
];

/// SPEC §4 refuses "thousands of ACRH entries" without fixing the number; the
/// generator sends at most `ACRH_FEW` or at least `ACRH_MANY` names, and any
/// cap in between is right.
pub const ACRH_FEW: usize = 20;
pub const ACRH_MANY: usize = 1000;

/// SPEC §4 Bounds: what a browser can send.
const MAX_HOST: usize = 253;
const MAX_LABEL: usize = 63;

pub fn sorted_items(items: impl IntoIterator<Item = String>) -> String {
    let set: BTreeSet<String> = items.into_iter().collect();
    set.into_iter().collect::<Vec<_>>().join(",")
}

/// RFC 9110 token.
pub fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b))
}

/// A host label as browsers serialise it.
fn is_label(label: &str) -> bool {
    (1..=MAX_LABEL).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// A port as browsers serialise it: no leading zero, 1..=65535.
fn port_number(digits: &str) -> Option<u16> {
    if digits.starts_with('0') || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `scheme://host[:port]` split apart, for the domain hosts of these policies.
fn split_origin<'a>(origin: &'a str, scheme: &str) -> Option<(&'a str, Option<&'a str>)> {
    let rest = origin.strip_prefix(scheme)?.strip_prefix("://")?;
    Some(match rest.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    })
}

pub fn host_within_bounds(host: &str) -> bool {
    host.len() <= MAX_HOST && host.split('.').all(|label| label.len() <= MAX_LABEL)
}

fn pattern_allows(pattern: &Pattern, origin: &str) -> bool {
    let Some((host, port)) = split_origin(origin, pattern.scheme) else {
        return false;
    };
    let port_ok = match (&pattern.port, port) {
        (Port::Default, None) => true,
        (Port::Fixed(fixed), Some(port)) => port_number(port) == Some(*fixed),
        (Port::Any, Some(port)) => port_number(port).is_some(),
        _ => false,
    };
    let host_ok = if pattern.any_subdomain {
        match host
            .strip_suffix(pattern.host)
            .and_then(|rest| rest.strip_suffix('.'))
        {
            Some(labels) => !labels.is_empty() && labels.split('.').all(is_label),
            None => false,
        }
    } else {
        host == pattern.host
    };
    port_ok && host_ok && host_within_bounds(host)
}

/// What `tenant_check` (the dynamic check of `/dynamic`) allows: an https
/// subdomain of `tenant.example`, labels of lower-case letters and digits.
/// The check itself calls this: it is the user's code, as naive as users'
/// code is (no length limit: SPEC §4 Bounds is the runtime's job).
pub fn tenant_allows(origin: &str) -> bool {
    let Some(host) = origin.strip_prefix("https://") else {
        return false;
    };
    let Some(labels) = host.strip_suffix(".tenant.example") else {
        return false;
    };
    labels.split('.').all(|label| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// Whether `policy` allows this single origin header value.
fn origin_allowed(origins: &Origins, origin: &[u8]) -> bool {
    let Ok(origin) = std::str::from_utf8(origin) else {
        return false;
    };
    match origins {
        Origins::Any => true,
        Origins::List { exact, patterns } => {
            exact.iter().any(|allowed| allowed == origin)
                || patterns.iter().any(|p| pattern_allows(p, origin))
        }
        Origins::Dynamic => {
            origin
                .strip_prefix("https://")
                .is_some_and(host_within_bounds)
                && tenant_allows(origin)
        }
    }
}

/// The ACAO value, or `None` when withheld.
fn allow_origin(policy: &Policy, request: &GenRequest) -> Option<Vec<u8>> {
    if policy.origins == Origins::Any {
        // SPEC §4 Shared caches: a public resource answers `*` whatever the
        // Origin headers (none, one, several), so it never varies by them.
        return Some(b"*".to_vec());
    }
    match request.origins.as_slice() {
        [origin] if origin_allowed(&policy.origins, &origin.0) => Some(origin.0.clone()),
        _ => None, // none, several, or refused
    }
}

/// The method a preflight asks about, if the request is one: OPTIONS, an
/// Origin, and exactly one ACRM that is a method token.
fn preflight_method(request: &GenRequest) -> Option<String> {
    if request.method != "OPTIONS" || request.origins.is_empty() {
        return None;
    }
    match request.acrm.as_slice() {
        [method] if is_token(&method.0) => Some(String::from_utf8(method.0.clone()).unwrap()),
        _ => None,
    }
}

/// The handler serving `method`: HEAD is served by GET's.
fn serving<'r>(route: &'r Route, method: &str) -> Option<(&'r str, &'r Policy)> {
    let find = |m: &str| {
        route
            .methods
            .iter()
            .find(|(registered, _)| *registered == m)
    };
    find(method)
        .or_else(|| if method == "HEAD" { find("GET") } else { None })
        .map(|(m, p)| (*m, p))
}

fn varies_on_origin(policy: &Policy) -> bool {
    policy.origins != Origins::Any
}

/// `Vary` of a preflight (and of an OPTIONS the route answers itself).
fn preflight_vary(route: &Route) -> BTreeSet<String> {
    let mut vary = BTreeSet::new();
    if route
        .methods
        .iter()
        .any(|(_, policy)| varies_on_origin(policy))
    {
        vary.insert("origin".to_owned());
    }
    // The answer depends on the requested method when the path's methods
    // have different policies, or (methods left out) different ACAM values.
    let answer_of = |(method, policy): &(&'static str, Policy)| -> (&'static str, &'static str) {
        (
            policy.handler,
            if policy.methods == Methods::Registered {
                *method
            } else {
                ""
            },
        )
    };
    let first = route.methods.first().map(answer_of);
    if route.methods.iter().any(|m| Some(answer_of(m)) != first) {
        vary.insert("access-control-request-method".to_owned());
    }
    vary
}

pub fn answer(route: Option<&Route>, request: &GenRequest) -> Answer {
    let Some(route) = route else {
        // Not a CORS path: axum's 404, untouched.
        return Answer {
            status: 404,
            body: None,
            cors: BTreeMap::new(),
            vary: BTreeSet::new(),
            allow: None,
        };
    };
    if request.method == "OPTIONS" {
        if let Some(requested) = preflight_method(request) {
            return preflight(route, request, &requested);
        }
        if serving(route, "OPTIONS").is_none() {
            let mut allow: Vec<String> = route.methods.iter().map(|(m, _)| m.to_string()).collect();
            if allow.iter().any(|m| m == "GET") {
                allow.push("HEAD".into());
            }
            allow.push("OPTIONS".into());
            return Answer {
                status: 204,
                body: Some(String::new()),
                cors: BTreeMap::new(),
                vary: preflight_vary(route),
                allow: Some(sorted_items(allow)),
            };
        }
    }
    actual(route, request)
}

fn actual(route: &Route, request: &GenRequest) -> Answer {
    let Some((_, policy)) = serving(route, &request.method) else {
        // axum's 405: no CORS headers, but the route's Vary.
        let mut vary = BTreeSet::new();
        if route
            .methods
            .iter()
            .any(|(_, policy)| varies_on_origin(policy))
        {
            vary.insert("origin".to_owned());
        }
        return Answer {
            status: 405,
            body: None,
            cors: BTreeMap::new(),
            vary,
            allow: None,
        };
    };
    let mut cors = BTreeMap::new();
    if let Some(origin) = allow_origin(policy, request) {
        cors.insert(ACAO, String::from_utf8_lossy(&origin).into_owned());
        if policy.credentials {
            cors.insert(ACAC, "true".to_owned());
        }
        if let Some(expose) = &policy.expose_headers {
            cors.insert(ACEH, sorted_items(expose.iter().map(|s| s.to_string())));
        }
    }
    let mut vary: BTreeSet<String> = policy.handler_vary.iter().map(|s| s.to_string()).collect();
    if varies_on_origin(policy) {
        vary.insert("origin".to_owned());
    }
    Answer {
        status: 200,
        body: (request.method != "HEAD").then(|| policy.handler.to_owned()),
        cors,
        vary,
        allow: None,
    }
}

/// Why a preflight is refused, for the failure message only.
fn preflight(route: &Route, request: &GenRequest, requested: &str) -> Answer {
    let refused = Answer {
        status: 403,
        body: Some(String::new()),
        cors: BTreeMap::new(),
        vary: preflight_vary(route),
        allow: None,
    };
    let Some((registered, policy)) = serving(route, requested) else {
        return refused;
    };
    let Some(origin) = allow_origin(policy, request) else {
        return refused;
    };
    let method_allowed = match &policy.methods {
        Methods::Registered | Methods::Any => true,
        Methods::List(listed) => {
            listed.contains(&requested) || (requested == "HEAD" && listed.contains(&"GET"))
        }
    };
    if !method_allowed {
        return refused;
    }
    let names: Vec<&[u8]> = request
        .acrh
        .iter()
        .flat_map(|line| line.0.split(|&b| b == b','))
        .map(|name| name.trim_ascii())
        .filter(|name| !name.is_empty())
        .collect();
    if names.len() >= ACRH_MANY {
        return refused;
    }
    for name in &names {
        if !is_token(name) {
            return refused;
        }
        let lower = String::from_utf8(name.to_ascii_lowercase()).unwrap();
        let allowed = SAFELISTED.contains(&lower.as_str())
            || match &policy.allow_headers {
                AllowHeaders::Any => lower != "authorization",
                AllowHeaders::List(listed) => listed.contains(&lower.as_str()),
            };
        if !allowed {
            return refused;
        }
    }
    let private_network = request
        .acrpn
        .as_deref()
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if private_network && !policy.private_network {
        return refused;
    }

    let mut cors = BTreeMap::new();
    cors.insert(ACAO, String::from_utf8_lossy(&origin).into_owned());
    if policy.credentials {
        cors.insert(ACAC, "true".to_owned());
    }
    let methods = match &policy.methods {
        Methods::Registered => registered.to_owned(),
        Methods::Any => "*".to_owned(),
        Methods::List(listed) => sorted_items(listed.iter().map(|s| s.to_string())),
    };
    cors.insert(ACAM, methods);
    if !names.is_empty() {
        let headers = match &policy.allow_headers {
            AllowHeaders::Any => "*".to_owned(),
            AllowHeaders::List(listed) => {
                sorted_items(listed.iter().chain(&SAFELISTED).map(|s| s.to_string()))
            }
        };
        cors.insert(ACAH, headers);
    }
    if let Some(max_age) = policy.max_age {
        cors.insert(MAX_AGE, max_age.to_string());
    }
    if private_network {
        cors.insert(ACAPN, "true".to_owned());
    }
    Answer {
        status: 204,
        body: Some(String::new()),
        cors,
        vary: preflight_vary(route),
        allow: None,
    }
}

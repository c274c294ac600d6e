//! Generated requests: look-alike origins, repeated headers, method and
//! header lists, non-UTF-8 bytes and oversized values.

use std::fmt;
use std::sync::LazyLock;

use proptest::prelude::*;

use super::model::{ACRH_FEW, ACRH_MANY};

/// Header bytes, shown short and escaped in failure reports.
#[derive(Clone, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self
            .0
            .iter()
            .take(100)
            .flat_map(|&b| std::ascii::escape_default(b))
            .map(char::from)
            .collect();
        if self.0.len() > 100 {
            write!(f, "\"{shown}\"...({} bytes)", self.0.len())
        } else {
            write!(f, "\"{shown}\"")
        }
    }
}

#[derive(Clone, Debug)]
pub struct GenRequest {
    pub method: String,
    pub path: &'static str,
    /// One `Origin` header per entry.
    pub origins: Vec<Bytes>,
    pub acrm: Vec<Bytes>,
    pub acrh: Vec<Bytes>,
    pub acrpn: Option<String>,
}

impl GenRequest {
    pub fn to_http(&self) -> axum::http::Request<axum::body::Body> {
        let mut builder = axum::http::Request::builder()
            .method(self.method.as_str())
            .uri(self.path);
        for (name, values) in [
            ("origin", &self.origins),
            ("access-control-request-method", &self.acrm),
            ("access-control-request-headers", &self.acrh),
        ] {
            for value in values {
                builder = builder.header(
                    name,
                    axum::http::HeaderValue::from_bytes(&value.0).expect("generated valid bytes"),
                );
            }
        }
        if let Some(value) = &self.acrpn {
            builder = builder.header("access-control-request-private-network", value.as_str());
        }
        builder.body(axum::body::Body::empty()).unwrap()
    }
}

pub const PATHS: [&str; 7] = [
    "/wild",
    "/exact",
    "/patterns",
    "/env",
    "/dynamic",
    "/registered",
    "/missing",
];

const METHODS: [&str; 10] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "OPTIONS", "get", "PROPFIND",
];

/// Origins some policy allows, and near misses to mutate.
const KNOWN_ORIGINS: [&str; 17] = [
    "https://app.example.com",
    "http://localhost:3000",
    "https://exact.example.org",
    "https://a.example.com",
    "https://x.y.example.com",
    "http://localhost:8080",
    "https://shop.partner.example",
    "https://shop.partner.example:8443",
    "https://admin.example.com",
    "https://admin.example.com:8443",
    "https://t1.tenant.example",
    "https://a.b.tenant.example",
    "http://127.0.0.1:8080",
    "https://example.com",
    "https://partner.example",
    "https://tenant.example",
    "null",
];

/// Turns an origin into a look-alike. Works on bytes: the input may already
/// be a mutant that is not UTF-8.
fn mutate(origin: &[u8], mutation: u8, at: usize) -> Vec<u8> {
    let at = at % origin.len().max(1);
    let after_scheme = origin
        .windows(3)
        .position(|w| w == b"://")
        .map_or(0, |i| i + 3);
    let mut s = origin.to_vec();
    let insert = |s: &mut Vec<u8>, at: usize, what: &[u8]| {
        s.splice(at..at, what.iter().copied());
    };
    let replace_scheme = |s: &mut Vec<u8>, from: &[u8], to: &[u8]| {
        if s.starts_with(from) {
            s.splice(..from.len(), to.iter().copied());
        }
    };
    match mutation % 18 {
        0 => s.extend_from_slice(b".evil.net"),
        1 => s.push(b'0'), // longer port, or a host label one digit longer
        2 => s.extend_from_slice(b":443"),
        3 => s.extend_from_slice(b":3000"),
        4 => s[at..]
            .first_mut()
            .into_iter()
            .for_each(|b| *b = b.to_ascii_uppercase()),
        5 => s.push(b'.'), // trailing dot
        6 => insert(&mut s, after_scheme, b"user@"),
        7 => insert(&mut s, after_scheme, b"evil.com@"),
        8 => s.push(b'/'),
        9 => replace_scheme(&mut s, b"https://", b"http://"),
        10 => replace_scheme(&mut s, b"http://", b"https://"),
        11 => insert(&mut s, after_scheme, b"a."),
        12 => insert(&mut s, after_scheme, b"-x."),
        13 => insert(&mut s, after_scheme, b"a_b."),
        14 => insert(&mut s, at, b" "),
        15 => insert(&mut s, at, &[0xE9]), // Latin-1 e-acute: not UTF-8
        16 => {
            if at < s.len() {
                s.remove(at);
            }
        }
        _ => insert(&mut s, at, b"%2e"),
    }
    s
}

/// A host of exactly `len` bytes ending in `suffix`, every label at most 63.
pub fn host_of_len(len: usize, suffix: &str) -> String {
    let mut out = String::new();
    let mut remaining = len - suffix.len(); // labels and their dots
    while remaining > 0 {
        let mut take = (remaining - 1).min(63);
        if remaining - 1 - take == 1 {
            take -= 1;
        }
        out.push_str(&"a".repeat(take));
        out.push('.');
        remaining -= take + 1;
    }
    out + suffix
}

/// SPEC §4 Bounds: about 190 KB of 63-byte labels, well formed but longer
/// than any browser sends.
pub static HUGE_HOST: LazyLock<String> =
    LazyLock::new(|| format!("{}.example.com", vec!["a".repeat(63); 3000].join(".")));

fn oversized() -> impl Strategy<Value = Vec<u8>> + Clone {
    let suffixes = prop::sample::select(vec!["example.com", "partner.example", "tenant.example"]);
    prop_oneof![
        // Around the 253-byte bound, under suffixes patterns and the dynamic check allow.
        (suffixes.clone(), 250usize..=256).prop_map(|(suffix, len)| format!(
            "https://{}",
            host_of_len(len, suffix)
        )
        .into_bytes()),
        // A label of 63 or 64 bytes.
        (suffixes.clone(), 63usize..=64).prop_map(|(suffix, len)| format!(
            "https://{}.{suffix}",
            "b".repeat(len)
        )
        .into_bytes()),
        suffixes.prop_map(
            |suffix| format!("https://{}", HUGE_HOST.replace("example.com", suffix)).into_bytes()
        ),
    ]
}

/// Bytes a header value may hold (no control characters but tab), some of them not UTF-8.
fn header_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> + Clone {
    prop::collection::vec(
        prop_oneof![4 => 0x20u8..0x7f, 1 => 0x80u8..=0xff, 1 => Just(b'\t')],
        0..max,
    )
}

/// Origins the policies of `path` allow (or, for `/env`, may allow).
fn allowed_on(path: &str) -> Vec<&'static str> {
    match path {
        "/exact" => vec!["https://app.example.com", "http://localhost:3000"],
        "/patterns" => vec![
            "https://a.example.com",
            "https://x.y.example.com",
            "https://exact.example.org",
            "http://localhost:8080",
            "https://shop.partner.example",
            "https://app.example.com",
        ],
        "/env" => vec![
            "https://app.example.com",
            "http://localhost:3000",
            "http://127.0.0.1:8080",
            "https://admin.example.com:8443",
            "https://shop.partner.example",
            "https://shop.partner.example:8443",
        ],
        "/dynamic" => vec![
            "https://t1.tenant.example",
            "https://a.b.tenant.example",
            "https://app.example.com",
        ],
        "/registered" => vec!["https://app.example.com", "https://admin.example.com"],
        _ => KNOWN_ORIGINS.to_vec(),
    }
}

fn origin(path: &str) -> impl Strategy<Value = Bytes> + Clone {
    let known = prop::sample::select(KNOWN_ORIGINS.to_vec());
    let allowed = prop::sample::select(allowed_on(path));
    prop_oneof![
        14 => allowed.clone().prop_map(|o| o.as_bytes().to_vec()),
        2 => known.clone().prop_map(|o| o.as_bytes().to_vec()),
        6 => (allowed, any::<u8>(), any::<usize>()).prop_map(|(o, m, at)| mutate(o.as_bytes(), m, at)),
        2 => (known, any::<u8>(), any::<usize>(), any::<u8>(), any::<usize>())
            .prop_map(|(o, m1, at1, m2, at2)| mutate(&mutate(o.as_bytes(), m1, at1), m2, at2)),
        1 => header_bytes(40),
        1 => "https://[a-z0-9]{1,12}(\\.[a-z0-9]{1,8}){0,3}(:[0-9]{1,5})?".prop_map(String::into_bytes),
        1 => oversized(),
    ]
    .prop_map(|bytes| Bytes(sanitize(bytes)))
}

/// A header value cannot hold control characters; an attacker's bytes still
/// reach the server as something else, so they become `?`.
fn sanitize(bytes: Vec<u8>) -> Vec<u8> {
    bytes
        .into_iter()
        .map(|b| {
            if (b < 0x20 && b != b'\t') || b == 0x7f {
                b'?'
            } else {
                b
            }
        })
        .collect()
}

fn acrm() -> impl Strategy<Value = Bytes> + Clone {
    prop_oneof![
        8 => prop::sample::select(vec![
            "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "get", "put", "PROPFIND", "",
            "GET, PUT", "G ET", " PUT", "PUT ",
        ]).prop_map(|m| m.as_bytes().to_vec()),
        1 => header_bytes(12),
    ]
    .prop_map(|bytes| Bytes(sanitize(bytes)))
}

const HEADER_NAMES: [&str; 18] = [
    "x-token",
    "authorization",
    "Authorization",
    "content-type",
    "Content-Type",
    "x-csrf",
    "X-CSRF",
    "x-tenant",
    "x-requested-with",
    "accept",
    "x-other",
    "bad name",
    "",
    "x@y",
    "*",
    "x-a\u{e9}",
    "accept-language",
    "x:y",
];

fn acrh_line() -> impl Strategy<Value = Bytes> + Clone {
    let separator = prop::sample::select(vec![",", ", ", " , ", ",\t", ",,"]);
    prop_oneof![
        12 => (prop::collection::vec(prop::sample::select(HEADER_NAMES.to_vec()), 0..6), separator)
            .prop_map(|(names, sep)| names.join(sep).into_bytes()),
        1 => header_bytes(30),
        // "Thousands of ACRH entries" (SPEC §4 Hostile input).
        1 => (ACRH_MANY..3 * ACRH_MANY, prop::sample::select(vec!["x-token", "accept", "x-a"]))
            .prop_map(|(n, name)| vec![name; n].join(",").into_bytes()),
    ]
    .prop_map(|bytes| Bytes(sanitize(bytes)))
}

/// Few header names in total, or very many: see [`ACRH_FEW`].
fn acrh_lines() -> impl Strategy<Value = Vec<Bytes>> + Clone {
    prop::collection::vec(acrh_line(), 0..3).prop_filter("between few and many names", |lines| {
        let names: usize = lines
            .iter()
            .map(|l| {
                l.0.split(|&b| b == b',')
                    .filter(|n| !n.trim_ascii().is_empty())
                    .count()
            })
            .sum();
        names <= ACRH_FEW || names >= ACRH_MANY
    })
}

fn repeated<T: fmt::Debug + Clone>(
    item: impl Strategy<Value = T> + Clone,
) -> impl Strategy<Value = Vec<T>> + Clone {
    prop_oneof![
        2 => Just(vec![]),
        10 => item.clone().prop_map(|i| vec![i]),
        1 => prop::collection::vec(item, 2..4),
    ]
}

/// Preflights, actual requests, and anything at all, in proportions that
/// reach every branch of the model.
pub fn request() -> impl Strategy<Value = GenRequest> {
    prop::sample::select(PATHS.to_vec()).prop_flat_map(request_to)
}

/// The methods `path` registers handlers for.
fn registered_on(path: &str) -> Vec<&'static str> {
    match path {
        "/exact" => vec!["GET", "PUT"],
        "/env" | "/missing" => vec!["GET"],
        "/registered" => vec!["GET", "POST", "DELETE", "OPTIONS"],
        _ => vec!["GET", "POST"],
    }
}

fn request_to(path: &'static str) -> impl Strategy<Value = GenRequest> {
    let registered = prop::sample::select(registered_on(path));
    let requested = prop_oneof![
        6 => registered.clone().prop_map(|m| vec![Bytes(m.as_bytes().to_vec())]),
        3 => prop::sample::select(vec!["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
            .prop_map(|m| vec![Bytes(m.as_bytes().to_vec())]),
        1 => repeated(acrm()),
    ];
    let few_headers = prop_oneof![2 => Just(vec![]), 1 => acrh_lines()];
    let preflight = (
        Just("OPTIONS"),
        prop_oneof![8 => origin(path).prop_map(|o| vec![o]), 1 => repeated(origin(path))],
        requested,
        few_headers.clone(),
        prop::option::weighted(0.1, prop::sample::select(vec!["true", "TRUE", "false"])),
    );
    let actual = (
        prop_oneof![registered, prop::sample::select(METHODS.to_vec())],
        repeated(origin(path)),
        prop_oneof![4 => Just(vec![]), 1 => repeated(acrm())],
        few_headers,
        Just(None),
    );
    let anything = (
        prop::sample::select(METHODS.to_vec()),
        repeated(origin(path)),
        repeated(acrm()),
        acrh_lines(),
        prop::option::weighted(0.1, prop::sample::select(vec!["true", "TRUE", "false"])),
    );
    prop_oneof![3 => preflight, 2 => actual, 1 => anything].prop_map(
        move |(method, origins, acrm, acrh, acrpn)| GenRequest {
            method: method.to_owned(),
            path,
            origins,
            acrm,
            acrh,
            acrpn: acrpn.map(str::to_owned),
        },
    )
}

/// An `env(...)` value: which of `entries` it lists, and the separator a
/// person might type between them.
pub fn env_value(entries: usize) -> impl Strategy<Value = (Vec<usize>, &'static str)> {
    (
        prop::sample::subsequence((0..entries).collect::<Vec<_>>(), 1..=entries),
        prop::sample::select(vec![",", ", ", " , ", ",\t"]),
    )
}

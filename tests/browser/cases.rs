//! The browser suite's cases: one `fetch()` (or a few), or a WebSocket, from a page, and what
//! must follow in every engine. A case is data: the request, the expected
//! outcome, and, where engines legitimately differ, each differing engine's
//! own expectation with the source that documents it
//! ([`Case::except_in`]).

use super::engines::Engine;

/// The page a case runs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `http://localhost:3000`: listed by the API's policies.
    Listed,
    /// `http://127.0.0.1:3000`: another origin (same port, another host), not listed.
    Refused,
}

impl Page {
    pub fn origin(self) -> &'static str {
        match self {
            Self::Listed => "http://localhost:3000",
            Self::Refused => "http://127.0.0.1:3000",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Listed => "listed",
            Self::Refused => "refused",
        }
    }
}

const LISTED: Page = Page::Listed;
const REFUSED: Page = Page::Refused;
#[allow(unused_imports)] // for `except_in` rows
use Engine::{Chromium as CHROMIUM, Firefox as FIREFOX, WebKit as WEBKIT};

#[derive(Debug, Clone)]
pub enum Outcome {
    /// The page reads the answer: this status, a body containing this text.
    Readable {
        status: u16,
        body_contains: &'static str,
    },
    /// `fetch()` rejects: nothing to read.
    Blocked,
    /// A WebSocket connects, and the echo of the case's message contains this text.
    Echoed(&'static str),
}

/// What must follow a case's request in one engine.
#[derive(Debug, Clone)]
pub struct Expectation {
    pub outcome: Outcome,
    /// Response headers the page reads: `Some(value)` readable, `None` hidden.
    pub read: Vec<(&'static str, Option<&'static str>)>,
    /// Statuses of the preflights the API answered for this case, in order.
    pub preflights: Option<Vec<u16>>,
    /// Non-OPTIONS requests that reached the API.
    pub sent: Option<usize>,
    /// Statuses the API answered those requests with, in order: the gate's
    /// 403 shows that the handler never ran.
    pub answered: Option<Vec<u16>>,
    /// How much the demo's feedback count (`GET /api/feedback`) grew.
    pub feedback_grows: Option<u64>,
}

impl Expectation {
    pub fn readable(mut self, status: u16, body_contains: &'static str) -> Self {
        self.outcome = Outcome::Readable {
            status,
            body_contains,
        };
        self
    }
    pub fn blocked(mut self) -> Self {
        self.outcome = Outcome::Blocked;
        self
    }
    pub fn sees(mut self, header: &'static str, value: &'static str) -> Self {
        self.read.push((header, Some(value)));
        self
    }
    pub fn hidden(mut self, header: &'static str) -> Self {
        self.read.push((header, None));
        self
    }
    pub fn preflights(mut self, statuses: &[u16]) -> Self {
        self.preflights = Some(statuses.to_vec());
        self
    }
    pub fn no_preflight(self) -> Self {
        self.preflights(&[])
    }
    pub fn sent(mut self, count: usize) -> Self {
        self.sent = Some(count);
        self
    }
    /// The actual requests reached the API and it answered them with `statuses`.
    pub fn answered(mut self, statuses: &[u16]) -> Self {
        self.sent = Some(statuses.len());
        self.answered = Some(statuses.to_vec());
        self
    }
    pub fn echoed(mut self, contains: &'static str) -> Self {
        self.outcome = Outcome::Echoed(contains);
        self
    }
    pub fn feedback_grows(mut self, by: u64) -> Self {
        self.feedback_grows = Some(by);
        self
    }
}

/// Engines in which `cors_runtime::testing` predicts otherwise than the
/// engine decides, because the engine departs from the Fetch standard the kit
/// follows (or the kit does not model something): a documented difference.
#[derive(Debug)]
pub struct KitDifference {
    pub engines: &'static [Engine],
    /// What differs, and the source documenting it.
    pub why: &'static str,
}

/// Engines whose documented behaviour differs from the case's expectation.
#[derive(Debug)]
pub struct Difference {
    pub engines: &'static [Engine],
    /// What differs, and the source documenting it.
    pub why: &'static str,
    pub expected: Expectation,
}

/// One browser case: a `fetch()` (or two) from a page, and what must follow.
#[derive(Debug)]
pub struct Case {
    pub name: &'static str,
    pub page: Page,
    pub method: &'static str,
    pub path: &'static str,
    pub credentials: bool,
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: Option<&'static str>,
    pub repeat: usize,
    /// The methods of the calls after the first, when they differ from `method`.
    pub then: Vec<&'static str>,
    /// A WebSocket (`new WebSocket(ws://...)`, send `body`, await the echo)
    /// instead of a `fetch()`; the test kit models no WebSocket.
    pub websocket: bool,
    /// What every engine not named in `differences` must do.
    pub expected: Expectation,
    pub differences: Vec<Difference>,
    /// A runtime bug this case exposes: reported, not failed, until fixed.
    pub known_bug: Option<&'static str>,
    /// Where the test kit's prediction differs from an engine's decision.
    pub kit_differences: Vec<KitDifference>,
}

fn case(name: &'static str, page: Page, method: &'static str, path: &'static str) -> Case {
    Case {
        name,
        page,
        method,
        path,
        credentials: false,
        headers: Vec::new(),
        body: None,
        repeat: 1,
        then: Vec::new(),
        websocket: false,
        expected: Expectation {
            outcome: Outcome::Blocked,
            read: Vec::new(),
            preflights: None,
            sent: None,
            answered: None,
            feedback_grows: None,
        },
        differences: Vec::new(),
        known_bug: None,
        kit_differences: Vec::new(),
    }
}

/// `Case` builds its shared expectation with `Expectation`'s methods.
macro_rules! expectation_methods {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        impl Case {
            $(fn $name(mut self, $($arg: $ty),*) -> Self {
                self.expected = self.expected.$name($($arg),*);
                self
            })*
        }
    };
}

expectation_methods! {
    readable(status: u16, body_contains: &'static str);
    blocked();
    sees(header: &'static str, value: &'static str);
    hidden(header: &'static str);
    preflights(statuses: &[u16]);
    no_preflight();
    sent(count: usize);
    answered(statuses: &[u16]);
    echoed(contains: &'static str);
    feedback_grows(by: u64);
}

impl Case {
    fn credentials(mut self) -> Self {
        self.credentials = true;
        self
    }
    fn header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.push((name, value));
        self
    }
    fn json(self, body: &'static str) -> Self {
        let mut case = self.header("content-type", "application/json");
        case.body = Some(body);
        case
    }
    fn text(self, body: &'static str) -> Self {
        let mut case = self.header("content-type", "text/plain");
        case.body = Some(body);
        case
    }
    /// A WebSocket to the case's path that sends `message`.
    fn websocket(mut self, message: &'static str) -> Self {
        self.websocket = true;
        self.body = Some(message);
        self
    }
    #[allow(dead_code)] // for a documented disagreement between the kit and an engine
    fn kit_differs_in(mut self, engines: &'static [Engine], why: &'static str) -> Self {
        self.kit_differences.push(KitDifference { engines, why });
        self
    }
    /// Why the test kit's prediction may differ from `engine`'s decision, if it may.
    pub fn kit_differs(&self, engine: Engine) -> Option<&'static str> {
        self.kit_differences
            .iter()
            .find(|difference| difference.engines.contains(&engine))
            .map(|d| d.why)
    }
    /// Another call after the others, with `method`, to the same URL.
    fn then(mut self, method: &'static str) -> Self {
        self.then.push(method);
        self.repeat = 1 + self.then.len();
        self
    }
    /// The method of call `call` (1-based).
    pub fn method_of_call(&self, call: usize) -> &'static str {
        if call >= 2 {
            self.then.get(call - 2).copied().unwrap_or(self.method)
        } else {
            self.method
        }
    }
    fn twice(mut self) -> Self {
        self.repeat = 2;
        self
    }
    #[allow(dead_code)] // used while a runtime bug is open
    fn known_bug(mut self, what: &'static str) -> Self {
        self.known_bug = Some(what);
        self
    }

    /// In `engines`, expect what `change` makes of the shared expectation
    /// (as built so far), because of `why`: the difference and its source.
    fn except_in(
        mut self,
        engines: &'static [Engine],
        why: &'static str,
        change: impl FnOnce(Expectation) -> Expectation,
    ) -> Self {
        let expected = change(self.expected.clone());
        self.differences.push(Difference {
            engines,
            why,
            expected,
        });
        self
    }

    /// What `engine` must do, and why it differs from the others if it does.
    pub fn expected_in(&self, engine: Engine) -> (&Expectation, Option<&'static str>) {
        match self
            .differences
            .iter()
            .find(|difference| difference.engines.contains(&engine))
        {
            Some(difference) => (&difference.expected, Some(difference.why)),
            None => (&self.expected, None),
        }
    }
}

/// `accept-language` values of 128 bytes (the safelisted limit) and 129.
const LANGUAGE_128: &str = concat!(
    "fr-FR,fr;q=0.9,en-GB;q=0.8,en;q=0.7,de-DE;q=0.6,de;q=0.5,it-IT;q=0.4,it;q=0.3,",
    "es-ES;q=0.2,es;q=0.1,nl-NL;q=0.1,nl;q=0.1,pt;q=0.1"
);
const LANGUAGE_129: &str = concat!(
    "fr-FR,fr;q=0.9,en-GB;q=0.8,en;q=0.7,de-DE;q=0.6,de;q=0.5,it-IT;q=0.4,it;q=0.3,",
    "es-ES;q=0.2,es;q=0.1,nl-NL;q=0.1,nl;q=0.1,pt;q=0.01"
);

/// Every case, grouped by page. Demo routes first (`src/demo/api.rs`), then
/// the test-only routes of `tests/browser/routes.rs`.
pub fn cases() -> Vec<Case> {
    vec![
        // --- /api/data: the Express config as a router-wide `cors_layer!` (listed origins, credentials, max_age 600)
        case("simple GET, listed origin: body, exposed header readable, unexposed hidden", LISTED, "GET", "/api/data")
            .readable(200, "\"message\"").sees("x-total", "3").hidden("x-internal")
            .sees("content-type", "application/json").no_preflight().sent(1),
        case("credentialed GET, listed origin (ACAO echo + ACAC true)", LISTED, "GET", "/api/data")
            .credentials().readable(200, "\"revision\"").sees("x-total", "3").no_preflight().sent(1),
        case("HEAD is served and decorated as GET", LISTED, "HEAD", "/api/data")
            .credentials().readable(200, "").sees("x-total", "3").no_preflight().sent(1),
        case("preflighted PUT (JSON + listed x-api-key), credentialed", LISTED, "PUT", "/api/data")
            .credentials().header("x-api-key", "k").json(r#"{"message":"from the browser"}"#)
            .readable(200, "from the browser").preflights(&[204]).sent(1),
        case("max_age = 600: second preflighted PUT inside max_age sends no OPTIONS", LISTED, "PUT", "/api/data")
            .credentials().json(r#"{"message":"twice"}"#).twice()
            .readable(200, "twice").preflights(&[204]).sent(2),
        case("unlisted request header x-unlisted: preflight 403, PUT never sent", LISTED, "PUT", "/api/data")
            .credentials().header("x-unlisted", "1").json(r#"{"message":"no"}"#)
            .blocked().preflights(&[403]).sent(0),
        case("Authorization listed in allow_headers: allowed", LISTED, "GET", "/api/data")
            .credentials().header("authorization", "Bearer t")
            .readable(200, "\"message\"").preflights(&[204]).sent(1),
        // SPEC §7: the router-wide layer answers a preflight by its own `methods`,
        // and decorates axum's 405 like every other response.
        case("router-wide layer: PATCH is in `methods` (preflight 204), no handler: the 405 reaches the page", LISTED, "PATCH", "/api/data")
            .json(r#"{"message":"patch"}"#).readable(405, "").preflights(&[204]).sent(1),
        // --- /api/public: origins = "*"
        case("origins = \"*\", credentials omitted: readable", LISTED, "GET", "/api/public")
            .readable(200, "anyone may read").no_preflight(),
        case("origins = \"*\" with credentials: include: browser refuses ACAO *", LISTED, "GET", "/api/public")
            .credentials().blocked().no_preflight().sent(1),
        case("origins = \"*\", header not in allow_headers: preflight 403", LISTED, "GET", "/api/public")
            .header("x-requested-with", "fetch").blocked().preflights(&[403]).sent(0),
        // --- /api/items/{id}: GET public, DELETE for the admin site only
        case("per-method policies: GET (origins = \"*\") readable", LISTED, "GET", "/api/items/7")
            .readable(200, "item 7").no_preflight(),
        case("per-method policies: DELETE (admin origin only) refused by its own policy", LISTED, "DELETE", "/api/items/7")
            .credentials().header("authorization", "Bearer t").blocked().preflights(&[403]).sent(0),
        // --- /health: no #[cors]
        case("route without a policy: answered, but unreadable cross-origin", LISTED, "GET", "/health")
            .blocked().no_preflight().sent(1),
        // --- /api/orders: JSON body; extractor rejections carry CORS headers
        case("POST JSON accepted: 201 and exposed Location", LISTED, "POST", "/api/orders")
            .json(r#"{"item":"tea","qty":2}"#).readable(201, "\"tea\"").sees("location", "/api/orders/1")
            .preflights(&[204]).sent(1),
        case("malformed JSON: the 400 rejection reaches the page", LISTED, "POST", "/api/orders")
            .json(r#"{"item":"tea","qty":"#).readable(400, "").preflights(&[204]).sent(1),
        case("JSON missing a field: the 422 rejection reaches the page", LISTED, "POST", "/api/orders")
            .json(r#"{"item":"tea"}"#).readable(422, "qty").preflights(&[204]).sent(1),
        case("simple POST (text/plain, no preflight): the 415 rejection reaches the page", LISTED, "POST", "/api/orders")
            .text("item=tea").readable(415, "").no_preflight().sent(1),
        // --- /api/partner: listed origins, this page not among them
        case("origin not listed: actual GET answered without CORS headers, blocked", LISTED, "GET", "/api/partner")
            .blocked().no_preflight().sent(1),
        // --- test routes
        case("allow_headers = \"*\" covers a custom header; expose_headers = \"*\" exposes all", LISTED, "GET", "/t/wildcard-headers")
            .header("x-anything", "1").readable(200, "wildcards").sees("x-one", "1").sees("x-two", "2")
            .preflights(&[204]).sent(1),
        case("allow_headers = \"*\" never covers Authorization: preflight 403", LISTED, "GET", "/t/wildcard-headers")
            .header("authorization", "Bearer t").blocked().preflights(&[403]).sent(0),
        case("listed origin, no `credentials`, credentials omitted: readable", LISTED, "GET", "/t/no-credentials")
            .readable(200, "no credentials").no_preflight(),
        case("listed origin, no `credentials`, credentials: include: blocked (no ACAC)", LISTED, "GET", "/t/no-credentials")
            .credentials().blocked().no_preflight().sent(1),
        case("safelisted request headers (accept-language, content-language) need no preflight", LISTED, "GET", "/t/no-credentials")
            .header("accept-language", "fr").header("content-language", "de")
            .readable(200, "no credentials").no_preflight().sent(1),
        // Fetch standard, "CORS-safelisted request-header": a safelisted name is
        // safelisted only with a safe value (no byte like `"`, at most 128 bytes).
        case("accept-language of 128 bytes is still safelisted: no preflight", LISTED, "GET", "/t/no-credentials")
            .header("accept-language", LANGUAGE_128)
            .readable(200, "no credentials").no_preflight().sent(1),
        case("accept-language of 129 bytes is no longer safelisted: preflight, the safelisted name allowed", LISTED, "GET", "/t/no-credentials")
            .header("accept-language", LANGUAGE_129)
            .readable(200, "no credentials").preflights(&[204]).sent(1),
        case("accept with a CORS-unsafe byte (\") is not safelisted: preflight, the safelisted name allowed", LISTED, "GET", "/t/no-credentials")
            .header("accept", "text/html; q=\"1\"")
            .readable(200, "no credentials").preflights(&[204]).sent(1),
        case("range with a simple range value is safelisted: no preflight", LISTED, "GET", "/t/no-credentials")
            .header("range", "bytes=0-")
            .readable(200, "no credentials").no_preflight().sent(1),
        case("max_age = 0: the second call preflights again", LISTED, "PUT", "/t/no-cache")
            .json(r#"{"a":1}"#).twice().readable(200, "stored").preflights(&[204, 204]).sent(2),
        case("PATCH with a registered handler, methods omitted: allowed", LISTED, "PATCH", "/t/methods")
            .readable(200, "patched").preflights(&[204]).sent(1),
        case("no max_age (no Access-Control-Max-Age): a second PATCH right after", LISTED, "PATCH", "/t/methods")
            .twice().readable(200, "patched").preflights(&[204]).sent(2),
        case("lower-case `patch` is sent verbatim and is not PATCH: preflight 403", LISTED, "patch", "/t/methods")
            .blocked().preflights(&[403]).sent(0),
        case("handler error: the 500 reaches the page, credentialed", LISTED, "GET", "/t/error")
            .credentials().readable(500, "database on fire").no_preflight().sent(1),
        case("response of a layer inside the route (429) is decorated, Retry-After exposed", LISTED, "GET", "/t/limited")
            .readable(429, "slow down").sees("retry-after", "7").no_preflight().sent(1),
        case("per-method policies: PUT is for the other origin, preflight 403 here", LISTED, "PUT", "/t/split")
            .json("{}").blocked().preflights(&[403]).sent(0),
        case("per-method policies: GET for this origin, credentialed", LISTED, "GET", "/t/split")
            .credentials().readable(200, "get for localhost").no_preflight().sent(1),
        // --- the page at http://127.0.0.1:3000
        case("refused origin: simple GET answered but unreadable", REFUSED, "GET", "/api/data")
            .blocked().no_preflight().sent(1),
        case("refused origin: credentialed GET unreadable", REFUSED, "GET", "/api/data")
            .credentials().blocked().no_preflight().sent(1),
        case("refused origin: preflighted PUT gets 403, PUT never sent", REFUSED, "PUT", "/api/data")
            .credentials().json(r#"{"message":"no"}"#).blocked().preflights(&[403]).sent(0),
        case("refused origin: simple POST still reaches the server, answer unreadable", REFUSED, "POST", "/api/orders")
            .text("item=tea").blocked().no_preflight().sent(1),
        case("refused origin on origins = \"*\": readable", REFUSED, "GET", "/api/public")
            .readable(200, "anyone may read").no_preflight(),
        case("refused origin, per-method: public GET readable", REFUSED, "GET", "/api/items/7")
            .readable(200, "item 7").no_preflight(),
        case("refused origin, route without a policy: unreadable", REFUSED, "GET", "/health")
            .blocked().no_preflight().sent(1),
        case("per-method policies: PUT lists 127.0.0.1:3000, allowed from it", REFUSED, "PUT", "/t/split")
            .json("{}").readable(200, "put for 127.0.0.1").preflights(&[204]).sent(1),
        case("per-method policies: GET does not list 127.0.0.1:3000, blocked", REFUSED, "GET", "/t/split")
            .blocked().no_preflight().sent(1),
        // --- the router-wide layer's gate (`block_refused`, SPEC §7) and `#[cors(disabled)]`
        case("gate: refused page's text/plain POST (no preflight) answered 403, the handler never ran", REFUSED, "POST", "/api/feedback")
            .text("spam").blocked().no_preflight().answered(&[403]).feedback_grows(0),
        case("gate: refused page's WebSocket refused 403 at the upgrade, the echo handler never ran", REFUSED, "GET", "/api/echo")
            .websocket("hello").blocked().answered(&[403]),
        case("#[cors(disabled)]: a simple GET is answered without CORS headers, unreadable", LISTED, "GET", "/api/internal")
            .blocked().no_preflight().answered(&[200]),
        case("#[cors(disabled)]: a preflighted GET gets preflight 403, never sent", LISTED, "GET", "/api/internal")
            .header("x-api-key", "k").blocked().preflights(&[403]).sent(0),
        case("listed page's text/plain credentialed POST: readable 200, the handler counted it", LISTED, "POST", "/api/feedback")
            .credentials().text("great demo").readable(200, "\"received\"").no_preflight().answered(&[200])
            .feedback_grows(1),
        case("listed page's WebSocket connects (101) and its message comes back", LISTED, "GET", "/api/echo")
            .websocket("hello").echoed("echo: hello").answered(&[101]),
        // --- where engines part from the Fetch standard (hand-written headers, tests/browser/routes.rs)
        // Fetch standard, CORS-preflight fetch: a max-age that fails to parse is
        // the 5 s default. The test kit's `Engine::Firefox` models Firefox's way.
        case("Access-Control-Max-Age: soon (no number): the standard caches 5 s, a second PUT right after", LISTED, "PUT", "/t/bad-max-age")
            .twice().readable(200, "bad max-age").preflights(&[204]).answered(&[200, 200])
            .except_in(
                &[FIREFOX],
                "Firefox caches nothing for an Access-Control-Max-Age that is not all digits \
                 (netwerk/protocol/http/nsCORSListenerProxy.cpp, nsCORSPreflightListener::AddResultToCache \
                 returns before adding the entry); the test kit's Engine::Firefox predicts it",
                |expected| expected.preflights(&[204, 204]),
            ),
        // Fetch standard, CORS-preflight cache: one entry per method and per
        // header name, so PUT's entry outlives DELETE's preflight. Chromium and
        // WebKit keep one preflight result per origin and URL and replace it.
        case("preflights allowing only the asked method: PUT, DELETE, then PUT again (cached by the standard)", LISTED, "PUT", "/t/one-method")
            .then("DELETE").then("PUT").readable(200, "one method").preflights(&[204, 204]).answered(&[200, 200, 200])
            .except_in(
                &[CHROMIUM, WEBKIT],
                "one preflight result per (origin, URL), replaced by the next preflight, so the DELETE \
                 preflight's answer (DELETE only) evicts PUT: Chromium services/network/cors/preflight_cache.cc \
                 (PreflightCache::AppendEntry), WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp \
                 (appendEntry keyed by origin and URL)",
                |expected| expected.preflights(&[204, 204, 204]),
            ),
    ]
}

#[test]
fn a_difference_applies_to_its_own_engines_only() {
    let case = case(
        "one preflight fewer in WebKit",
        LISTED,
        "PUT",
        "/t/no-cache",
    )
    .twice()
    .preflights(&[204, 204])
    .except_in(&[WEBKIT], "the source", |expected| {
        expected.preflights(&[204])
    });
    assert_eq!(
        case.expected_in(CHROMIUM).0.preflights,
        Some(vec![204, 204])
    );
    assert_eq!(case.expected_in(CHROMIUM).1, None);
    assert_eq!(case.expected_in(WEBKIT).0.preflights, Some(vec![204]));
    assert_eq!(case.expected_in(WEBKIT).1, Some("the source"));
}

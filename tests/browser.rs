//! SPEC §4 proved in the three browser engines Debian ships: Chromium
//! (chromedriver), Firefox ESR (geckodriver) and WebKitGTK's MiniBrowser
//! (WebKitWebDriver), all driven by fantoccini. Each engine loads pages from
//! two origins and `fetch()`es the demo API plus a few test-only routes
//! (or opens a WebSocket to it); each case (`tests/browser/cases.rs`) asserts
//! what the page could read (status, body, exposed and unexposed headers, the
//! echo) or that the browser refused it, and what the API saw (preflights and
//! their status, the statuses of the actual requests: the gate's 403 shows a
//! handler never ran; for `/api/feedback`, the demo's count too). Every
//! `fetch()` case is also put to the test kit (`cors_runtime::testing`, one
//! `Browser` per page origin, with the engine's `Engine`), against a second
//! copy of the same API: the kit must predict exactly what the engine decided
//! (allowed, preflight sent, status, every readable header), call by call,
//! unless the case documents the difference (`Case::kit_differs_in`). Then the demo page itself is screenshotted and its table
//! counted. Every case runs in every engine, each in a fresh browser against
//! fresh servers; where engines legitimately differ, the case states each
//! engine's own expectation and its source (`Case::except_in`).
//!
//! Origins: `#[cors]` policies are fixed at compile time, so the pages must
//! come from exactly the origins the policies name: `http://localhost:3000`
//! (listed) and `http://127.0.0.1:3000` (a different origin, listed nowhere
//! but one test route). Nothing binds port 3000. Instead every engine sends all
//! its HTTP traffic, loopback included, to the suite's own proxy
//! (`tests/browser/proxy.rs`), which hands each request to the app registered
//! for the origin the browser asked for: the browser still computes and
//! sends those origins. One scheme for all three, because only Chromium has
//! `--host-resolver-rules`, and Firefox's `network.dns.localDomains` or extra
//! loopback addresses change the host, never the port. Each engine's switch:
//! Chromium `--proxy-server` with `--proxy-bypass-list=<-loopback>`; Firefox
//! the `network.proxy.*` prefs with `network.proxy.allow_hijacking_localhost`;
//! MiniBrowser `--proxy` with an empty `--ignore-host`. The API itself is on a
//! free loopback port, reached through the same proxy. `ws://` through a
//! proxy is a `CONNECT`, which the proxy tunnels to the app's own server (the
//! demo page's WebSocket row goes that way in all three engines).
//!
//! Where the engines differ, and what the suite asserts:
//! - Error reporting: a blocked `fetch()` rejects with a TypeError whose
//!   message is the engine's own ("Failed to fetch", "NetworkError when
//!   attempting to fetch resource.", "Load failed"; sources at
//!   `Engine::fetch_error`); every blocked case checks its engine's message.
//! - Preflight cache caps (Chromium 7200 s, Firefox 86400 s, WebKit 600 s):
//!   a cap only shows after 600 s, longer than a run, so no case claims one.
//!   Within a run all three honour `max_age = 600`, `max_age = 0`, and the
//!   Fetch standard's 5 s default when `Access-Control-Max-Age` is absent.
//! - Private Network Access preflights (`Access-Control-Request-Private-Network`)
//!   were Chromium's alone, and Chromium replaced them in 2025 with Local
//!   Network Access, a permission rather than a preflight; Firefox ESR 153
//!   ships its own Local Network Access (the `network.lna.*` prefs); WebKit
//!   has neither. Both apply only when a page fetches a more private address
//!   space than its own; here every page and the API are loopback, so no
//!   engine makes the check, and every case's preflight count holds in all
//!   three. (Tried by hand, a page marked public fetching a loopback server:
//!   Chromium 156 with `--ip-address-space-overrides` rejects at once,
//!   Firefox ESR 153 with `network.lna.address_space.public.override` leaves
//!   the fetch pending (its permission prompt, unanswered when headless);
//!   in neither does anything reach the server, no preflight at all.)
//! - `*`: ESR 153, WebKitGTK 2.50 and Chromium 156 agree on every `*` case:
//!   `Access-Control-Allow-Origin: *` refused with credentials, `allow_headers =
//!   "*"` never covering `Authorization`, `expose_headers = "*"` exposing all.
//!
//! - Preflight cache: Firefox caches nothing for a non-numeric
//!   `Access-Control-Max-Age` (the standard: 5 s); Chromium and WebKit keep one
//!   preflight result per origin and URL, replaced by each preflight (the
//!   standard: an entry per method and header). Cases 52 and 53 show both,
//!   with sources; the kit models the first (`Engine::Firefox`), not the second.
//! - `Date`: hyper adds it on the wire, the kit calls the router in-process;
//!   the comparison ignores it when the kit has none.
//!
//! WebSockets: a socket closed right after the last message makes Firefox
//! drop that message, so the probe holds it open 200 ms after the echo.
//!
//! WebKitGTK has no headless mode: when `DISPLAY` is unset the suite starts
//! its own Xvfb for it, so plain `cargo test` runs all three engines.
//!
//! An engine whose browser or driver is missing is skipped loudly, unless
//! `CI` is set (as `.ci/run` does), where that fails the suite. `BROWSER_ENGINES`
//! (e.g. `firefox,webkit`) limits a run to some engines (refused under `CI`).
//!
//! Output: `target/browser/report.txt` (every case and what each engine
//! decided, timings) and `target/browser/<engine>/demo-*.png`.

#[path = "browser/cases.rs"]
mod cases;
#[path = "browser/engines.rs"]
mod engines;
#[path = "browser/harness.rs"]
mod harness;
#[path = "browser/proxy.rs"]
mod proxy;
#[path = "browser/routes.rs"]
mod routes;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::response::Html;
use cases::{cases, Case, Expectation, Outcome, Page};
use cors_runtime::testing;
use cors_suite::demo;
use engines::{Engine, Install};
use fantoccini::Client;
use harness::RequestLog;
use serde::Deserialize;

/// What the page could read of one `fetch()`.
#[derive(Debug, Deserialize)]
struct PageRead {
    readable: bool,
    status: Option<u16>,
    body: Option<String>,
    headers: serde_json::Map<String, serde_json::Value>,
    /// Every header the page could read (`[...response.headers]`).
    #[serde(default)]
    all: BTreeMap<String, String>,
    error: Option<String>,
}

impl PageRead {
    fn describe(&self, read: &[(&str, Option<&str>)]) -> String {
        if !self.readable {
            return format!("BLOCKED ({})", self.error.as_deref().unwrap_or("?"));
        }
        if self.status.is_none() {
            return format!("ECHO {:?}", self.body.as_deref().unwrap_or(""));
        }
        let mut text = format!("READ {}", self.status.unwrap_or(0));
        for (name, _) in read {
            match self.headers.get(*name).and_then(|v| v.as_str()) {
                Some(value) => write!(text, " {name}={value}").unwrap(),
                None => write!(text, " {name}=(hidden)").unwrap(),
            }
        }
        text
    }
}

const PROBE_SCRIPT: &str = r#"
const spec = arguments[0];
const done = arguments[arguments.length - 1];
window.probe(spec).then(done, (error) => done([{ readable: false, status: null, body: null, headers: {}, error: "probe failed: " + error }]));
"#;

/// Checks what the page read against `expected`.
fn check_reads(
    engine: Engine,
    case: &Case,
    expected: &Expectation,
    reads: &[PageRead],
    problems: &mut Vec<String>,
) {
    for (i, read) in reads.iter().enumerate() {
        let which = if case.repeat > 1 {
            format!("call {}: ", i + 1)
        } else {
            String::new()
        };
        match (&expected.outcome, read.readable) {
            (Outcome::Blocked, false) if case.websocket => {}
            (Outcome::Blocked, false) => {
                // Each engine reports every CORS failure with its own fixed message.
                if read.error.as_deref() != Some(engine.fetch_error()) {
                    problems.push(format!(
                        "{which}fetch failed with {:?}, expected {:?}",
                        read.error,
                        engine.fetch_error()
                    ));
                }
            }
            (Outcome::Blocked, true) => problems.push(format!(
                "{which}expected a CORS failure, the page read status {:?}",
                read.status
            )),
            (Outcome::Echoed(_), false) => problems.push(format!(
                "{which}expected the WebSocket to echo, it failed: {}",
                read.error.as_deref().unwrap_or("?")
            )),
            (Outcome::Echoed(contains), true) => {
                let body = read.body.as_deref().unwrap_or("");
                if !body.contains(contains) {
                    problems.push(format!("{which}the echo {body:?} lacks {contains:?}"));
                }
            }
            (Outcome::Readable { .. }, false) => problems.push(format!(
                "{which}expected a readable answer, fetch failed: {}",
                read.error.as_deref().unwrap_or("?")
            )),
            (
                Outcome::Readable {
                    status,
                    body_contains,
                },
                true,
            ) => {
                if read.status != Some(*status) {
                    problems.push(format!(
                        "{which}status {:?}, expected {status}",
                        read.status
                    ));
                }
                let body = read.body.as_deref().unwrap_or("");
                if !body.contains(body_contains) {
                    problems.push(format!("{which}body {body:?} lacks {body_contains:?}"));
                }
                for (name, want) in &expected.read {
                    let got = read.headers.get(*name).and_then(|v| v.as_str());
                    if got != *want {
                        problems.push(format!(
                            "{which}header {name}: page read {got:?}, expected {want:?}"
                        ));
                    }
                }
            }
        }
    }
}

/// What the test kit made of one case, against the engine's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KitVerdict {
    /// The kit predicted exactly what the engine decided, call by call.
    Agrees,
    /// It did not, as the case documents (`Case::kit_differs_in`).
    DiffersDocumented,
    Differs,
    /// The case is a WebSocket: the kit models `fetch()` only.
    NotApplicable,
}

impl KitVerdict {
    fn label(self) -> &'static str {
        match self {
            Self::Agrees => "agrees",
            Self::DiffersDocumented => "differs*",
            Self::Differs => "DIFFERS",
            Self::NotApplicable => "n/a",
        }
    }
}

/// The suite's API for one engine: served to the browser, and built a second
/// time, unserved and with its own state, for the test kit (so the kit's
/// requests neither show in the browser's request log nor move the demo's
/// counters; both see the same sequence of requests, so the same state).
struct Servers {
    api: String,
    log: RequestLog,
    state: demo::api::AppState,
    kit_app: axum::Router,
}

/// The suite's API: the demo's routes and the test routes.
fn api_router(state: demo::api::AppState) -> axum::Router {
    demo::api::app_with_state(state).merge(routes::app())
}

/// The test kit's model of `engine` (its preflight-cache limits).
fn kit_engine(engine: Engine) -> testing::Engine {
    match engine {
        Engine::Chromium => testing::Engine::Chromium,
        Engine::Firefox => testing::Engine::Firefox,
        Engine::WebKit => testing::Engine::WebKit,
    }
}

/// One test-kit browser per page origin, like the engine's one profile.
struct Kit {
    listed: testing::Browser,
    refused: testing::Browser,
}

impl Kit {
    fn new(engine: Engine, api: &str) -> Self {
        let at = |page: Page| {
            testing::Browser::at(page.origin())
                .server_origin(api)
                .engine(kit_engine(engine))
        };
        Self {
            listed: at(Page::Listed),
            refused: at(Page::Refused),
        }
    }

    fn at(&mut self, page: Page) -> &mut testing::Browser {
        match page {
            Page::Listed => &mut self.listed,
            Page::Refused => &mut self.refused,
        }
    }

    /// What the kit predicts for one call of `case`, fetched from the kit's app.
    async fn predict(
        &mut self,
        app: &axum::Router,
        case: &Case,
        call: usize,
        target: &str,
    ) -> testing::Summary {
        let method = axum::http::Method::from_bytes(case.method_of_call(call).as_bytes())
            .expect("a case's method is a token");
        let mut request = axum::http::Request::builder().method(method).uri(target);
        for (name, value) in &case.headers {
            request = request.header(*name, *value);
        }
        let body = case
            .body
            .map_or_else(axum::body::Body::empty, axum::body::Body::from);
        let request = request.body(body).expect("a case's request is valid");
        self.at(case.page)
            .fetch(app, request)
            .credentials(case.credentials)
            .await
            .summary()
    }
}

/// The demo's feedback count, straight from its handler.
async fn feedback_count(state: &demo::api::AppState) -> u64 {
    let axum::Json(count) = demo::api::feedback_count(axum::extract::State(state.clone())).await;
    count["received"]
        .as_u64()
        .expect("the feedback count is a number")
}

/// Where the engine's decision on one call and the kit's prediction differ.
fn kit_mismatches(
    engine_read: &PageRead,
    engine_preflight: bool,
    kit: &testing::Summary,
) -> Vec<String> {
    let mut mismatches = Vec::new();
    if kit.allowed != engine_read.readable {
        let said = |allowed: bool| if allowed { "allowed" } else { "blocked" };
        mismatches.push(format!(
            "kit {}, engine {}",
            said(kit.allowed),
            said(engine_read.readable)
        ));
    }
    if kit.preflight_sent != engine_preflight {
        mismatches.push(format!(
            "kit preflight sent {}, engine {engine_preflight}",
            kit.preflight_sent
        ));
    }
    let engine_status = if engine_read.readable {
        engine_read.status
    } else {
        None
    };
    if kit.status != engine_status {
        mismatches.push(format!(
            "kit status {:?}, engine {engine_status:?}",
            kit.status
        ));
    }
    // hyper adds `Date` to every response on the wire; the kit calls the
    // router in-process, so it never sees one (readable here only through
    // `expose_headers = "*"`).
    let mut engine_headers = engine_read.all.clone();
    if !kit.readable_headers.contains_key("date") {
        engine_headers.remove("date");
    }
    if kit.readable_headers != engine_headers {
        mismatches.push(format!(
            "kit reads headers {:?}, engine {engine_headers:?}",
            kit.readable_headers
        ));
    }
    mismatches
}

/// One case in one engine: the report line, the problems found, and the test kit's verdict.
struct CaseRun {
    line: String,
    problems: Vec<String>,
    kit: KitVerdict,
    /// Why the kit did not agree (shown in the report).
    kit_notes: Vec<String>,
}

/// Runs one case in one engine, and asks the test kit the same for each call.
async fn run_case(
    engine: Engine,
    client: &Client,
    servers: &Servers,
    kit: &mut Kit,
    number: usize,
    case: &Case,
) -> CaseRun {
    let (expected, _) = case.expected_in(engine);
    let target = format!("{}?engine={}&case={number}", case.path, engine.name());
    let scheme = if case.websocket { "ws" } else { "http" };
    let url = format!("{scheme}{}{target}", servers.api.trim_start_matches("http"));
    let spec = serde_json::json!({
        "url": url,
        "method": case.method,
        "credentials": case.credentials,
        "headers": case.headers.iter().map(|(n, v)| [n, v]).collect::<Vec<_>>(),
        "body": case.body,
        "repeat": 1,
        "websocket": case.websocket,
        "read": expected.read.iter().map(|(n, _)| n).collect::<Vec<_>>(),
    });
    let mut problems = Vec::new();
    let mut kit_notes = Vec::new();
    let feedback_before = feedback_count(&servers.state).await;
    let mut reads: Vec<PageRead> = Vec::new();
    // One call at a time, so the log shows whether each call was preflighted.
    for call in 1..=case.repeat {
        let before = servers.log.for_target(&target).len();
        let mut spec = spec.clone();
        spec["method"] = case.method_of_call(call).into();
        let read: PageRead = match client.execute_async(PROBE_SCRIPT, vec![spec]).await {
            Ok(value) => {
                let mut calls: Vec<PageRead> =
                    serde_json::from_value(value).expect("probe result shape");
                calls.pop().expect("the probe answers one call")
            }
            Err(error) => {
                problems.push(format!("the probe script failed: {error}"));
                break;
            }
        };
        let engine_preflight = servers.log.for_target(&target)[before..]
            .iter()
            .any(|s| s.method == axum::http::Method::OPTIONS);
        if !case.websocket {
            let predicted = kit.predict(&servers.kit_app, case, call, &target).await;
            let which = if case.repeat > 1 {
                format!("call {call}: ")
            } else {
                String::new()
            };
            kit_notes.extend(
                kit_mismatches(&read, engine_preflight, &predicted)
                    .into_iter()
                    .map(|m| format!("{which}{m}")),
            );
        }
        reads.push(read);
    }
    check_reads(engine, case, expected, &reads, &mut problems);

    let seen = servers.log.for_target(&target);
    let preflights: Vec<u16> = seen
        .iter()
        .filter(|s| s.method == axum::http::Method::OPTIONS)
        .map(|s| s.status)
        .collect();
    let answered: Vec<u16> = seen
        .iter()
        .filter(|s| s.method != axum::http::Method::OPTIONS)
        .map(|s| s.status)
        .collect();
    if let Some(want) = &expected.preflights {
        if &preflights != want {
            problems.push(format!(
                "API answered preflights {preflights:?}, expected {want:?}"
            ));
        }
    }
    if let Some(want) = expected.sent {
        if answered.len() != want {
            problems.push(format!(
                "{} actual request(s) reached the API, expected {want}",
                answered.len()
            ));
        }
    }
    if let Some(want) = &expected.answered {
        if &answered != want {
            problems.push(format!(
                "API answered the actual request(s) {answered:?}, expected {want:?}"
            ));
        }
    }
    let feedback_grew = feedback_count(&servers.state).await - feedback_before;
    if let Some(want) = expected.feedback_grows {
        if feedback_grew != want {
            problems.push(format!(
                "the feedback count grew by {feedback_grew}, expected {want}"
            ));
        }
    }

    let kit_verdict = match (
        case.websocket,
        kit_notes.is_empty(),
        case.kit_differs(engine),
    ) {
        (true, _, _) => KitVerdict::NotApplicable,
        (false, true, None) => KitVerdict::Agrees,
        (false, false, Some(_)) => KitVerdict::DiffersDocumented,
        (false, false, None) => {
            problems.extend(
                kit_notes
                    .iter()
                    .map(|note| format!("test kit disagrees: {note}")),
            );
            KitVerdict::Differs
        }
        (false, true, Some(why)) => {
            problems.push(format!(
                "the kit agrees although the case documents a difference: {why}"
            ));
            KitVerdict::Agrees
        }
    };

    let decided: Vec<String> = reads
        .iter()
        .map(|read| read.describe(&expected.read))
        .collect();
    let line = format!(
        "{number:>2} {:<7} {:<6}{} {:<22} -> {} | API saw OPTIONS {:?}, answered {:?} | kit {} {}",
        case.page.label(),
        if case.websocket { "WS" } else { case.method },
        if case.credentials { "+cred" } else { "     " },
        case.path,
        decided.join(", then "),
        preflights,
        answered,
        kit_verdict.label(),
        case.name,
    );
    CaseRun {
        line,
        problems,
        kit: kit_verdict,
        kit_notes,
    }
}

/// Loads the demo page from `origin`, waits for every row, counts green and
/// red rows in the DOM, checks their colours, and saves a screenshot.
async fn check_demo_page(
    engine: Engine,
    client: &Client,
    origin: &str,
    expected: (usize, usize),
    png: &str,
) -> (String, Vec<String>) {
    let mut problems = Vec::new();
    client
        .goto(&format!("{origin}/"))
        .await
        .expect("open the demo page");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let done = client
            .execute("return document.body.dataset.done || null", vec![])
            .await
            .expect("poll");
        match done.as_str() {
            Some("true") => break,
            Some(other) => {
                problems.push(format!("demo page at {origin} reports {other:?}"));
                break;
            }
            None if Instant::now() > deadline => {
                problems.push(format!("demo page at {origin} did not finish within 30 s"));
                break;
            }
            None => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let counts = client
        .execute(
            r##"
            const rows = [...document.querySelectorAll("#calls tbody tr")];
            const colour = (row) => getComputedStyle(row.cells[0]).backgroundColor;
            return {
              rows: rows.length,
              green: rows.filter((r) => r.classList.contains("allowed") && colour(r) === "rgb(218, 251, 225)").length,
              red: rows.filter((r) => r.classList.contains("blocked") && colour(r) === "rgb(255, 235, 233)").length,
              summary: document.getElementById("summary").textContent,
            };"##,
            vec![],
        )
        .await
        .expect("count rows");
    let green = counts["green"].as_u64().unwrap_or(0) as usize;
    let red = counts["red"].as_u64().unwrap_or(0) as usize;
    let rows = counts["rows"].as_u64().unwrap_or(0) as usize;
    let summary = counts["summary"].as_str().unwrap_or("").to_owned();
    if (green, red) != expected || rows != expected.0 + expected.1 {
        problems.push(format!(
            "demo page at {origin}: {rows} rows, {green} green and {red} red, expected {} green and {} red",
            expected.0, expected.1
        ));
    }

    // Let the engine paint the finished table first (WebKitGTK otherwise
    // captured a blank page now and then).
    let _ = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(null)));",
            vec![],
        )
        .await;
    let png_bytes = engines::full_page_png(engine, client).await;
    let dir = harness::output_dir().join(engine.name());
    std::fs::create_dir_all(&dir).expect("create the screenshot dir");
    let path = dir.join(png);
    std::fs::write(&path, &png_bytes).expect("write screenshot");
    if png_bytes.len() < 20_000 {
        problems.push(format!(
            "screenshot {} is suspiciously small ({} bytes)",
            path.display(),
            png_bytes.len()
        ));
    }
    let line = format!(
        "demo page from {origin}: {rows} rows, {green} green, {red} red (\"{summary}\"); screenshot {}",
        path.display()
    );
    (line, problems)
}

async fn probe_page() -> Html<&'static str> {
    Html(include_str!("browser/probe.html"))
}

/// One engine's verdict on one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Ok,
    /// Passed, with the engine's own documented expectation.
    OkDiffers,
    Fail,
    KnownBug,
    FixedBug,
}

impl Verdict {
    fn label(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::OkDiffers => "ok*",
            Self::Fail => "FAIL",
            Self::KnownBug => "KNOWN BUG",
            Self::FixedBug => "FIXED?",
        }
    }
}

/// What one engine did with the whole suite.
struct EngineRun {
    engine: Engine,
    versions: String,
    verdicts: Vec<Verdict>,
    /// The test kit's verdict on each case, against this engine.
    kit: Vec<KitVerdict>,
    /// The engine's report section: one line per case, then the demo pages.
    details: String,
    problems: Vec<String>,
    known: Vec<String>,
    elapsed: Duration,
}

/// Everything that runs in one browser.
async fn drive(engine: Engine, client: Client, servers: Servers) -> Driven {
    let mut details = String::new();
    let mut verdicts = Vec::new();
    let mut kit_verdicts = Vec::new();
    let mut kit = Kit::new(engine, &servers.api);
    let mut problems = Vec::new();
    let mut known = Vec::new();
    let mut current_page = None;
    for (i, case) in cases().iter().enumerate() {
        if current_page != Some(case.page) {
            client
                .goto(&format!("{}/probe", case.page.origin()))
                .await
                .expect("open the probe page");
            let origin = client
                .execute("return location.origin", vec![])
                .await
                .expect("origin");
            assert_eq!(
                origin.as_str(),
                Some(case.page.origin()),
                "the probe page must load from its origin"
            );
            current_page = Some(case.page);
        }
        let CaseRun {
            line,
            problems: case_problems,
            kit: kit_verdict,
            kit_notes,
        } = run_case(engine, &client, &servers, &mut kit, i + 1, case).await;
        kit_verdicts.push(kit_verdict);
        let differs = case.expected_in(engine).1.is_some();
        let verdict = match (case_problems.is_empty(), case.known_bug) {
            (true, None) if differs => Verdict::OkDiffers,
            (true, None) => Verdict::Ok,
            (false, None) => Verdict::Fail,
            (false, Some(_)) => Verdict::KnownBug,
            (true, Some(_)) => Verdict::FixedBug,
        };
        verdicts.push(verdict);
        writeln!(details, "{:<5} {line}", verdict.label()).unwrap();
        for problem in &case_problems {
            writeln!(details, "        ! {problem}").unwrap();
        }
        if kit_verdict == KitVerdict::DiffersDocumented {
            for note in &kit_notes {
                writeln!(details, "        * test kit (documented): {note}").unwrap();
            }
        }
        let tag = format!("{} case {} ({})", engine.name(), i + 1, case.name);
        match case.known_bug {
            None => problems.extend(case_problems.into_iter().map(|p| format!("{tag}: {p}"))),
            Some(bug) if case_problems.is_empty() => {
                problems.push(format!("{tag} passes although marked as known bug: {bug}"))
            }
            Some(bug) => known.push(format!("{tag}: {bug}")),
        }
    }

    // The demo page, from its own origin and from the other one.
    let (allowed, blocked) = demo::calls::expected_counts();
    let (line, page_problems) = check_demo_page(
        engine,
        &client,
        Page::Listed.origin(),
        (allowed, blocked),
        "demo-page.png",
    )
    .await;
    writeln!(details, "{line}").unwrap();
    problems.extend(
        page_problems
            .into_iter()
            .map(|p| format!("{}: {p}", engine.name())),
    );
    let public_only = demo::calls::CALLS
        .iter()
        .filter(|call| call.policy == r#"#[cors(origins = "*")]"# && !call.credentials)
        .count();
    let expected_elsewhere = (public_only, demo::calls::CALLS.len() - public_only);
    let (line, page_problems) = check_demo_page(
        engine,
        &client,
        Page::Refused.origin(),
        expected_elsewhere,
        "demo-page-other-origin.png",
    )
    .await;
    writeln!(details, "{line}").unwrap();
    problems.extend(
        page_problems
            .into_iter()
            .map(|p| format!("{}: {p}", engine.name())),
    );

    Driven {
        verdicts,
        kit: kit_verdicts,
        details,
        problems,
        known,
    }
}

/// What [`drive`] found in one engine.
struct Driven {
    verdicts: Vec<Verdict>,
    kit: Vec<KitVerdict>,
    details: String,
    problems: Vec<String>,
    known: Vec<String>,
}

/// Fresh servers for one engine (the demo API keeps state, e.g. order
/// numbers): the API (the demo's routes and the test routes, every request
/// logged) on a free loopback port, and the proxy that leads
/// `http://localhost:3000` and `http://127.0.0.1:3000` to two page servers,
/// each serving the demo frontend and the probe page. Returns the API (its
/// base URL, log and state, and the test kit's own copy) and the proxy's address.
async fn start_servers() -> (Servers, SocketAddr) {
    let log = RequestLog::default();
    let state = demo::api::AppState::default();
    let api_app = log.layer(api_router(state.clone()));
    let api_addr = harness::serve(api_app.clone()).await;
    let api = format!("http://{api_addr}");
    let pages = || demo::frontend::app(&api).route("/probe", axum::routing::get(probe_page));
    let listed = harness::serve(pages()).await;
    let refused = harness::serve(pages()).await;
    let proxy = proxy::Proxy::default()
        .route(
            Page::Listed.origin().trim_start_matches("http://"),
            pages(),
            listed,
        )
        .route(
            Page::Refused.origin().trim_start_matches("http://"),
            pages(),
            refused,
        )
        .route(&api_addr.to_string(), api_app, api_addr)
        .serve()
        .await;
    let kit_app = api_router(demo::api::AppState::default());
    (
        Servers {
            api,
            log,
            state,
            kit_app,
        },
        proxy,
    )
}

/// Opens `install`'s browser through `proxy`, runs every case and the demo
/// page in it, and closes it.
async fn run_engine(install: &Install) -> EngineRun {
    let engine = install.engine;
    let started = Instant::now();
    let (servers, proxy) = start_servers().await;
    let profile = std::env::temp_dir().join(format!(
        "cors-suite-{}-{}",
        engine.name(),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&profile);
    std::fs::create_dir_all(&profile).expect("create the browser profile dir");

    let driver = install.start_driver();
    let client = install.connect(&driver, proxy, &profile).await;
    // Run in a task so a panic still lets the browser be closed; a local
    // task, because the test kit's `fetch` future is not `Send`.
    let local = tokio::task::LocalSet::new();
    let run = local.spawn_local(drive(engine, client.clone(), servers));
    let outcome = local.run_until(run).await;
    let _ = client.close().await;
    drop(driver);
    let _ = std::fs::remove_dir_all(&profile);
    let Driven {
        verdicts,
        kit,
        details,
        problems,
        known,
    } = match outcome {
        Ok(result) => result,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    };
    EngineRun {
        engine,
        versions: install.versions(),
        verdicts,
        kit,
        details,
        problems,
        known,
        elapsed: started.elapsed(),
    }
}

/// The engines this run covers: all, or those `BROWSER_ENGINES` names.
fn wanted_engines() -> Vec<Engine> {
    match std::env::var("BROWSER_ENGINES") {
        Ok(list) if !list.trim().is_empty() => {
            let names: Vec<String> = list
                .split(',')
                .map(|name| name.trim().to_ascii_lowercase())
                .collect();
            for name in &names {
                assert!(
                    engines::ALL.iter().any(|engine| engine.name() == name),
                    "BROWSER_ENGINES names {name:?}; known: chromium, firefox, webkit"
                );
            }
            engines::ALL
                .into_iter()
                .filter(|engine| names.iter().any(|name| name == engine.name()))
                .collect()
        }
        _ => engines::ALL.to_vec(),
    }
}

/// The report: a matrix (case × engine), the documented differences, then
/// each engine's own section.
fn report(runs: &[EngineRun], skipped: &[(Engine, String)]) -> String {
    let cases = cases();
    let mut out = format!(
        "Browser suite: {} cases x {} engine(s); pages http://localhost:3000 (listed) and http://127.0.0.1:3000 (refused)\n\n",
        cases.len(),
        runs.len()
    );
    for run in runs {
        let passed = run
            .verdicts
            .iter()
            .filter(|v| matches!(v, Verdict::Ok | Verdict::OkDiffers))
            .count();
        let differs = run
            .verdicts
            .iter()
            .filter(|v| **v == Verdict::OkDiffers)
            .count();
        let fetches = run
            .kit
            .iter()
            .filter(|v| **v != KitVerdict::NotApplicable)
            .count();
        let agrees = run.kit.iter().filter(|v| **v == KitVerdict::Agrees).count();
        let kit_documented = run
            .kit
            .iter()
            .filter(|v| **v == KitVerdict::DiffersDocumented)
            .count();
        writeln!(
            out,
            "{:<9} {passed}/{} cases pass ({differs} with a documented difference); test kit agrees on \
             {agrees}/{fetches} fetch cases ({kit_documented} documented difference(s)); {} problem(s), {:.1} s; {}",
            run.engine.name(),
            cases.len(),
            run.problems.len(),
            run.elapsed.as_secs_f64(),
            run.versions
        )
        .unwrap();
    }
    for (engine, why) in skipped {
        writeln!(out, "{:<9} SKIPPED: {why}", engine.name()).unwrap();
    }

    write!(
        out,
        "\n{:>2} {:<7} {:<6} {:<22}",
        "#", "page", "method", "path"
    )
    .unwrap();
    for run in runs {
        write!(out, " {:<9} {:<8}", run.engine.name(), "kit").unwrap();
    }
    writeln!(out, " case").unwrap();
    for (i, case) in cases.iter().enumerate() {
        let method = if case.websocket { "WS" } else { case.method };
        write!(
            out,
            "{:>2} {:<7} {:<6} {:<22}",
            i + 1,
            case.page.label(),
            method,
            case.path
        )
        .unwrap();
        for run in runs {
            write!(
                out,
                " {:<9} {:<8}",
                run.verdicts.get(i).map_or("-", |v| v.label()),
                run.kit.get(i).map_or("-", |v| v.label())
            )
            .unwrap();
        }
        writeln!(out, " {}", case.name).unwrap();
    }

    writeln!(out, "\nDocumented differences:").unwrap();
    for run in runs {
        writeln!(
            out,
            "  {}: a blocked fetch() rejects with \"{}\" (Engine::fetch_error)",
            run.engine.name(),
            run.engine.fetch_error()
        )
        .unwrap();
    }
    let mut any = false;
    for (i, case) in cases.iter().enumerate() {
        for difference in &case.differences {
            any = true;
            let names: Vec<&str> = difference
                .engines
                .iter()
                .map(|engine| engine.name())
                .collect();
            writeln!(
                out,
                "  (ok*) case {} in {}: {}",
                i + 1,
                names.join(", "),
                difference.why
            )
            .unwrap();
        }
    }
    if !any {
        writeln!(out, "  (ok*) none: every engine decides every case alike").unwrap();
    }
    let mut kit_any = false;
    for (i, case) in cases.iter().enumerate() {
        for difference in &case.kit_differences {
            kit_any = true;
            let names: Vec<&str> = difference
                .engines
                .iter()
                .map(|engine| engine.name())
                .collect();
            writeln!(
                out,
                "  (kit differs*) case {} in {}: {}",
                i + 1,
                names.join(", "),
                difference.why
            )
            .unwrap();
        }
    }
    if !kit_any {
        writeln!(out, "  (kit differs*) none: the test kit predicts every fetch case as every engine decides it").unwrap();
    }

    for run in runs {
        writeln!(
            out,
            "\n## {} ({})\n{}",
            run.engine.name(),
            run.versions,
            run.details
        )
        .unwrap();
    }
    out
}

#[test]
fn every_engine_decides_as_spec_section_4_says() {
    let ci = std::env::var("CI")
        .map(|v| !v.is_empty() && v != "false" && v != "0")
        .unwrap_or(false);
    let wanted = wanted_engines();
    assert!(
        !ci || wanted.len() == engines::ALL.len(),
        "CI is set and BROWSER_ENGINES limits the browser suite to {wanted:?}: CI runs every engine"
    );
    let mut installs = Vec::new();
    let mut skipped = Vec::new();
    for engine in wanted {
        match engine.find() {
            Ok(install) => installs.push(install),
            Err(why) => skipped.push((engine, why)),
        }
    }
    for (engine, why) in &skipped {
        // Straight to the process's stderr: the test harness captures `eprintln!`.
        let banner = format!(
            "\n{line}\n## SKIPPED: {} in the browser suite (tests/browser.rs): {why}\n\
             ## Install: {}\n## With CI=true this is a failure.\n{line}\n\n",
            engine.name(),
            engine.install_hint(),
            line = "#".repeat(78)
        );
        let _ = std::io::Write::write_all(&mut std::io::stderr(), banner.as_bytes());
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let runs: Vec<EngineRun> = runtime.block_on(async {
        let mut runs = Vec::new();
        for install in &installs {
            runs.push(run_engine(install).await);
        }
        runs
    });

    let full = report(&runs, &skipped);
    println!("{full}");
    let report_path = harness::output_dir().join("report.txt");
    std::fs::write(&report_path, &full).expect("write the report");
    for bug in runs.iter().flat_map(|run| &run.known) {
        eprintln!("KNOWN RUNTIME BUG: {bug}");
    }
    let problems: Vec<&String> = runs.iter().flat_map(|run| &run.problems).collect();
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}\n\n{full}",
        problems.len(),
        problems
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    if ci && !skipped.is_empty() {
        let missing: Vec<String> = skipped
            .iter()
            .map(|(engine, why)| format!("{}: {why}", engine.name()))
            .collect();
        panic!(
            "CI is set and the browser suite could not run in every engine:\n{}\n.ci/run installs them all.",
            missing.join("\n")
        );
    }
}

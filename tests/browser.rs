//! SPEC §4 proved in a real browser: headless Chromium (driven through
//! ChromeDriver) loads pages from two loopback origins and `fetch()`es the
//! demo API plus a few test-only `#[cors]` routes; each case asserts what the
//! page could read (status, body, exposed and unexposed headers) or that the
//! browser refused it, and what the API saw (preflights and their status,
//! actual requests). Then the demo page itself is screenshotted and its table
//! counted.
//!
//! Origins: `#[cors]` policies are fixed at compile time, so the pages must
//! come from exactly the origins the policies name. Chromium's
//! `--host-resolver-rules` sends `localhost:3000` (listed) and
//! `127.0.0.1:3000` (a different origin, listed nowhere but one test route)
//! to two page servers on free loopback ports; the browser still computes
//! and sends those origins, and no fixed port is ever bound.
//!
//! Without Chromium and ChromeDriver the suite skips loudly, unless `CI` is
//! set (as `.ci/run` runs), where it fails.
//!
//! Output: `target/browser/report.txt` (every case and what Chromium decided)
//! and `target/browser/demo-*.png`.

#[path = "browser/harness.rs"]
mod harness;
#[path = "browser/routes.rs"]
mod routes;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use axum::response::Html;
use cors_suite::demo;
use fantoccini::Client;
use harness::{Browser, Driver, RequestLog};
use serde::Deserialize;

/// The page a case runs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    /// `http://localhost:3000`: listed by the API's policies.
    Listed,
    /// `http://127.0.0.1:3000`: another origin (same port, another host), not listed.
    Refused,
}

impl Page {
    fn origin(self) -> &'static str {
        match self {
            Self::Listed => "http://localhost:3000",
            Self::Refused => "http://127.0.0.1:3000",
        }
    }
}

const LISTED: Page = Page::Listed;
const REFUSED: Page = Page::Refused;

#[derive(Debug)]
enum Expect {
    /// The page reads the answer: this status, a body containing this text.
    Readable { status: u16, body_contains: &'static str },
    /// `fetch()` rejects: nothing to read.
    Blocked,
}

/// One browser case: a `fetch()` (or two) from a page, and what must follow.
#[derive(Debug)]
struct Case {
    name: &'static str,
    page: Page,
    method: &'static str,
    path: &'static str,
    credentials: bool,
    headers: Vec<(&'static str, &'static str)>,
    body: Option<&'static str>,
    repeat: usize,
    expect: Expect,
    /// Response headers the page reads: `Some(value)` readable, `None` hidden.
    read: Vec<(&'static str, Option<&'static str>)>,
    /// Statuses of the preflights the API answered for this case, in order.
    preflights: Option<Vec<u16>>,
    /// Non-OPTIONS requests that reached the API.
    sent: Option<usize>,
    /// A runtime bug this case exposes: reported, not failed, until fixed.
    known_bug: Option<&'static str>,
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
        expect: Expect::Blocked,
        read: Vec::new(),
        preflights: None,
        sent: None,
        known_bug: None,
    }
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
    fn twice(mut self) -> Self {
        self.repeat = 2;
        self
    }
    fn readable(mut self, status: u16, body_contains: &'static str) -> Self {
        self.expect = Expect::Readable { status, body_contains };
        self
    }
    fn blocked(mut self) -> Self {
        self.expect = Expect::Blocked;
        self
    }
    fn sees(mut self, header: &'static str, value: &'static str) -> Self {
        self.read.push((header, Some(value)));
        self
    }
    fn hidden(mut self, header: &'static str) -> Self {
        self.read.push((header, None));
        self
    }
    fn preflights(mut self, statuses: &[u16]) -> Self {
        self.preflights = Some(statuses.to_vec());
        self
    }
    fn no_preflight(self) -> Self {
        self.preflights(&[])
    }
    fn sent(mut self, count: usize) -> Self {
        self.sent = Some(count);
        self
    }
    #[allow(dead_code)] // used while a runtime bug is open
    fn known_bug(mut self, what: &'static str) -> Self {
        self.known_bug = Some(what);
        self
    }
}

/// Every case, grouped by page. Demo routes first (`src/demo/api.rs`), then
/// the test-only routes of `tests/browser/routes.rs`.
fn cases() -> Vec<Case> {
    vec![
        // --- /api/data: the Express config (listed origins, credentials, max_age 600)
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
        case("method in `methods` but no handler registered (PATCH): preflight 403", LISTED, "PATCH", "/api/data")
            .json(r#"{"message":"patch"}"#).blocked().preflights(&[403]).sent(0),
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
        case("max_age = 0: the second call preflights again", LISTED, "PUT", "/t/no-cache")
            .json(r#"{"a":1}"#).twice().readable(200, "stored").preflights(&[204, 204]).sent(2),
        case("PATCH with a registered handler, methods omitted: allowed", LISTED, "PATCH", "/t/methods")
            .readable(200, "patched").preflights(&[204]).sent(1),
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
    ]
}

/// What the page could read of one `fetch()`.
#[derive(Debug, Deserialize)]
struct Outcome {
    readable: bool,
    status: Option<u16>,
    body: Option<String>,
    headers: serde_json::Map<String, serde_json::Value>,
    error: Option<String>,
}

impl Outcome {
    fn describe(&self, read: &[(&str, Option<&str>)]) -> String {
        if !self.readable {
            return format!("BLOCKED ({})", self.error.as_deref().unwrap_or("?"));
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

/// Runs one case; returns the report line and the problems found.
async fn run_case(client: &Client, api: &str, log: &RequestLog, number: usize, case: &Case) -> (String, Vec<String>) {
    let target = format!("{}?case={number}", case.path);
    let spec = serde_json::json!({
        "url": format!("{api}{target}"),
        "method": case.method,
        "credentials": case.credentials,
        "headers": case.headers.iter().map(|(n, v)| [n, v]).collect::<Vec<_>>(),
        "body": case.body,
        "repeat": case.repeat,
        "read": case.read.iter().map(|(n, _)| n).collect::<Vec<_>>(),
    });
    let mut problems = Vec::new();
    let outcomes: Vec<Outcome> = match client.execute_async(PROBE_SCRIPT, vec![spec]).await {
        Ok(value) => serde_json::from_value(value).expect("probe result shape"),
        Err(error) => {
            problems.push(format!("the probe script failed: {error}"));
            Vec::new()
        }
    };

    for (i, outcome) in outcomes.iter().enumerate() {
        let which = if case.repeat > 1 { format!("call {}: ", i + 1) } else { String::new() };
        match (&case.expect, outcome.readable) {
            (Expect::Blocked, false) => {}
            (Expect::Blocked, true) => problems.push(format!(
                "{which}expected a CORS failure, the page read status {:?}",
                outcome.status
            )),
            (Expect::Readable { .. }, false) => problems.push(format!(
                "{which}expected a readable answer, fetch failed: {}",
                outcome.error.as_deref().unwrap_or("?")
            )),
            (Expect::Readable { status, body_contains }, true) => {
                if outcome.status != Some(*status) {
                    problems.push(format!("{which}status {:?}, expected {status}", outcome.status));
                }
                let body = outcome.body.as_deref().unwrap_or("");
                if !body.contains(body_contains) {
                    problems.push(format!("{which}body {body:?} lacks {body_contains:?}"));
                }
                for (name, expected) in &case.read {
                    let got = outcome.headers.get(*name).and_then(|v| v.as_str());
                    if got != *expected {
                        problems.push(format!("{which}header {name}: page read {got:?}, expected {expected:?}"));
                    }
                }
            }
        }
    }

    let seen = log.for_target(&target);
    let preflights: Vec<u16> =
        seen.iter().filter(|s| s.method == axum::http::Method::OPTIONS).map(|s| s.status).collect();
    let sent = seen.iter().filter(|s| s.method != axum::http::Method::OPTIONS).count();
    if let Some(expected) = &case.preflights {
        if &preflights != expected {
            problems.push(format!("API answered preflights {preflights:?}, expected {expected:?}"));
        }
    }
    if let Some(expected) = case.sent {
        if sent != expected {
            problems.push(format!("{sent} actual request(s) reached the API, expected {expected}"));
        }
    }

    let decided: Vec<String> = outcomes.iter().map(|o| o.describe(&case.read)).collect();
    let line = format!(
        "{number:>2} {:<7} {:<6}{} {:<22} -> {} | API saw OPTIONS {:?}, {} {}",
        match case.page {
            Page::Listed => "listed",
            Page::Refused => "refused",
        },
        case.method,
        if case.credentials { "+cred" } else { "     " },
        case.path,
        decided.join(", then "),
        preflights,
        sent,
        case.name,
    );
    (line, problems)
}

/// Loads the demo page from `origin`, waits for every row, counts green and
/// red rows in the DOM, checks their colours, and saves a screenshot.
async fn check_demo_page(client: &Client, origin: &str, expected: (usize, usize), png: &str) -> (String, Vec<String>) {
    let mut problems = Vec::new();
    client.goto(&format!("{origin}/")).await.expect("open the demo page");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let done = client.execute("return document.body.dataset.done || null", vec![]).await.expect("poll");
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

    let png_bytes = harness::full_page_png(client).await;
    let path = harness::output_dir().join(png);
    std::fs::write(&path, &png_bytes).expect("write screenshot");
    if png_bytes.len() < 20_000 {
        problems.push(format!("screenshot {} is suspiciously small ({} bytes)", path.display(), png_bytes.len()));
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

/// Everything that runs in the browser. Returns the report and the problems.
async fn drive(client: Client, api: String, log: RequestLog) -> (String, Vec<String>, Vec<String>) {
    let mut report = String::new();
    let mut problems = Vec::new();
    let mut known = Vec::new();
    let mut current_page = None;
    for (i, case) in cases().iter().enumerate() {
        if current_page != Some(case.page) {
            client.goto(&format!("{}/probe", case.page.origin())).await.expect("open the probe page");
            let origin = client.execute("return location.origin", vec![]).await.expect("origin");
            assert_eq!(origin.as_str(), Some(case.page.origin()), "the probe page must load from its origin");
            current_page = Some(case.page);
        }
        let (line, case_problems) = run_case(&client, &api, &log, i + 1, case).await;
        let verdict = match (case_problems.is_empty(), case.known_bug) {
            (true, None) => "ok",
            (false, None) => "FAIL",
            (false, Some(_)) => "KNOWN BUG",
            (true, Some(_)) => "FIXED? (remove known_bug)",
        };
        writeln!(report, "{verdict:<5} {line}").unwrap();
        for problem in &case_problems {
            writeln!(report, "        ! {problem}").unwrap();
        }
        match case.known_bug {
            None => problems.extend(case_problems.into_iter().map(|p| format!("case {} ({}): {p}", i + 1, case.name))),
            Some(bug) if case_problems.is_empty() => {
                problems.push(format!("case {} ({}) passes although marked as known bug: {bug}", i + 1, case.name))
            }
            Some(bug) => known.push(format!("case {} ({}): {bug}", i + 1, case.name)),
        }
    }

    // The demo page, from its own origin and from the other one.
    let (allowed, blocked) = demo::calls::expected_counts();
    let (line, page_problems) = check_demo_page(&client, Page::Listed.origin(), (allowed, blocked), "demo-page.png").await;
    writeln!(report, "{line}").unwrap();
    problems.extend(page_problems);
    let public_only = demo::calls::CALLS
        .iter()
        .filter(|call| call.policy == r#"#[cors(origins = "*")]"# && !call.credentials)
        .count();
    let expected_elsewhere = (public_only, demo::calls::CALLS.len() - public_only);
    let (line, page_problems) =
        check_demo_page(&client, Page::Refused.origin(), expected_elsewhere, "demo-page-other-origin.png").await;
    writeln!(report, "{line}").unwrap();
    problems.extend(page_problems);

    (report, problems, known)
}

#[test]
fn chromium_decides_as_spec_section_4_says() {
    let browser = match Browser::find() {
        Ok(browser) => browser,
        Err(why) => {
            let ci = std::env::var("CI").map(|v| !v.is_empty() && v != "false" && v != "0").unwrap_or(false);
            if ci {
                panic!(
                    "CI is set and the browser suite cannot run: {why}. \
                     .ci/run installs Debian's chromium and chromium-driver."
                );
            }
            // Straight to the process's stderr: the test harness captures `eprintln!`.
            let banner = format!(
                "\n{line}\n## SKIPPED: the browser suite (tests/browser.rs) did not run: {why}\n\
                 ## Install Chromium and ChromeDriver (Debian: apt-get install chromium chromium-driver)\n\
                 ## or set CHROMIUM / CHROMEDRIVER. With CI=true this is a failure.\n{line}\n\n",
                line = "#".repeat(78)
            );
            let _ = std::io::Write::write_all(&mut std::io::stderr(), banner.as_bytes());
            return;
        }
    };

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (report, problems, known) = runtime.block_on(async {
        // The API: the demo's routes and the test routes, every request logged.
        let log = RequestLog::default();
        let api_app = log.layer(demo::api::app().merge(routes::app()));
        let api = format!("http://{}", harness::serve(api_app).await);

        // Two page servers, each serving the demo frontend and the probe page.
        let pages = || demo::frontend::app(&api).route("/probe", axum::routing::get(probe_page));
        let listed = harness::serve(pages()).await;
        let refused = harness::serve(pages()).await;
        let host_rules = format!("MAP localhost:3000 {listed}, MAP 127.0.0.1:3000 {refused}");

        let profile = std::env::temp_dir().join(format!("cors-suite-chromium-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).expect("create the Chromium profile dir");

        let driver = Driver::start(&browser.chromedriver);
        let client = harness::connect(&driver, &browser.chromium, harness::chromium_args(&profile, &host_rules)).await;

        // Run in a task so a panic still lets the browser be closed.
        let run = tokio::spawn(drive(client.clone(), api.clone(), log.clone()));
        let outcome = run.await;
        let _ = client.close().await;
        drop(driver);
        let _ = std::fs::remove_dir_all(&profile);
        match outcome {
            Ok(result) => result,
            Err(error) => std::panic::resume_unwind(error.into_panic()),
        }
    });

    let header = format!(
        "Browser suite: {} cases, pages http://localhost:3000 (listed) and http://127.0.0.1:3000 (refused)\n",
        cases().len()
    );
    let full = format!("{header}{report}");
    println!("{full}");
    let report_path = harness::output_dir().join("report.txt");
    std::fs::write(&report_path, &full).expect("write the report");
    for bug in &known {
        eprintln!("KNOWN RUNTIME BUG: {bug}");
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}\n\n{full}", problems.len(), problems.join("\n"));
}

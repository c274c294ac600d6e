//! Over real HTTP (issue 12): the same routes served by `axum::serve` on
//! 127.0.0.1 in several forms, each driven by `wrk` in interleaved rounds.
//!
//! Forms (the same `/data` path, GET + PUT + DELETE, one handler that sets
//! two headers of its own):
//! - `bare`:       plain axum routing, no CORS;
//! - `bare + 4 headers`: the bare handler writing the four headers an allowed
//!   GET gets from the policy itself: the floor of any CORS implementation;
//! - `#[cors]`:    the handler under `#[cors(...)]`, `Router::cors_route`;
//! - `cors_layer!`: the bare router under `.layer(cors_layer!(...))`;
//! - `tower-http`: tower-http 0.6's `CorsLayer` on the router, configured alike.
//!
//! The policy: two origins, `methods = "GET,PUT,DELETE"`, `credentials`,
//! `allow_headers = ["content-type"]`, `expose_headers = ["x-total"]`, `max_age`.
//!
//! Each form has its own server thread with a current-thread tokio runtime
//! (so a form is measured on one core, and `wrk -t1` has the other). Every
//! server is checked with one request before the load (status and CORS
//! headers), so a misconfigured form cannot produce a fast wrong answer.
//! Scenarios: an allowed GET (with `Origin`), and an allowed preflight (for a
//! PUT with `content-type`) on the CORS forms; the preflight is compared with
//! the bare GET (target: at least as many requests per second).
//!
//! A round runs every (scenario, form) pair once, starting at a rotating
//! form, so a drifting machine load hits every form alike. Rows report the
//! median over rounds of requests/s, server CPU per request (the server
//! thread's run time from `/proc/.../schedstat` over the requests wrk
//! completed), p50 and p99 (wrk `--latency`); ratios are paired: the median
//! over rounds of the ratio to the bare GET of the same round.
//!
//! Environment: `HTTP_BENCH_ROUNDS` (6), `HTTP_BENCH_SECS` (3),
//! `HTTP_BENCH_CONNECTIONS` (16), `HTTP_BENCH_WRK` (`wrk`); `HTTP_BENCH_SHOW=1`
//! prints each form's response head.
//! Writes `$CARGO_TARGET_DIR/bench/http.svg` (chart) and `http.md` (table).
//!
//!     cargo bench --bench http_load

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use axum::Router;

// ---------------------------------------------------------------- the routes

/// The routes, shared with the in-process bench (`benches/cors.rs`), so both
/// measure the same handler under the same policies.
#[path = "support/shapes.rs"]
#[allow(dead_code)] // the in-process shapes this bench does not serve
mod shapes;

use shapes::Shape;

const ALLOWED: &str = "https://app.example.com";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Form {
    Bare,
    Floor,
    CorsAttribute,
    CorsLayer,
    TowerHttp,
}

impl Form {
    const ALL: [Form; 5] = [
        Form::Bare,
        Form::Floor,
        Form::CorsAttribute,
        Form::CorsLayer,
        Form::TowerHttp,
    ];

    fn name(self) -> &'static str {
        match self {
            Form::Bare => "bare (no CORS)",
            Form::Floor => "bare + 4 headers by hand",
            Form::CorsAttribute => "#[cors]",
            Form::CorsLayer => "cors_layer!",
            Form::TowerHttp => "tower-http CorsLayer",
        }
    }

    /// Has a policy (so a preflight to measure).
    fn is_cors(self) -> bool {
        self.shape().is_cors()
    }

    /// Held to the targets (tower-http is for comparison).
    fn is_ours(self) -> bool {
        matches!(self, Form::CorsAttribute | Form::CorsLayer)
    }

    /// The in-process shape this form serves over HTTP.
    fn shape(self) -> Shape {
        match self {
            Form::Bare => Shape::Bare,
            Form::Floor => Shape::Floor,
            Form::CorsAttribute => Shape::List,
            Form::CorsLayer => Shape::Layer,
            Form::TowerHttp => Shape::TowerHttp,
        }
    }

    fn app(self) -> Router {
        self.shape().app()
    }
}

// ---------------------------------------------------------------- scenarios

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scenario {
    GetAllowed,
    PreflightAllowed,
}

impl Scenario {
    const ALL: [Scenario; 2] = [Scenario::GetAllowed, Scenario::PreflightAllowed];

    fn name(self) -> &'static str {
        match self {
            Scenario::GetAllowed => "allowed GET",
            Scenario::PreflightAllowed => "allowed preflight",
        }
    }

    /// The bare route has no preflight to measure.
    fn applies_to(self, form: Form) -> bool {
        self == Scenario::GetAllowed || form.is_cors()
    }

    /// (method, headers) as a browser sends them.
    fn request(self) -> (&'static str, Vec<(&'static str, &'static str)>) {
        match self {
            Scenario::GetAllowed => ("GET", vec![("Origin", ALLOWED)]),
            Scenario::PreflightAllowed => (
                "OPTIONS",
                vec![
                    ("Origin", ALLOWED),
                    ("Access-Control-Request-Method", "PUT"),
                    ("Access-Control-Request-Headers", "content-type"),
                ],
            ),
        }
    }

    /// What the response must be, checked once before the load.
    fn check(self, form: Form, status: u16, head: &str) -> Result<(), String> {
        let has = |name: &str| {
            head.lines()
                .any(|l| l.to_ascii_lowercase().starts_with(&format!("{name}:")))
        };
        let want_status: &[u16] = match self {
            Scenario::GetAllowed => &[200],
            Scenario::PreflightAllowed => &[200, 204],
        };
        if !want_status.contains(&status) {
            return Err(format!("status {status}, wanted {want_status:?}"));
        }
        if self == Scenario::GetAllowed && !(has("x-total") && has("cache-control")) {
            return Err("the handler's own headers are missing".into());
        }
        if form.is_cors() {
            let wanted: &[&str] = match self {
                Scenario::GetAllowed => &[
                    "access-control-allow-origin",
                    "access-control-allow-credentials",
                    "access-control-expose-headers",
                ],
                Scenario::PreflightAllowed => &[
                    "access-control-allow-origin",
                    "access-control-allow-credentials",
                    "access-control-allow-methods",
                    "access-control-allow-headers",
                    "access-control-max-age",
                ],
            };
            if let Some(missing) = wanted.iter().find(|h| !has(h)) {
                return Err(format!("header {missing} missing"));
            }
        } else if form == Form::Bare && has("access-control-allow-origin") {
            return Err("the bare route sent CORS headers".into());
        }
        Ok(())
    }

    /// A wrk script sending this request.
    fn wrk_script(self) -> String {
        let (method, headers) = self.request();
        let mut script = format!("wrk.method = \"{method}\"\nwrk.path = \"/data\"\n");
        for (name, value) in headers {
            script += &format!("wrk.headers[\"{name}\"] = \"{value}\"\n");
        }
        script
    }
}

// ---------------------------------------------------------------- servers

/// A running server: its address and the `/proc` path of its thread's
/// scheduler statistics.
struct Server {
    addr: SocketAddr,
    schedstat: PathBuf,
}

impl Server {
    /// Serves `app` on 127.0.0.1 (ephemeral port) from its own thread, on a
    /// current-thread runtime; the thread ends with the process.
    fn start(app: Router) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // `/proc/thread-self` -> `<pid>/task/<tid>`: this thread's own counters.
            let task = std::fs::read_link("/proc/thread-self").unwrap_or_default();
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send((listener.local_addr().unwrap(), task)).unwrap();
                axum::serve(listener, app).await.unwrap();
            });
        });
        let (addr, task) = rx.recv().expect("server thread started");
        Server {
            addr,
            schedstat: Path::new("/proc").join(task).join("schedstat"),
        }
    }

    /// Nanoseconds the server thread has run on a CPU (Linux schedstat), if known.
    fn cpu_ns(&self) -> Option<u64> {
        std::fs::read_to_string(&self.schedstat)
            .ok()?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    }
}

/// One request over a fresh connection: (status, response head).
fn probe(addr: SocketAddr, scenario: Scenario) -> (u16, String) {
    let (method, headers) = scenario.request();
    let mut request = format!("{method} /data HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request += &format!("{name}: {value}\r\n");
    }
    request += "\r\n";
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let head = response
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head)
}

// ---------------------------------------------------------------- wrk

#[derive(Clone, Copy, Debug, Default)]
struct Sample {
    rps: f64,
    /// Server thread CPU time per request: what the form costs, independent
    /// of how much CPU the shared machine left the server.
    cpu_us: f64,
    p50_us: f64,
    p99_us: f64,
    /// Non-2xx/3xx responses plus socket errors: must stay 0.
    errors: u64,
}

struct Load {
    wrk: String,
    connections: u32,
    scripts: PathBuf,
}

impl Load {
    fn run(&self, server: &Server, scenario: Scenario, secs: u32) -> Sample {
        let addr = server.addr;
        let cpu_before = server.cpu_ns();
        let script = self.scripts.join(format!("{scenario:?}.lua"));
        let output = Command::new(&self.wrk)
            .args([
                "-t1",
                &format!("-c{}", self.connections),
                &format!("-d{secs}s"),
                "--latency",
                "-s",
            ])
            .arg(&script)
            .arg(format!("http://{addr}/data"))
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run {} (Debian: apt-get install wrk): {e}", self.wrk)
            });
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "wrk failed: {text}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let cpu_after = server.cpu_ns();
        let (mut sample, requests) =
            parse_wrk(&text).unwrap_or_else(|| panic!("cannot read wrk's output:\n{text}"));
        if let (Some(before), Some(after)) = (cpu_before, cpu_after) {
            sample.cpu_us = (after - before) as f64 / 1e3 / requests.max(1) as f64;
        }
        sample
    }
}

/// wrk's latencies: `812.00us`, `1.23ms`, `2.00s`.
fn parse_duration_us(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    Some(match unit {
        "us" => number,
        "ms" => number * 1e3,
        "s" => number * 1e6,
        "m" => number * 60e6,
        _ => return None,
    })
}

/// The sample and the number of requests completed.
fn parse_wrk(text: &str) -> Option<(Sample, u64)> {
    let mut sample = Sample::default();
    let (mut rps, mut p50, mut p99, mut requests) = (None, None, None, None);
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", value] => rps = value.parse().ok(),
            [n, "requests", "in", ..] => requests = n.parse().ok(),
            ["50%", value] => p50 = parse_duration_us(value),
            ["99%", value] => p99 = parse_duration_us(value),
            ["Non-2xx", "or", "3xx", "responses:", n] => {
                sample.errors += n.parse::<u64>().unwrap_or(1)
            }
            ["Socket", "errors:", rest @ ..] => {
                // "connect 0, read 0, write 0, timeout 0"
                sample.errors += rest
                    .iter()
                    .filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok())
                    .sum::<u64>();
            }
            _ => {}
        }
    }
    sample.rps = rps?;
    sample.p50_us = p50?;
    sample.p99_us = p99?;
    Some((sample, requests?))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

// ---------------------------------------------------------------- main

struct Row {
    scenario: Scenario,
    form: Form,
    samples: Vec<Sample>,
}

impl Row {
    fn rps(&self) -> f64 {
        median(self.samples.iter().map(|s| s.rps).collect())
    }
    fn cpu(&self) -> f64 {
        median(self.samples.iter().map(|s| s.cpu_us).collect())
    }
    fn p50(&self) -> f64 {
        median(self.samples.iter().map(|s| s.p50_us).collect())
    }
    fn p99(&self) -> f64 {
        median(self.samples.iter().map(|s| s.p99_us).collect())
    }
    fn errors(&self) -> u64 {
        self.samples.iter().map(|s| s.errors).sum()
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would too: only run
    // the load when asked to bench.
    if !std::env::args().any(|a| a == "--bench") {
        println!("http_load: run with `cargo bench --bench http_load`");
        return;
    }
    let rounds: usize = env_or("HTTP_BENCH_ROUNDS", 6).max(1);
    let secs: u32 = env_or("HTTP_BENCH_SECS", 3);
    let connections: u32 = env_or("HTTP_BENCH_CONNECTIONS", 16);
    let out = target_dir().join("bench");
    std::fs::create_dir_all(&out).unwrap();
    let load = Load {
        wrk: env_or("HTTP_BENCH_WRK", "wrk".to_owned()),
        connections,
        scripts: out.clone(),
    };
    for scenario in Scenario::ALL {
        std::fs::write(out.join(format!("{scenario:?}.lua")), scenario.wrk_script()).unwrap();
    }

    let servers: Vec<(Form, Server)> = Form::ALL
        .iter()
        .map(|&form| (form, Server::start(form.app())))
        .collect();
    let mut rows: Vec<Row> = Vec::new();
    for scenario in Scenario::ALL {
        for (form, server) in &servers {
            let form = *form;
            if !scenario.applies_to(form) {
                continue;
            }
            let (status, head) = probe(server.addr, scenario);
            if std::env::var_os("HTTP_BENCH_SHOW").is_some() {
                println!("{} / {}:\n{head}\n", scenario.name(), form.name());
            }
            if let Err(problem) = scenario.check(form, status, &head) {
                panic!("{} / {}: {problem}\n{head}", scenario.name(), form.name());
            }
            rows.push(Row {
                scenario,
                form,
                samples: Vec::new(),
            });
        }
    }

    let wrk_version = Command::new(&load.wrk).arg("-v").output().map(|o| {
        let text =
            String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
        text.lines().next().unwrap_or_default().to_owned()
    });
    let load_before = loadavg();
    println!(
        "http_load: {rounds} rounds x {} rows x {secs} s, wrk -t1 -c{connections} ({}), load average before: {load_before}",
        rows.len(),
        wrk_version.unwrap_or_default()
    );
    // Warm-up: each server once, not recorded.
    for row in &rows {
        let server = &servers.iter().find(|(f, _)| *f == row.form).unwrap().1;
        load.run(server, row.scenario, 1);
    }
    for round in 0..rounds {
        let n = rows.len();
        for k in 0..n {
            let row = &mut rows[(k + round) % n];
            let server = &servers.iter().find(|(f, _)| *f == row.form).unwrap().1;
            let sample = load.run(server, row.scenario, secs);
            eprintln!(
                "  round {} {:<18} {:<22} {:>9.0} req/s  cpu {:>5.1} us/req  p50 {:>7.1} us  p99 {:>7.1} us",
                round + 1,
                row.scenario.name(),
                row.form.name(),
                sample.rps,
                sample.cpu_us,
                sample.p50_us,
                sample.p99_us
            );
            row.samples.push(sample);
        }
    }
    let load_after = loadavg();

    let table = report(&rows, &load_before, &load_after, rounds, secs, connections);
    println!("\n{table}");
    std::fs::write(out.join("http.md"), &table).unwrap();
    let svg = out.join("http.svg");
    chart(&rows, &svg).expect("draw the chart");
    println!(
        "wrote {} and {}",
        svg.display(),
        out.join("http.md").display()
    );
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Median over rounds of `metric(row) / metric(bare)` within the same round:
/// each pair ran seconds apart, so a machine whose load drifts between
/// rounds still compares like with like.
fn paired(row: &Row, bare: &Row, metric: fn(&Sample) -> f64) -> f64 {
    median(
        row.samples
            .iter()
            .zip(&bare.samples)
            .map(|(r, b)| metric(r) / metric(b))
            .collect(),
    )
}

fn report(
    rows: &[Row],
    load_before: &str,
    load_after: &str,
    rounds: usize,
    secs: u32,
    connections: u32,
) -> String {
    let bare = rows
        .iter()
        .find(|r| r.form == Form::Bare)
        .expect("bare row");
    let rps = |row: &Row| paired(row, bare, |s| s.rps);
    let cpu = |row: &Row| paired(row, bare, |s| s.cpu_us);
    let p99 = |row: &Row| paired(row, bare, |s| s.p99_us);
    let mut t = String::new();
    t += &format!(
        "wrk -t1 -c{connections}, {rounds} interleaved rounds x {secs} s; values: median over rounds; \
         ratios: median over rounds of the ratio to the bare GET of the same round; \
         load average {load_before} before, {load_after} after\n\n"
    );
    t += "| request | form | requests/s | vs bare GET | server CPU/request | vs bare GET | p50 | p99 | p99 vs bare GET | errors |\n";
    t += "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    for row in rows {
        t += &format!(
            "| {} | {} | {:.0} | {:.1}% | {:.2} µs | {:+.1}% | {:.0} µs | {:.0} µs | {:+.1}% | {} |\n",
            row.scenario.name(),
            row.form.name(),
            row.rps(),
            rps(row) * 100.0,
            row.cpu(),
            (cpu(row) - 1.0) * 100.0,
            row.p50(),
            row.p99(),
            (p99(row) - 1.0) * 100.0,
            row.errors()
        );
    }
    t += "\nper round (requests/s, server CPU µs/request):\n";
    for row in rows {
        let values: Vec<String> = row
            .samples
            .iter()
            .map(|s| format!("{:.0} {:.2}", s.rps, s.cpu_us))
            .collect();
        t += &format!(
            "  {:<18} {:<26} {}\n",
            row.scenario.name(),
            row.form.name(),
            values.join("  ")
        );
    }
    t += "\ntargets (issue 12), paired ratios:\n";
    let mut check = |what: String, ok: bool, detail: String| {
        t += &format!(
            "  {:<58} {}  ({detail})\n",
            what,
            if ok { "MET " } else { "MISS" }
        );
    };
    for row in rows.iter().filter(|r| r.form.is_ours()) {
        let name = row.form.name();
        // 98% of the rate is 1/0.98 of the server's time per request.
        let by_cpu = 1.0 / cpu(row);
        match row.scenario {
            Scenario::GetAllowed => {
                check(
                    format!("{name}: allowed GET >= 98% of bare rps"),
                    rps(row) >= 0.98,
                    format!("{:.1}%", rps(row) * 100.0),
                );
                check(
                    format!("{name}: allowed GET >= 98% of bare, by server CPU"),
                    by_cpu >= 0.98,
                    format!("{:.1}%", by_cpu * 100.0),
                );
                check(
                    format!("{name}: allowed GET p99 within 5% of bare"),
                    p99(row) <= 1.05,
                    format!("{:+.1}%", (p99(row) - 1.0) * 100.0),
                );
            }
            Scenario::PreflightAllowed => {
                check(
                    format!("{name}: preflight rps >= bare GET rps"),
                    rps(row) >= 1.0,
                    format!("{:.1}%", rps(row) * 100.0),
                );
                check(
                    format!("{name}: preflight >= bare GET, by server CPU"),
                    by_cpu >= 1.0,
                    format!("{:.1}%", by_cpu * 100.0),
                );
                check(
                    format!("{name}: preflight p99 within 5% of bare GET"),
                    p99(row) <= 1.05,
                    format!("{:+.1}%", (p99(row) - 1.0) * 100.0),
                );
            }
        }
    }
    t
}

// ---------------------------------------------------------------- chart

fn color(form: Form) -> plotters::style::RGBColor {
    use plotters::style::RGBColor;
    match form {
        Form::Bare => RGBColor(140, 140, 140),
        Form::Floor => RGBColor(200, 200, 200),
        Form::CorsAttribute => RGBColor(31, 119, 180),
        Form::CorsLayer => RGBColor(44, 160, 44),
        Form::TowerHttp => RGBColor(255, 127, 14),
    }
}

/// Three panels: requests/s, server CPU per request, latency (p99 bar, p50
/// tick), grouped by request.
fn chart(rows: &[Row], path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    use plotters::prelude::*;
    let root = SVGBackend::new(path, (1350, 440)).into_drawing_area();
    root.fill(&WHITE)?;
    let areas = root.split_evenly((1, 3));
    let (left, middle, right) = (&areas[0], &areas[1], &areas[2]);
    let bare_rps = rows
        .iter()
        .find(|r| r.form == Form::Bare)
        .map(Row::rps)
        .unwrap_or(0.0);
    let groups = Scenario::ALL;
    let width = 0.8 / Form::ALL.len() as f64;
    let x_of = |row: &Row| {
        let g = groups.iter().position(|s| *s == row.scenario).unwrap() as f64;
        let k = Form::ALL.iter().position(|f| *f == row.form).unwrap() as f64;
        g - 0.4 + k * width
    };
    let label = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < groups.len() {
            groups[i as usize].name().to_owned()
        } else {
            String::new()
        }
    };

    let panel = |area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
                 title: &str,
                 y_desc: &str,
                 top: f64,
                 value: &dyn Fn(&Row) -> f64,
                 tick: Option<&dyn Fn(&Row) -> f64>,
                 reference: Option<(f64, &str)>|
     -> Result<(), Box<dyn std::error::Error>> {
        let mut chart = ChartBuilder::on(area)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.5f64..(groups.len() as f64 - 0.5), 0f64..top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(groups.len() * 2 + 1)
            .x_label_formatter(&label)
            .y_desc(y_desc)
            .draw()?;
        for form in Form::ALL {
            let mine: Vec<&Row> = rows.iter().filter(|r| r.form == form).collect();
            chart
                .draw_series(mine.iter().map(|row| {
                    let x = x_of(row);
                    Rectangle::new(
                        [(x + 0.01, 0.0), (x + width - 0.01, value(row))],
                        color(form).filled(),
                    )
                }))?
                .label(form.name())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 12, y + 5)], color(form).filled())
                });
            if let Some(tick) = tick {
                chart.draw_series(mine.iter().map(|row| {
                    let x = x_of(row);
                    PathElement::new(
                        vec![(x + 0.01, tick(row)), (x + width - 0.01, tick(row))],
                        BLACK.stroke_width(2),
                    )
                }))?;
            }
            chart.draw_series(mine.iter().map(|row| {
                let x = x_of(row);
                Text::new(
                    if value(row) < 100.0 {
                        format!("{:.1}", value(row))
                    } else {
                        format!("{:.0}", value(row))
                    },
                    (x + 0.02, value(row) + top * 0.01),
                    ("sans-serif", 11),
                )
            }))?;
        }
        if let Some((y, what)) = reference {
            chart
                .draw_series(LineSeries::new(
                    vec![(-0.5, y), (groups.len() as f64 - 0.5, y)],
                    RED.stroke_width(1),
                ))?
                .label(what)
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 12, y)], RED));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font(("sans-serif", 12))
            .draw()?;
        Ok(())
    };

    let top_rps = rows.iter().map(Row::rps).fold(0.0, f64::max) * 1.45;
    panel(
        left,
        "requests/s (median of rounds)",
        "requests/s",
        top_rps,
        &Row::rps,
        None,
        Some((bare_rps * 0.98, "98% of bare GET")),
    )?;
    let top_lat = rows.iter().map(Row::p99).fold(0.0, f64::max) * 1.45;
    let bare_p99 = rows
        .iter()
        .find(|r| r.form == Form::Bare)
        .map(Row::p99)
        .unwrap_or(0.0);
    let top_cpu = rows.iter().map(Row::cpu).fold(0.0, f64::max) * 1.45;
    let bare_cpu = rows
        .iter()
        .find(|r| r.form == Form::Bare)
        .map(Row::cpu)
        .unwrap_or(0.0);
    panel(
        middle,
        "server CPU per request (µs)",
        "µs",
        top_cpu,
        &Row::cpu,
        None,
        Some((bare_cpu / 0.98, "bare GET / 0.98")),
    )?;
    panel(
        right,
        "latency: p99 bar, p50 tick (µs)",
        "µs",
        top_lat,
        &Row::p99,
        Some(&Row::p50),
        Some((bare_p99 * 1.05, "bare GET p99 + 5%")),
    )?;
    root.present()?;
    Ok(())
}

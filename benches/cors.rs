//! Per-request cost of `#[cors]` against a bare route and tower-http's
//! `CorsLayer` (issue 4). `cargo bench` runs every scenario under criterion,
//! then counts allocations per request and prints one table:
//! scenario x variant -> ns/op and allocations/op, and the targets.
//!
//! Every variant is the same axum app (a `/data` route serving GET and POST,
//! and a plain `/health` route); only `/data` differs:
//! - `bare`:         `axum::routing::get(handler)`, no CORS at all;
//! - `empty_layer`:  the bare route with `MethodRouter::layer(Identity)`: not a
//!   CORS variant but the floor of any per-route layer (axum boxes the layered
//!   route and clones it, and the route inside, on every request);
//! - `cors_runtime`: `#[cors(...)]` handler, `Router::cors_route`;
//! - `tower_http`:   the bare handler with `MethodRouter::layer(CorsLayer)`,
//!   configured like the `#[cors]` policy (a per-route layer).
//!
//! Then the policy shapes of issue 12 (`support/shapes.rs`): one path serving
//! GET, PUT and DELETE with a handler that sets two headers, against the same
//! handler without CORS and with the four CORS headers written by hand (the
//! floor); origins as a list, patterns, `env(...)`, `dynamic(...)`; the
//! router-level `cors_layer!`; tower-http on the router. Criterion groups
//! `shape_get` and `shape_preflight` (`cargo bench --bench cors -- shape_`).
//!
//! Requests go through `tower::ServiceExt::oneshot` on a cloned `Router`, on
//! a tokio current-thread runtime, and the response (headers and body) is
//! consumed and dropped inside the timed region. Building the request is not
//! timed and not counted.
//!
//! Environment:
//! - `CORS_BENCH_COMPILE=1`: also run `benches/compile_cost.sh` (slow).
//! - `CORS_BENCH_ONLY=<scenario>/<variant> CORS_BENCH_ITERS=N`: skip criterion
//!   and run that case N times, for `valgrind --tool=callgrind`.
//! - `CORS_BENCH_QUICK=1`: skip criterion; the table uses a quick own timing.
//! - `CORS_BENCH_LIST=1`: print the case ids and exit.
//! - `CORS_BENCH_SHOW=1`: print every case's response status and headers.
//!
//! `benches/callgrind.sh` counts instructions per request for every case
//! (noise-free, unlike times on a shared machine).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderName, HeaderValue, Method, Request};
use axum::Router;
use criterion::{BatchSize, Criterion};
use http_body_util::BodyExt;
use tower::ServiceExt;
use tower_http::cors::{AllowOrigin, CorsLayer};

#[path = "support/origins_1000.rs"]
mod origins_1000;
#[path = "support/shapes.rs"]
mod shapes;

use shapes::Shape;

// ---------------------------------------------------------------- allocator

/// Counts every allocation (`alloc`, `alloc_zeroed`) and every `realloc`.
struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static REALLOCS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        REALLOCS.fetch_add(1, Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

// ---------------------------------------------------------------- the apps

const ORIGINS_3: [&str; 3] = [
    "https://app.example.com",
    "http://localhost:3000",
    "https://b.example.com",
];
const ALLOWED: &str = "https://app.example.com";
const REFUSED: &str = "https://evil.example.com";

#[cors_runtime::cors(
    origins = ["https://app.example.com", "http://localhost:3000", "https://b.example.com"],
    methods = "GET,POST",
    credentials,
    allow_headers = ["content-type"],
    expose_headers = ["x-total"],
    max_age = 600
)]
async fn data_3() -> &'static str {
    "ok"
}

async fn data_bare() -> &'static str {
    "ok"
}

async fn health() -> &'static str {
    "ok"
}

// `with_state(())` turns every handler into a ready route once, as
// `axum::serve` (`into_make_service`) does; without it axum would box and
// convert the handler again on every request.
fn app(data: axum::routing::MethodRouter) -> Router {
    Router::new()
        .route("/data", data)
        .route("/health", axum::routing::get(health))
        .with_state(())
}

fn cors_app(data: cors_runtime::CorsMethodRouter) -> Router {
    use cors_runtime::CorsRouterExt;
    Router::new()
        .cors_route("/data", data)
        .route("/health", axum::routing::get(health))
        .with_state(())
}

/// tower-http configured as the `#[cors]` policies are.
fn tower_http_layer(origins: &[&'static str]) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(
            origins.iter().map(|o| HeaderValue::from_static(o)),
        ))
        .allow_methods([Method::GET, Method::POST])
        .allow_credentials(true)
        .allow_headers([header::CONTENT_TYPE])
        .expose_headers([HeaderName::from_static("x-total")])
        .max_age(Duration::from_secs(600))
}

#[derive(Clone, Copy, PartialEq)]
enum Variant {
    Bare,
    EmptyLayer,
    CorsRuntime,
    TowerHttp,
}

impl Variant {
    const ALL: [Variant; 4] = [
        Variant::Bare,
        Variant::EmptyLayer,
        Variant::CorsRuntime,
        Variant::TowerHttp,
    ];
    /// Variants without an origin list run once per scenario.
    fn has_origins(self) -> bool {
        matches!(self, Variant::CorsRuntime | Variant::TowerHttp)
    }
    fn name(self) -> &'static str {
        match self {
            Variant::Bare => "bare",
            Variant::EmptyLayer => "empty_layer",
            Variant::CorsRuntime => "cors_runtime",
            Variant::TowerHttp => "tower_http",
        }
    }
    fn app(self, origins: usize) -> Router {
        match (self, origins) {
            (Variant::Bare, _) => app(axum::routing::get(data_bare).post(data_bare)),
            (Variant::EmptyLayer, _) => {
                let layer = tower::layer::util::Identity::new();
                app(axum::routing::get(data_bare).post(data_bare).layer(layer))
            }
            (Variant::CorsRuntime, 3) => cors_app(cors_runtime::routing::get(data_3).post(data_3)),
            (Variant::CorsRuntime, _) => {
                use origins_1000::data_1000;
                cors_app(cors_runtime::routing::get(data_1000).post(data_1000))
            }
            (Variant::TowerHttp, 3) => app(axum::routing::get(data_bare)
                .post(data_bare)
                .layer(tower_http_layer(&ORIGINS_3))),
            (Variant::TowerHttp, _) => {
                let layer = tower_http_layer(&origins_1000::ORIGINS_1000);
                app(axum::routing::get(data_bare).post(data_bare).layer(layer))
            }
        }
    }
}

// ---------------------------------------------------------------- scenarios

#[derive(Clone, Copy)]
enum Scenario {
    PreflightAllowed,
    PreflightRefused,
    GetAllowed,
    GetRefused,
    GetNoOrigin,
    /// The shapes' preflight: a PUT with `content-type` (not in `ALL`).
    PreflightPut,
}

impl Scenario {
    const ALL: [Scenario; 5] = [
        Scenario::PreflightAllowed,
        Scenario::PreflightRefused,
        Scenario::GetAllowed,
        Scenario::GetRefused,
        Scenario::GetNoOrigin,
    ];
    fn name(self) -> &'static str {
        match self {
            Scenario::PreflightAllowed => "preflight_allowed",
            Scenario::PreflightRefused => "preflight_refused",
            Scenario::GetAllowed => "get_allowed",
            Scenario::GetRefused => "get_refused",
            Scenario::GetNoOrigin => "get_no_origin",
            Scenario::PreflightPut => "preflight_put",
        }
    }
    /// What a browser sends (a preflight as Chrome sends one for a JSON POST).
    /// Header values are `from_static`: hyper hands out shared slices of its
    /// read buffer, whose clone is a reference count, not an allocation, and
    /// so is a static value's (one built from a `&str` would allocate on its
    /// first clone, in every CORS variant alike).
    fn request(self) -> Request<Body> {
        let preflight_for = |origin: &'static str, method: &'static str| {
            Request::builder()
                .method(Method::OPTIONS)
                .uri("/data")
                .header(header::ORIGIN, HeaderValue::from_static(origin))
                .header(
                    header::ACCESS_CONTROL_REQUEST_METHOD,
                    HeaderValue::from_static(method),
                )
                .header(
                    header::ACCESS_CONTROL_REQUEST_HEADERS,
                    HeaderValue::from_static("content-type"),
                )
        };
        let preflight = |origin: &'static str| preflight_for(origin, "POST");
        let get = || Request::builder().method(Method::GET).uri("/data");
        match self {
            Scenario::PreflightAllowed => preflight(ALLOWED),
            Scenario::PreflightRefused => preflight(REFUSED),
            Scenario::GetAllowed => get().header(header::ORIGIN, HeaderValue::from_static(ALLOWED)),
            Scenario::GetRefused => get().header(header::ORIGIN, HeaderValue::from_static(REFUSED)),
            Scenario::GetNoOrigin => get(),
            Scenario::PreflightPut => preflight_for(ALLOWED, "PUT"),
        }
        .body(Body::empty())
        .unwrap()
    }
}

/// One benchmark: criterion's `group/name`, the request and the app.
struct Case {
    scenario: Scenario,
    /// `{scenario}_{origins}` (issue 4's table) or `shape_{get|preflight}`.
    group: String,
    /// The variant's or the shape's name.
    name: &'static str,
    /// Issue 4's table: how many origins (0 for shapes).
    origins: usize,
    app: Router,
}

impl Case {
    fn group(&self) -> String {
        self.group.clone()
    }
    fn id(&self) -> String {
        format!("{}/{}", self.group, self.name)
    }
    fn is_shape(&self) -> bool {
        self.group.starts_with("shape_")
    }
}

const SHAPE_GET: &str = "shape_get";
const SHAPE_PREFLIGHT: &str = "shape_preflight";

/// Every case; the bare route has no origin list, so it runs once per scenario.
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for origins in [3, 1000] {
        for scenario in Scenario::ALL {
            for variant in Variant::ALL {
                if !variant.has_origins() && origins != 3 {
                    continue;
                }
                let group = format!("{}_{origins}", scenario.name());
                cases.push(Case {
                    scenario,
                    group,
                    name: variant.name(),
                    origins,
                    app: variant.app(origins),
                });
            }
        }
    }
    for shape in Shape::ALL {
        let app = shape.app();
        cases.push(Case {
            scenario: Scenario::GetAllowed,
            group: SHAPE_GET.into(),
            name: shape.name(),
            origins: 0,
            app: app.clone(),
        });
        if shape.is_cors() {
            cases.push(Case {
                scenario: Scenario::PreflightPut,
                group: SHAPE_PREFLIGHT.into(),
                name: shape.name(),
                origins: 0,
                app,
            });
        }
    }
    cases
}

/// One request, start to finish: route, respond, read every header and the
/// whole body, drop the response.
#[inline(never)] // a symbol for `valgrind --toggle-collect=cors::run_one`
fn run_one(rt: &tokio::runtime::Runtime, app: &Router, request: Request<Body>) -> u16 {
    rt.block_on(async {
        let response = app.clone().oneshot(request).await.unwrap();
        let (parts, mut body) = response.into_parts();
        let mut seen = parts.headers.len();
        for (name, value) in &parts.headers {
            seen += black_box(name.as_str().len() + value.len());
        }
        while let Some(frame) = body.frame().await {
            seen += frame.unwrap().data_ref().map_or(0, |d| d.len());
        }
        black_box(seen);
        parts.status.as_u16()
    })
}

// ---------------------------------------------------------------- measuring

struct Measured {
    id: String,
    status: u16,
    allocs: f64,
    reallocs: f64,
    quick_ns: f64,
}

fn count_allocs(rt: &tokio::runtime::Runtime, case: &Case) -> (u16, f64, f64) {
    const N: u64 = 2_000;
    let (mut allocs, mut reallocs, mut status) = (0, 0, 0);
    for _ in 0..N {
        let request = case.scenario.request();
        let (a, r) = (ALLOCS.load(Relaxed), REALLOCS.load(Relaxed));
        status = run_one(rt, &case.app, request);
        allocs += ALLOCS.load(Relaxed) - a;
        reallocs += REALLOCS.load(Relaxed) - r;
    }
    (status, allocs as f64 / N as f64, reallocs as f64 / N as f64)
}

/// Median of 11 rounds of 2,000 requests each, requests built outside the clock.
fn quick_time(rt: &tokio::runtime::Runtime, case: &Case) -> f64 {
    const BATCH: usize = 2_000;
    let mut rounds: Vec<f64> = (0..11)
        .map(|_| {
            let requests: Vec<_> = (0..BATCH).map(|_| case.scenario.request()).collect();
            let start = Instant::now();
            for request in requests {
                black_box(run_one(rt, &case.app, request));
            }
            start.elapsed().as_nanos() as f64 / BATCH as f64
        })
        .collect();
    rounds.sort_by(f64::total_cmp);
    rounds[rounds.len() / 2]
}

/// Criterion's median estimate of a benchmark, if it ran in this workspace.
fn criterion_median(id: &str) -> Option<f64> {
    let home = std::env::var_os("CRITERION_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
            target.join("criterion")
        });
    let text = std::fs::read_to_string(home.join(id).join("new/estimates.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

// ---------------------------------------------------------------- main

fn main() {
    // The `env(...)` shape reads its origins when its route is built.
    std::env::set_var(shapes::ENV_VAR, shapes::ENV_VALUE);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let cases = cases();

    if std::env::var_os("CORS_BENCH_LIST").is_some() {
        for case in &cases {
            println!("{}", case.id());
        }
        return;
    }
    if std::env::var_os("CORS_BENCH_SHOW").is_some() {
        for case in &cases {
            let response = rt
                .block_on(case.app.clone().oneshot(case.scenario.request()))
                .unwrap();
            println!("{} -> {}", case.id(), response.status());
            for (name, value) in response.headers() {
                println!("    {name}: {}", value.to_str().unwrap_or("<bytes>"));
            }
        }
        return;
    }
    if let Ok(only) = std::env::var("CORS_BENCH_ONLY") {
        let iters: u64 = std::env::var("CORS_BENCH_ITERS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(10_000);
        let case = cases.iter().find(|c| c.id() == only).unwrap_or_else(|| {
            let ids: Vec<_> = cases.iter().map(Case::id).collect();
            panic!("no case {only}; cases: {ids:?}")
        });
        for _ in 0..iters {
            black_box(run_one(&rt, &case.app, case.scenario.request()));
        }
        return;
    }

    let quick = std::env::var_os("CORS_BENCH_QUICK").is_some();
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    if !quick {
        let mut ran = std::collections::BTreeSet::new();
        for case in &cases {
            if !ran.insert(case.group()) {
                continue;
            }
            let mut group = criterion.benchmark_group(case.group());
            for case in cases.iter().filter(|c| c.group() == case.group()) {
                group.bench_function(case.name, |b| {
                    b.iter_batched(
                        || case.scenario.request(),
                        |request| run_one(&rt, &case.app, request),
                        BatchSize::SmallInput,
                    )
                });
            }
            group.finish();
        }
        criterion.final_summary();
    }

    let measured: Vec<Measured> = cases
        .iter()
        .map(|case| {
            let (status, allocs, reallocs) = count_allocs(&rt, case);
            Measured {
                id: case.id(),
                status,
                allocs,
                reallocs,
                quick_ns: quick_time(&rt, case),
            }
        })
        .collect();
    print_table(&cases, &measured, quick);
    print_shapes(&measured, quick);

    if std::env::var("CORS_BENCH_COMPILE").is_ok_and(|v| v == "1") {
        println!("\ncompile cost (CORS_BENCH_COMPILE=1): benches/compile_cost.sh");
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/compile_cost.sh");
        let status = std::process::Command::new("bash")
            .arg(script)
            .status()
            .expect("run compile_cost.sh");
        assert!(status.success(), "compile_cost.sh failed");
    }
}

fn print_table(cases: &[Case], measured: &[Measured], quick: bool) {
    let get = |id: &str| measured.iter().find(|m| m.id == id);
    // Criterion's median when it ran this case now or earlier; else the quick timing.
    let ns =
        |m: &Measured| if quick { None } else { criterion_median(&m.id) }.unwrap_or(m.quick_ns);

    println!();
    println!(
        "ns/op: {}; quick = median of 11 x 2,000 own-timed requests",
        if quick {
            "quick timing (CORS_BENCH_QUICK)"
        } else {
            "criterion median (quick in brackets)"
        }
    );
    println!("allocs/op: alloc+alloc_zeroed calls per request (+N = realloc calls), request construction excluded");
    println!("bare and empty-layer routes in 1,000-origin rows: same as 3 (they have no origins)");
    println!();
    println!(
        "| {:<24} | {:^27} | {:^27} | {:^27} | {:^27} |",
        "scenario (origins)",
        "bare (no CORS)",
        "bare + empty route layer",
        "cors-runtime #[cors]",
        "tower-http CorsLayer"
    );
    println!(
        "|{:-<26}|{:-<29}|{:-<29}|{:-<29}|{:-<29}|",
        "", "", "", "", ""
    );
    let mut groups: Vec<(String, usize, Scenario)> = Vec::new();
    for case in cases.iter().filter(|c| !c.is_shape()) {
        if !groups.iter().any(|(g, ..)| *g == case.group()) {
            groups.push((case.group(), case.origins, case.scenario));
        }
    }
    for (group, origins, scenario) in &groups {
        let cell = |variant: Variant| {
            let id = if !variant.has_origins() {
                format!("{}_3/{}", scenario.name(), variant.name())
            } else {
                format!("{group}/{}", variant.name())
            };
            match get(&id) {
                None => "-".to_owned(),
                Some(m) => {
                    let realloc = if m.reallocs > 0.0 {
                        format!(" +{:.0}", m.reallocs)
                    } else {
                        String::new()
                    };
                    if quick {
                        format!(
                            "{:>5.0} ns {:>4.1} al{realloc} [{}]",
                            ns(m),
                            m.allocs,
                            m.status
                        )
                    } else {
                        format!(
                            "{:>5.0} ns [{:>5.0}] {:>4.1} al{realloc}",
                            ns(m),
                            m.quick_ns,
                            m.allocs
                        )
                    }
                }
            }
        };
        println!(
            "| {:<24} | {:<27} | {:<27} | {:<27} | {:<27} |",
            format!("{} ({origins})", scenario.name()),
            cell(Variant::Bare),
            cell(Variant::EmptyLayer),
            cell(Variant::CorsRuntime),
            cell(Variant::TowerHttp)
        );
    }
    println!();
    println!("status codes (3 origins; 1,000 alike):");
    for scenario in Scenario::ALL {
        let codes: Vec<String> = Variant::ALL
            .iter()
            .filter_map(|v| get(&format!("{}_3/{}", scenario.name(), v.name())))
            .map(|m| {
                format!(
                    "{} {}",
                    m.id.split('/').nth(1).unwrap_or_default(),
                    m.status
                )
            })
            .collect();
        println!("  {:<18} {}", scenario.name(), codes.join(", "));
    }
    println!();

    // The targets.
    let m = |id: &str| get(id).expect(id);
    let bare_get = m("get_allowed_3/bare");
    let check = |what: &str, ok: bool, detail: String| {
        println!(
            "target {:<62} {}  ({detail})",
            what,
            if ok { "MET " } else { "MISS" }
        );
    };
    for origins in [3, 1000] {
        let pre = m(&format!("preflight_allowed_{origins}/cors_runtime"));
        let get_ = m(&format!("get_allowed_{origins}/cors_runtime"));
        let th_pre = m(&format!("preflight_allowed_{origins}/tower_http"));
        let th_get = m(&format!("get_allowed_{origins}/tower_http"));
        check(
            &format!("[{origins}] allowed preflight <= bare GET (time)"),
            ns(pre) <= ns(bare_get),
            format!("{:.0} vs {:.0} ns", ns(pre), ns(bare_get)),
        );
        check(
            &format!("[{origins}] allowed preflight <= bare GET (allocs)"),
            pre.allocs + pre.reallocs <= bare_get.allocs + bare_get.reallocs,
            format!(
                "{:.1} vs {:.1}",
                pre.allocs + pre.reallocs,
                bare_get.allocs + bare_get.reallocs
            ),
        );
        check(
            &format!("[{origins}] allowed GET <= bare GET + 15% (time)"),
            ns(get_) <= ns(bare_get) * 1.15,
            format!("{:+.1}%", (ns(get_) / ns(bare_get) - 1.0) * 100.0),
        );
        check(
            &format!("[{origins}] allowed GET <= bare GET + 2 allocs"),
            get_.allocs + get_.reallocs <= bare_get.allocs + bare_get.reallocs + 2.0,
            format!(
                "{:+.1}",
                get_.allocs + get_.reallocs - bare_get.allocs - bare_get.reallocs
            ),
        );
        check(
            &format!("[{origins}] preflight faster than tower-http"),
            ns(pre) < ns(th_pre),
            format!("{:.0} vs {:.0} ns", ns(pre), ns(th_pre)),
        );
        check(
            &format!("[{origins}] allowed GET faster than tower-http"),
            ns(get_) < ns(th_get),
            format!("{:.0} vs {:.0} ns", ns(get_), ns(th_get)),
        );
    }
    for scenario in Scenario::ALL {
        let three = m(&format!("{}_3/cors_runtime", scenario.name()));
        let thousand = m(&format!("{}_1000/cors_runtime", scenario.name()));
        check(
            &format!("1,000 origins within 10% of 3: {}", scenario.name()),
            ns(thousand) <= ns(three) * 1.10,
            format!("{:+.1}%", (ns(thousand) / ns(three) - 1.0) * 100.0),
        );
    }
}

/// The shapes of issue 12: every form against the bare handler's GET.
fn print_shapes(measured: &[Measured], quick: bool) {
    let get = |id: String| measured.iter().find(|m| m.id == id);
    let ns =
        |m: &Measured| if quick { None } else { criterion_median(&m.id) }.unwrap_or(m.quick_ns);
    let total = |m: &Measured| m.allocs + m.reallocs;
    let Some(bare) = get(format!("{SHAPE_GET}/{}", Shape::Bare.name())) else {
        return;
    };
    println!();
    println!(
        "policy shapes (issue 12): /data serves GET, PUT, DELETE; the handler sets two headers;"
    );
    println!(
        "credentials, expose_headers, allow_headers, max_age; preflight = a PUT with content-type."
    );
    println!(
        "Each row against the bare handler's GET ({:.0} ns, {:.1} allocs).",
        ns(bare),
        total(bare)
    );
    println!();
    println!(
        "| {:<42} | {:>24} | {:>24} |",
        "shape", "allowed GET", "allowed preflight (PUT)"
    );
    println!("|{:-<44}|{:->26}|{:->26}|", "", "", "");
    for shape in Shape::ALL {
        let cell = |m: Option<&Measured>| match m {
            None => "-".to_owned(),
            Some(m) => format!(
                "{:.0} ns {:+.0}% {:.1} al ({:+.1})",
                ns(m),
                (ns(m) / ns(bare) - 1.0) * 100.0,
                total(m),
                total(m) - total(bare)
            ),
        };
        println!(
            "| {:<42} | {:>24} | {:>24} |",
            shape.describe(),
            cell(get(format!("{SHAPE_GET}/{}", shape.name()))),
            cell(get(format!("{SHAPE_PREFLIGHT}/{}", shape.name())))
        );
    }
    println!();
    for shape in Shape::ALL
        .into_iter()
        .filter(|s| s.is_cors() && *s != Shape::TowerHttp)
    {
        let check = |what: &str, ok: bool, detail: String| {
            println!(
                "target {:<62} {}  ({detail})",
                format!("[{}] {what}", shape.name()),
                if ok { "MET " } else { "MISS" }
            );
        };
        if let Some(m) = get(format!("{SHAPE_GET}/{}", shape.name())) {
            check(
                "allowed GET <= bare + 15% (time)",
                ns(m) <= ns(bare) * 1.15,
                format!("{:+.1}%", (ns(m) / ns(bare) - 1.0) * 100.0),
            );
            check(
                "allowed GET <= bare + 2 allocs",
                total(m) <= total(bare) + 2.0,
                format!("{:+.1}", total(m) - total(bare)),
            );
        }
        if let Some(m) = get(format!("{SHAPE_PREFLIGHT}/{}", shape.name())) {
            check(
                "preflight <= bare GET (time)",
                ns(m) <= ns(bare),
                format!("{:.0} vs {:.0} ns", ns(m), ns(bare)),
            );
        }
    }
}

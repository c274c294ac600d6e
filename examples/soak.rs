//! Load and soak on loopback: `cargo run --release --example soak`.
//!
//! Serves the demo API and the SQLite-backed tenant API with `axum::serve` on
//! 127.0.0.1 (an ephemeral port), drives them with `wrk` (`apt install wrk`) and
//! the request mix of `benches/soak/mix.lua` (allowed, refused, preflight and
//! hostile requests; random origins against the dynamic tenant route), and
//! checks the run: no socket errors, no 5xx, only expected statuses, no answer
//! breaking SPEC §4's invariants, flat memory.
//!
//! Bounded: `SOAK_SECONDS` (default 60, at most 600), `SOAK_CONNECTIONS`
//! (default 64, at most 256), `SOAK_WARMUP_SECONDS` (default 10), and at most
//! `SOAK_MAX_REQUESTS` (default 20 million) requests; wrk is killed if it
//! overruns its time by 30 s. Exits 1 when a check fails.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use cors_suite::demo;
use cors_suite::tenant_origins::{
    self, AdminAccess, AppState, CacheLimits, TenantId, TenantOrigins,
};

const TENANTS: usize = 200;
const WRK_THREADS: usize = 2;
/// Statuses the mix is built to get; anything else fails the run.
const EXPECTED_STATUSES: [u16; 6] = [200, 204, 401, 403, 404, 421];
/// How much resident memory may grow from the end of the warm-up to the end
/// of the run and still count as flat.
const FLAT_RSS_SLACK_KIB: u64 = 4 * 1024;

/// Responses by status, counted by the server itself.
struct StatusCounts([AtomicU64; 600]);

impl StatusCounts {
    fn new() -> Self {
        Self(std::array::from_fn(|_| AtomicU64::new(0)))
    }

    fn snapshot(&self) -> BTreeMap<u16, u64> {
        (0u16..600)
            .filter_map(|code| {
                Some((code, self.0[usize::from(code)].load(Ordering::Relaxed)))
                    .filter(|(_, n)| *n > 0)
            })
            .collect()
    }
}

async fn count_status(
    State(counts): State<Arc<StatusCounts>>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    let code = usize::from(response.status().as_u16()).min(599);
    counts.0[code].fetch_add(1, Ordering::Relaxed);
    response
}

fn env_number(name: &str, default: u64, max: u64) -> Result<u64, String> {
    match std::env::var(name) {
        Err(_) => Ok(default),
        Ok(value) => match value.trim().parse::<u64>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(format!("{name}={value:?}: give a number from 1 to {max}")),
        },
    }
}

/// This process's resident set size, from /proc/self/status.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

struct WrkRun {
    stdout: String,
    statuses: BTreeMap<u16, u64>,
    socket_errors: u64,
    requests: u64,
    /// Answers breaking SPEC §4's invariants, as mix.lua's response() sees them.
    violations: u64,
}

/// Runs wrk against `url` for `seconds` (killed 30 s past that), sampling RSS
/// every second into `rss_samples`.
fn run_wrk(
    url: &str,
    seconds: u64,
    connections: u64,
    max_requests: u64,
    rss_samples: &mut Vec<u64>,
) -> Result<WrkRun, String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/soak/mix.lua");
    let per_thread = max_requests.div_ceil(WRK_THREADS as u64);
    let mut child = Command::new("wrk")
        .args([
            "-t",
            &WRK_THREADS.to_string(),
            "-c",
            &connections.to_string(),
            "-d",
            &format!("{seconds}s"),
        ])
        .args([
            "--timeout",
            "5s",
            "--latency",
            "-s",
            script,
            url,
            "--",
            &TENANTS.to_string(),
            &per_thread.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|error| format!("cannot run wrk ({error}); install it with `apt install wrk`"))?;
    let deadline = Instant::now() + Duration::from_secs(seconds + 30);
    loop {
        std::thread::sleep(Duration::from_secs(1));
        rss_samples.push(rss_kib());
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(_) => break,
            None if Instant::now() > deadline => {
                let _ = child.kill();
                return Err("wrk overran its time and was killed".into());
            }
            None => {}
        }
    }
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(format!("wrk failed ({}):\n{stdout}", output.status));
    }
    let mut run = WrkRun {
        stdout: String::new(),
        statuses: BTreeMap::new(),
        socket_errors: 0,
        requests: 0,
        violations: 0,
    };
    for line in stdout.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["wrk-status", code, count] => {
                run.statuses.insert(
                    code.parse().map_err(|_| line.to_owned())?,
                    count.parse().map_err(|_| line.to_owned())?,
                );
            }
            ["wrk-errors", fields @ ..] => {
                // connect, read, write and timeout are socket errors; `status` counts HTTP statuses >= 400.
                run.socket_errors = fields
                    .iter()
                    .filter(|field| !field.starts_with("status="))
                    .filter_map(|field| {
                        field
                            .split_once('=')
                            .and_then(|(_, n)| n.parse::<u64>().ok())
                    })
                    .sum();
            }
            ["wrk-requests", count] => run.requests = count.parse().map_err(|_| line.to_owned())?,
            ["wrk-violations", count] => {
                run.violations = count.parse().map_err(|_| line.to_owned())?
            }
            _ => {}
        }
    }
    run.stdout = stdout;
    Ok(run)
}

async fn seeded_tenants() -> Result<Arc<TenantOrigins>, Box<dyn std::error::Error>> {
    let tenants =
        Arc::new(TenantOrigins::connect("sqlite::memory:", CacheLimits::default()).await?);
    for n in 0..TENANTS {
        let tenant = TenantId::parse(&format!("t{n}")).expect("a valid tenant name");
        tenants
            .add(&tenant, &format!("https://app.t{n}.example"))
            .await?;
    }
    Ok(tenants)
}

fn format_statuses(statuses: &BTreeMap<u16, u64>) -> String {
    statuses
        .iter()
        .map(|(code, n)| format!("{code}: {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt().with_env_filter("warn").init();
    let seconds = env_number("SOAK_SECONDS", 60, 600)?;
    let connections = env_number("SOAK_CONNECTIONS", 64, 256)?;
    let warmup = env_number("SOAK_WARMUP_SECONDS", 10, 120)?;
    let max_requests = env_number("SOAK_MAX_REQUESTS", 20_000_000, 100_000_000)?;

    let tenants = seeded_tenants().await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    // The mix sends wrong tokens (401) and a foreign Host (421); it never registers an origin.
    let admin = AdminAccess::new(
        "soak-token-not-a-secret-0123456789abcdef",
        &[&addr.to_string()],
    )?;
    let counts = Arc::new(StatusCounts::new());
    let app: Router = demo::api::app()
        .merge(tenant_origins::app(
            AppState {
                tenants: tenants.clone(),
            },
            Some(admin),
        ))
        .layer(middleware::from_fn_with_state(counts.clone(), count_status));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async { drop(stopped.await) })
            .await
    });
    let url = format!("http://{addr}");
    println!("soak: serving on {url}; wrk {WRK_THREADS} threads, {connections} connections; warm-up {warmup} s, run {seconds} s");

    let warm = {
        let url = url.clone();
        tokio::task::spawn_blocking(move || {
            run_wrk(&url, warmup, connections, max_requests, &mut Vec::new())
        })
        .await??
    };
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_start = rss_kib();
    let warm_counts = counts.snapshot();
    let usage_start = tenants.cache_usage().await;
    let queries_start = tenants.queries();
    println!(
        "soak: warm-up {} requests; RSS after warm-up {rss_start} KiB",
        warm.requests
    );

    let started = Instant::now();
    let (run, rss_samples) = {
        let url = url.clone();
        let (run, samples) = tokio::task::spawn_blocking(move || {
            let mut samples = Vec::new();
            (
                run_wrk(&url, seconds, connections, max_requests, &mut samples),
                samples,
            )
        })
        .await?;
        (run?, samples)
    };
    let elapsed = started.elapsed();
    let rss_end = rss_kib();
    let usage_end = tenants.cache_usage().await;
    let server_counts: BTreeMap<u16, u64> = counts
        .snapshot()
        .into_iter()
        .map(|(code, n)| (code, n - warm_counts.get(&code).copied().unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .collect();
    let _ = stop.send(());
    server.await??;

    let server_total: u64 = server_counts.values().sum();
    let server_5xx: u64 = server_counts.range(500..).map(|(_, n)| n).sum();
    let wrk_5xx: u64 = run.statuses.range(500..).map(|(_, n)| n).sum();
    let unexpected: Vec<u16> = run
        .statuses
        .keys()
        .chain(server_counts.keys())
        .copied()
        .filter(|code| !EXPECTED_STATUSES.contains(code))
        .collect();
    let rss_max = rss_samples.iter().copied().max().unwrap_or(rss_end);
    let rss_growth = rss_end.saturating_sub(rss_start);

    println!(
        "{}",
        run.stdout
            .lines()
            .filter(|line| !line.starts_with("wrk-"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    println!("soak results ({:.1} s):", elapsed.as_secs_f64());
    println!(
        "  requests (wrk)        {} ({:.0}/s)",
        run.requests,
        run.requests as f64 / elapsed.as_secs_f64()
    );
    println!("  socket errors (wrk)   {}", run.socket_errors);
    println!("  statuses (wrk)        {}", format_statuses(&run.statuses));
    println!(
        "  statuses (server)     {} (total {server_total})",
        format_statuses(&server_counts)
    );
    println!("  5xx                   wrk {wrk_5xx}, server {server_5xx}");
    println!("  invariant violations  {}", run.violations);
    println!(
        "  tenant DB queries     {}",
        tenants.queries() - queries_start
    );
    println!(
        "  cache bytes           grants {} -> {}, refusals {} -> {} (bounds {} / {})",
        usage_start.grant_bytes,
        usage_end.grant_bytes,
        usage_start.refusal_bytes,
        usage_end.refusal_bytes,
        CacheLimits::default().grant_bytes,
        CacheLimits::default().refusal_bytes
    );
    let every_10_s: Vec<String> = rss_samples
        .iter()
        .step_by(10)
        .map(|kib| kib.to_string())
        .collect();
    println!("  RSS every 10 s (KiB)  {}", every_10_s.join(" "));
    println!("  RSS                   start {rss_start} KiB, end {rss_end} KiB, max {rss_max} KiB (growth {rss_growth} KiB)");

    let mut failures = Vec::new();
    if run.socket_errors > 0 {
        failures.push(format!("{} socket errors", run.socket_errors));
    }
    if wrk_5xx + server_5xx > 0 {
        failures.push(format!("5xx responses: wrk {wrk_5xx}, server {server_5xx}"));
    }
    if run.violations > 0 {
        failures.push(format!(
            "{} answers broke SPEC §4's invariants",
            run.violations
        ));
    }
    if !unexpected.is_empty() {
        failures.push(format!("unexpected statuses {unexpected:?}"));
    }
    if rss_growth > FLAT_RSS_SLACK_KIB {
        failures.push(format!(
            "RSS grew by {rss_growth} KiB (more than {FLAT_RSS_SLACK_KIB} KiB)"
        ));
    }
    if run.requests == 0 {
        failures.push("no requests were made".into());
    }
    if failures.is_empty() {
        println!("soak: PASS");
        Ok(())
    } else {
        println!("soak: FAIL: {}", failures.join("; "));
        std::process::exit(1);
    }
}

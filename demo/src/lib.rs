//! The demo behind `cargo run -p cors-demo`: an API with several per-route
//! CORS policies, and a small frontend on a second origin whose page calls the
//! API with real `fetch()`es and shows, row by row, what the browser allowed.
//!
//! The browser suite (`tests/browser.rs`) serves this same [`api::app`] and
//! [`frontend::app`], so what the demo shows is what the suite checks.

pub mod api;
pub mod calls;
pub mod frontend;

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Instant;

use axum::extract::Request;
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tokio::net::TcpListener;

/// The frontend origin the API's policies list (`#[cors]` policies are fixed
/// at compile time, so the frontend must be served from exactly this origin).
pub const FRONTEND_ORIGIN: &str = "http://localhost:3000";
/// `PORT` when unset, as in the Express app this demo ports.
pub const DEFAULT_API_PORT: u16 = 5000;
/// `FRONTEND_PORT` when unset: the port of [`FRONTEND_ORIGIN`].
pub const DEFAULT_FRONTEND_PORT: u16 = 3000;

/// Where the demo listens, from the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub api_port: u16,
    pub frontend_port: u16,
}

impl Config {
    /// `PORT` (default 5000) and `FRONTEND_PORT` (default 3000).
    pub fn from_env() -> Result<Self, String> {
        Ok(Self {
            api_port: port_from_env("PORT", DEFAULT_API_PORT)?,
            frontend_port: port_from_env("FRONTEND_PORT", DEFAULT_FRONTEND_PORT)?,
        })
    }
}

fn port_from_env(name: &str, default: u16) -> Result<u16, String> {
    match std::env::var(name) {
        Err(std::env::VarError::NotPresent) => Ok(default),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{name} is not valid UTF-8")),
        Ok(value) => parse_port(name, &value),
    }
}

fn parse_port(name: &str, value: &str) -> Result<u16, String> {
    match value.trim().parse::<u16>() {
        Ok(port) if port != 0 => Ok(port),
        _ => Err(format!("{name}={value:?} is not a port number (1-65535)")),
    }
}

/// Logs to the console: the demo's request log (target `demo`) and every CORS
/// refusal `cors_runtime` explains (target `cors_runtime`, level DEBUG, which
/// production logs leave off). `RUST_LOG` overrides the default
/// `info,cors_runtime=debug`.
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,cors_runtime=debug"));
    // A test harness may have installed one already: keep it.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

/// Adds the one-line-per-request log (method, path, origin, status).
pub fn with_request_log(app: Router) -> Router {
    app.layer(middleware::from_fn(log_request))
}

async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let uri = request.uri().path().to_owned();
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let preflight = request
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let started = Instant::now();
    let response = next.run(request).await;
    let kind = match (&method, &preflight) {
        (&axum::http::Method::OPTIONS, Some(asked)) => format!(" (preflight for {asked})"),
        _ => String::new(),
    };
    tracing::info!(
        target: "demo",
        "{method} {uri}{kind} origin={} -> {} in {:?}",
        origin.as_deref().unwrap_or("-"),
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

async fn bind(port: u16, what: &str, env: &str) -> std::io::Result<TcpListener> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    TcpListener::bind(addr).await.map_err(|error| {
        std::io::Error::new(
            error.kind(),
            format!("cannot listen on {addr} for the {what} ({error}); pick another port with {env}=..."),
        )
    })
}

/// Starts the API and the frontend on 127.0.0.1, prints both URLs, and serves
/// until Ctrl-C.
pub async fn run(config: Config) -> std::io::Result<()> {
    let api_listener = bind(config.api_port, "API", "PORT").await?;
    let frontend_listener = bind(config.frontend_port, "frontend", "FRONTEND_PORT").await?;

    let api_url = format!("http://localhost:{}", config.api_port);
    let frontend_url = format!("http://localhost:{}", config.frontend_port);

    println!();
    println!("  Per-route CORS demo");
    println!("  API       {api_url}   (port from PORT)");
    println!("  frontend  {frontend_url}   (port from FRONTEND_PORT)   <- open this in a browser");
    println!();
    if frontend_url != FRONTEND_ORIGIN {
        println!(
            "  note: the policies list {FRONTEND_ORIGIN}, not {frontend_url}; \
             from this port every listed-origin call shows blocked."
        );
        println!();
    }
    println!(
        "  Each call the page makes is logged below; CORS refusals come from target cors_runtime."
    );
    println!("  Ctrl-C stops.");
    println!();

    let api = with_request_log(api::app());
    // Every path and method served with a policy, as built: what an auditor reads.
    println!("{}", cors_runtime::policy_table());
    let frontend = frontend::app(&api_url);
    tokio::select! {
        served = axum::serve(api_listener, api) => served,
        served = axum::serve(frontend_listener, frontend) => served,
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_parse_or_say_which_variable_is_wrong() {
        assert_eq!(parse_port("PORT", "5001"), Ok(5001));
        assert_eq!(parse_port("PORT", " 8080 "), Ok(8080));
        for bad in ["0", "65536", "", "http", "-1"] {
            let error = parse_port("FRONTEND_PORT", bad).unwrap_err();
            assert!(error.starts_with("FRONTEND_PORT="), "{error}");
        }
    }

    #[test]
    fn the_default_frontend_is_the_listed_origin() {
        assert_eq!(
            format!("http://localhost:{DEFAULT_FRONTEND_PORT}"),
            FRONTEND_ORIGIN
        );
    }
}

//! The browser suite's plumbing: finding Chromium and ChromeDriver, starting
//! servers on loopback ports, counting what the API saw, and a headless
//! Chromium session whose `localhost:3000` and `127.0.0.1:3000` lead to the
//! suite's own page servers.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::Request;
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::Router;
use fantoccini::{Client, ClientBuilder};
use tokio::net::TcpListener;

/// Looks `name` up in `PATH`.
fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}

/// Chromium and its driver: `CHROMIUM` / `CHROMEDRIVER` when set, else the
/// Debian packages' binaries (`chromium`, `chromium-driver`) found in `PATH`.
pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

impl Browser {
    pub fn find() -> Result<Self, String> {
        let find = |env: &str, names: &[&str]| -> Result<PathBuf, String> {
            if let Some(path) = std::env::var_os(env) {
                let path = PathBuf::from(path);
                return if path.is_file() { Ok(path) } else { Err(format!("{env}={} is not a file", path.display())) };
            }
            names
                .iter()
                .find_map(|name| which(name))
                .ok_or_else(|| format!("none of {names:?} is in PATH (or set {env})"))
        };
        Ok(Self {
            chromium: find("CHROMIUM", &["chromium", "chromium-browser", "google-chrome"])?,
            chromedriver: find("CHROMEDRIVER", &["chromedriver"])?,
        })
    }
}

/// A running ChromeDriver, killed on drop.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    pub fn start(chromedriver: &Path) -> Self {
        let mut child = Command::new(chromedriver)
            .args(["--port=0", "--log-level=WARNING"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        // Read the port from the banner, then keep draining so the pipe never fills.
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.split("started successfully on port ").nth(1) {
                    let port = rest.trim_end_matches('.').trim().parse::<u16>().ok();
                    if let (Some(tx), Some(port)) = (tx.take(), port) {
                        let _ = tx.send(port);
                    }
                }
            }
        });
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(port) => Self { child, port },
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{} did not report its port within 30 s", chromedriver.display());
            }
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The flags a root, offline, headless Chromium needs here.
pub fn chromium_args(user_data_dir: &Path, host_rules: &str) -> Vec<String> {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-dev-shm-usage",
        "--window-size=1400,1200",
    ]
    .map(String::from)
    .to_vec();
    args.push(format!("--user-data-dir={}", user_data_dir.display()));
    args.push(format!("--host-resolver-rules={host_rules}"));
    args
}

/// A WebDriver session on a fresh Chromium.
pub async fn connect(driver: &Driver, chromium: &Path, args: Vec<String>) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "chrome".into());
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "binary": chromium.display().to_string(), "args": args }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .unwrap_or_else(|e| panic!("cannot open a Chromium session through chromedriver: {e}"))
}

/// Serves `app` on a fresh 127.0.0.1 port until the test process ends.
pub async fn serve(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    addr
}

/// One request the API saw: method, path and query, response status.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: Method,
    pub target: String,
    pub status: u16,
}

/// Every request the API saw, in order (the outermost layer, so preflights
/// answered by the CORS layer are counted too).
#[derive(Clone, Default)]
pub struct RequestLog(Arc<Mutex<Vec<Seen>>>);

impl RequestLog {
    pub fn layer(&self, app: Router) -> Router {
        let log = self.clone();
        app.layer(middleware::from_fn(move |request: Request, next: Next| {
            let log = log.clone();
            async move {
                let method = request.method().clone();
                let target = request.uri().path_and_query().map_or_else(String::new, |pq| pq.to_string());
                let response = next.run(request).await;
                let status = response.status().as_u16();
                log.0.lock().unwrap().push(Seen { method, target, status });
                response
            }
        }))
    }

    /// What the API saw for `target` (path and query).
    pub fn for_target(&self, target: &str) -> Vec<Seen> {
        self.0.lock().unwrap().iter().filter(|seen| seen.target == target).cloned().collect()
    }
}

/// `target/browser/`, for the screenshots and the report.
pub fn output_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    // target/<profile>/deps/browser-<hash>
    let target = exe.ancestors().nth(3).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("target"));
    let dir = target.join("browser");
    std::fs::create_dir_all(&dir).expect("create target/browser");
    dir
}

/// A Chrome DevTools command through ChromeDriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// A PNG of the whole page, beyond the viewport (DevTools
/// `Page.captureScreenshot`); the viewport alone if that is unavailable.
pub async fn full_page_png(client: &Client) -> Vec<u8> {
    use base64::Engine as _;
    let cmd = Cdp {
        cmd: "Page.captureScreenshot",
        params: serde_json::json!({ "format": "png", "captureBeyondViewport": true }),
    };
    let full = client.issue_cmd(cmd).await.ok().and_then(|answer| {
        let data = answer.get("data")?.as_str()?.to_owned();
        base64::engine::general_purpose::STANDARD.decode(data).ok()
    });
    match full {
        Some(png) => png,
        None => client.screenshot().await.expect("screenshot"),
    }
}

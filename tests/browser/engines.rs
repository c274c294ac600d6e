//! The three browser engines Debian ships, each driven over WebDriver by
//! fantoccini: where the browser and its driver are, how to open a session
//! whose HTTP traffic goes through the suite's proxy, and how to take a
//! screenshot.
//!
//! | engine | browser | driver |
//! |---|---|---|
//! | Chromium | `chromium` | `chromedriver` (`chromium-driver`) |
//! | Firefox | `firefox-esr` | `geckodriver` (crates.io, `cargo install geckodriver --locked`) |
//! | WebKit | WebKitGTK's `MiniBrowser` (`libwebkit2gtk-4.1-0`) | `WebKitWebDriver` (`webkit2gtk-driver`) |

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};

use super::harness::Xvfb;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Engine {
    Chromium,
    Firefox,
    WebKit,
}

pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::WebKit];

/// The window every engine gets: wide enough for the demo table.
const WIDTH: u32 = 1400;
const HEIGHT: u32 = 1200;
/// The Xvfb screen's height: room for a full-page WebKit screenshot.
pub const SCREEN_HEIGHT: u32 = 4000;

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Self::Chromium => "chromium",
            Self::Firefox => "firefox",
            Self::WebKit => "webkit",
        }
    }

    /// What `fetch()` rejects with when CORS (or the network) fails. The
    /// Fetch standard only says "a network error" and leaves the TypeError's
    /// message to the engine, and each has its own, the same for every CORS
    /// failure (which one is never told to the page):
    /// - Chromium: `third_party/blink/renderer/core/fetch/fetch_manager.cc`,
    ///   `V8ThrowException::CreateTypeError(isolate, "Failed to fetch")`;
    /// - Firefox: `dom/bindings/Errors.msg`, `MSG_FETCH_FAILED`,
    ///   "NetworkError when attempting to fetch resource.";
    /// - WebKit: "Load failed" (Safari's message too, e.g. as listed by
    ///   sindresorhus/is-network-error).
    pub fn fetch_error(self) -> &'static str {
        match self {
            Self::Chromium => "TypeError: Failed to fetch",
            Self::Firefox => "TypeError: NetworkError when attempting to fetch resource.",
            Self::WebKit => "TypeError: Load failed",
        }
    }

    /// How to install what is missing, for the skip banner and CI's failure.
    pub fn install_hint(self) -> &'static str {
        match self {
            Self::Chromium => "apt-get install chromium chromium-driver (or set CHROMIUM / CHROMEDRIVER)",
            Self::Firefox => {
                "apt-get install firefox-esr; cargo install geckodriver --locked (or set FIREFOX / GECKODRIVER)"
            }
            Self::WebKit => {
                "apt-get install libwebkit2gtk-4.1-0 webkit2gtk-driver xvfb (or set MINIBROWSER / WEBKITWEBDRIVER)"
            }
        }
    }

    /// The browser and driver binaries: an environment variable when set,
    /// else the Debian (and `cargo install`) locations.
    pub fn find(self) -> Result<Install, String> {
        let (browser, driver) = match self {
            Self::Chromium => (
                find_binary(
                    "CHROMIUM",
                    &["chromium", "chromium-browser", "google-chrome"],
                    &[],
                )?,
                find_binary("CHROMEDRIVER", &["chromedriver"], &[])?,
            ),
            Self::Firefox => (
                find_binary("FIREFOX", &["firefox-esr", "firefox"], &[])?,
                find_binary("GECKODRIVER", &["geckodriver"], &cargo_bin("geckodriver"))?,
            ),
            Self::WebKit => (
                find_binary("MINIBROWSER", &[], &minibrowser_candidates())?,
                find_binary("WEBKITWEBDRIVER", &["WebKitWebDriver"], &[])?,
            ),
        };
        // WebKitGTK has no headless mode: it needs an X display, ours or Xvfb.
        let needs_xvfb =
            self == Self::WebKit && std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty());
        if needs_xvfb && which("Xvfb").is_none() {
            return Err("DISPLAY is unset and Xvfb is not in PATH".into());
        }
        Ok(Install {
            engine: self,
            browser,
            driver,
            needs_xvfb,
        })
    }
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// `$CARGO_HOME/bin/<name>` (default `~/.cargo/bin`), where `cargo install` puts it.
fn cargo_bin(name: &str) -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    home.map(|home| home.join("bin").join(name))
        .into_iter()
        .collect()
}

/// MiniBrowser is not in `PATH`: `dpkg -L libwebkit2gtk-4.1-0` puts it in
/// the multiarch library directory.
fn minibrowser_candidates() -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    for lib in ["/usr/lib", "/usr/libexec"] {
        let Ok(entries) = std::fs::read_dir(lib) else {
            continue;
        };
        let mut dirs: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
        dirs.push(PathBuf::from(lib));
        dirs.sort();
        for dir in dirs {
            for api in ["webkit2gtk-4.1", "webkit2gtk-4.0", "webkitgtk-6.0"] {
                candidates.push(dir.join(api).join("MiniBrowser"));
            }
        }
    }
    candidates
}

fn find_binary(env: &str, names: &[&str], paths: &[PathBuf]) -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(env) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!("{env}={} is not a file", path.display()))
        };
    }
    names
        .iter()
        .find_map(|name| which(name))
        .or_else(|| paths.iter().find(|path| path.is_file()).cloned())
        .ok_or_else(|| {
            let looked: Vec<String> = names
                .iter()
                .map(|n| format!("{n} in PATH"))
                .chain(paths.iter().map(|p| p.display().to_string()))
                .collect();
            format!("none of [{}] exists (or set {env})", looked.join(", "))
        })
}

/// An engine found on this machine.
pub struct Install {
    pub engine: Engine,
    pub browser: PathBuf,
    pub driver: PathBuf,
    needs_xvfb: bool,
}

/// A running driver (and the Xvfb display it renders to), killed on drop.
pub struct Driver {
    child: Child,
    port: u16,
    _xvfb: Option<Xvfb>,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on now (the drivers need one given up front:
/// WebKitWebDriver never says which port it picked).
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.local_addr().expect("local addr").port()
}

impl Install {
    /// The versions of the browser and driver, for the report.
    pub fn versions(&self) -> String {
        let version = |path: &Path| -> String {
            Command::new(path)
                .arg("--version")
                .stdin(Stdio::null())
                .stderr(Stdio::null())
                .output()
                .ok()
                .map(|out| {
                    String::from_utf8_lossy(&out.stdout)
                        .lines()
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_owned()
                })
                .filter(|line| !line.is_empty())
                .unwrap_or_else(|| "?".into())
        };
        match self.engine {
            // MiniBrowser needs a display even for --version, and
            // WebKitWebDriver has no --version: the packages say.
            Engine::WebKit => format!(
                "WebKitGTK {}; WebKitWebDriver {}",
                dpkg_version("libwebkit2gtk-4.1-0").unwrap_or_else(|| "?".into()),
                dpkg_version("webkit2gtk-driver").unwrap_or_else(|| "?".into())
            ),
            _ => format!("{}; {}", version(&self.browser), version(&self.driver)),
        }
    }

    pub fn start_driver(&self) -> Driver {
        let xvfb = self.needs_xvfb.then(Xvfb::start);
        // The port was free a moment ago; should someone take it first, the
        // driver exits and another port is tried.
        for _attempt in 0..3 {
            let port = free_port();
            let mut command = Command::new(&self.driver);
            match self.engine {
                Engine::Chromium => {
                    command.args([format!("--port={port}"), "--log-level=WARNING".into()])
                }
                Engine::Firefox => command.args([
                    "--port".into(),
                    port.to_string(),
                    "--log".into(),
                    "warn".into(),
                ]),
                Engine::WebKit => command.arg(format!("--port={port}")),
            };
            if let Some(xvfb) = &xvfb {
                command.env("DISPLAY", xvfb.display());
            }
            // Drivers chatter on stdout; their warnings and errors go to stderr.
            command
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::inherit());
            let mut child = command
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.driver.display()));
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            let deadline = Instant::now() + Duration::from_secs(30);
            loop {
                if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                    return Driver {
                        child,
                        port,
                        _xvfb: xvfb,
                    };
                }
                if let Ok(Some(status)) = child.try_wait() {
                    eprintln!(
                        "{} exited before listening on port {port}: {status}",
                        self.driver.display()
                    );
                    break;
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!(
                        "{} did not listen on port {port} within 30 s",
                        self.driver.display()
                    );
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!(
            "{} exited three times before listening",
            self.driver.display()
        );
    }

    /// The session capabilities: the engine's own binary, headless where it
    /// can be, and every HTTP request (loopback included, which browsers
    /// exempt from proxies by default) sent to `proxy`.
    fn capabilities(
        &self,
        proxy: SocketAddr,
        profile: &Path,
    ) -> serde_json::Map<String, serde_json::Value> {
        let binary = self.browser.display().to_string();
        let caps = match self.engine {
            Engine::Chromium => serde_json::json!({
                "browserName": "chrome",
                "goog:chromeOptions": { "binary": binary, "args": chromium_args(profile, proxy) },
            }),
            Engine::Firefox => serde_json::json!({
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": binary,
                    "args": ["-headless", format!("--width={WIDTH}"), format!("--height={HEIGHT}")],
                    "prefs": {
                        // Manual proxy for everything; Firefox otherwise never
                        // proxies localhost / 127.0.0.1.
                        "network.proxy.type": 1,
                        "network.proxy.http": "127.0.0.1",
                        "network.proxy.http_port": proxy.port(),
                        "network.proxy.no_proxies_on": "",
                        "network.proxy.allow_hijacking_localhost": true,
                        // No background traffic of its own.
                        "network.captive-portal-service.enabled": false,
                        "network.connectivity-service.enabled": false,
                        "browser.safebrowsing.update.enabled": false,
                        "app.update.disabledForTesting": true,
                    },
                },
            }),
            Engine::WebKit => serde_json::json!({
                "browserName": "MiniBrowser",
                "webkitgtk:browserOptions": {
                    "binary": binary,
                    // An empty ignore list: loopback goes through the proxy too.
                    "args": ["--automation", format!("--proxy=http://{proxy}"), "--ignore-host="],
                },
            }),
        };
        match caps {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("capabilities are an object"),
        }
    }

    /// A WebDriver session on a fresh browser whose traffic goes to `proxy`.
    pub async fn connect(&self, driver: &Driver, proxy: SocketAddr, profile: &Path) -> Client {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(self.capabilities(proxy, profile))
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "cannot open a {} session through {}: {e}",
                    self.engine.name(),
                    self.driver.display()
                )
            });
        if self.engine == Engine::WebKit {
            // MiniBrowser has no size flag; the window is sized over WebDriver.
            client
                .set_window_size(WIDTH, HEIGHT)
                .await
                .expect("size the MiniBrowser window");
        }
        client
    }
}

fn dpkg_version(package: &str) -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f=${Version}", package])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The flags a root, offline, headless Chromium needs here.
fn chromium_args(user_data_dir: &Path, proxy: SocketAddr) -> Vec<String> {
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
    ]
    .map(String::from)
    .to_vec();
    args.push(format!("--window-size={WIDTH},{HEIGHT}"));
    args.push(format!("--user-data-dir={}", user_data_dir.display()));
    args.push(format!("--proxy-server=http://{proxy}"));
    // `<-loopback>` removes Chromium's implicit bypass of localhost and 127.0.0.1.
    args.push("--proxy-bypass-list=<-loopback>".into());
    args
}

/// A Chrome DevTools command through ChromeDriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// geckodriver's full-page screenshot, `GET /session/{id}/moz/screenshot/full`.
#[derive(Debug)]
struct GeckoFullScreenshot;

impl fantoccini::wd::WebDriverCompatibleCommand for GeckoFullScreenshot {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/moz/screenshot/full",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::GET, None)
    }
}

/// A PNG of the whole page where the engine's driver offers one (Chromium's
/// DevTools `Page.captureScreenshot`, geckodriver's `moz/screenshot/full`),
/// else of the viewport (WebKitWebDriver: standard WebDriver only).
pub async fn full_page_png(engine: Engine, client: &Client) -> Vec<u8> {
    use base64::Engine as _;
    let answer = match engine {
        Engine::Chromium => client
            .issue_cmd(Cdp {
                cmd: "Page.captureScreenshot",
                params: serde_json::json!({ "format": "png", "captureBeyondViewport": true }),
            })
            .await
            .ok()
            .and_then(|answer| Some(answer.get("data")?.as_str()?.to_owned())),
        Engine::Firefox => client
            .issue_cmd(GeckoFullScreenshot)
            .await
            .ok()
            .and_then(|answer| Some(answer.as_str()?.to_owned())),
        Engine::WebKit => {
            // Standard WebDriver captures the viewport only: grow the window
            // to the page (Xvfb's screen is tall enough), then capture that.
            let height = client
                .execute("return document.documentElement.scrollHeight", vec![])
                .await
                .ok();
            if let Some(height) = height.and_then(|h| h.as_u64()) {
                let height = u32::try_from(height)
                    .unwrap_or(u32::MAX)
                    .clamp(HEIGHT, SCREEN_HEIGHT - 100);
                // MiniBrowser's own toolbar takes some of the window.
                let _ = client.set_window_size(WIDTH, height + 100).await;
            }
            None
        }
    };
    match answer.and_then(|data| base64::engine::general_purpose::STANDARD.decode(data).ok()) {
        Some(png) => png,
        None => client.screenshot().await.expect("screenshot"),
    }
}

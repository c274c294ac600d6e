//! The browser suite's plumbing: servers on loopback ports, counting what the
//! API saw, the output directory, and an Xvfb display for WebKitGTK.

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
use tokio::net::TcpListener;

/// Serves `app` on a fresh 127.0.0.1 port until the test process ends.
pub async fn serve(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
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
                let target = request
                    .uri()
                    .path_and_query()
                    .map_or_else(String::new, |pq| pq.to_string());
                let response = next.run(request).await;
                let status = response.status().as_u16();
                log.0.lock().unwrap().push(Seen {
                    method,
                    target,
                    status,
                });
                response
            }
        }))
    }

    /// What the API saw for `target` (path and query).
    pub fn for_target(&self, target: &str) -> Vec<Seen> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|seen| seen.target == target)
            .cloned()
            .collect()
    }
}

/// `target/browser/`, for the screenshots and the report.
pub fn output_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    // target/<profile>/deps/browser-<hash>
    let target = exe
        .ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("target"));
    let dir = target.join("browser");
    std::fs::create_dir_all(&dir).expect("create target/browser");
    dir
}

/// A private X display (`Xvfb -displayfd`, which picks a free display number
/// itself), killed on drop. Started only for WebKitGTK when `DISPLAY` is unset,
/// so `cargo test` needs no `xvfb-run` around it.
pub struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    pub fn start() -> Self {
        let screen = format!("1600x{}x24", super::engines::SCREEN_HEIGHT);
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                &screen,
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start Xvfb: {e}"));
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        match rx
            .recv_timeout(Duration::from_secs(30))
            .map(|line| line.trim().parse::<u32>())
        {
            Ok(Ok(number)) => Self {
                child,
                display: format!(":{number}"),
            },
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("Xvfb did not report its display within 30 s");
            }
        }
    }

    pub fn display(&self) -> &str {
        &self.display
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

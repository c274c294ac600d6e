//! The suite's HTTP proxy: how every engine reaches `http://localhost:3000`
//! and `http://127.0.0.1:3000` without anything binding port 3000.
//!
//! Each browser is told to send all its HTTP traffic, loopback included, to
//! this proxy. A proxied request names its origin (`GET http://localhost:3000/probe`),
//! so the proxy hands it to the in-process app registered for that
//! authority; the browser still computes, and sends as `Origin`, the origin it
//! asked for. An unknown authority gets a 502 (so stray background traffic of
//! a browser can never reach the outside). `CONNECT` (what browsers send for
//! `ws://` and `https://` through a proxy) is tunnelled to the registered
//! app's own loopback server.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::ServiceExt as _;

/// Where one authority (`host:port`) leads: an app, and the loopback
/// address it is also served on (for `CONNECT` tunnels).
#[derive(Clone)]
struct Upstream {
    app: Router,
    addr: SocketAddr,
}

#[derive(Clone, Default)]
pub struct Proxy {
    routes: HashMap<String, Upstream>,
}

impl Proxy {
    /// Requests for `authority` (e.g. `localhost:3000`) go to `app`, which is
    /// also served on `addr`.
    pub fn route(mut self, authority: &str, app: Router, addr: SocketAddr) -> Self {
        self.routes
            .insert(authority.to_ascii_lowercase(), Upstream { app, addr });
        self
    }

    /// Serves the proxy on a fresh loopback port.
    pub async fn serve(self) -> SocketAddr {
        let proxy = Arc::new(self);
        let app = Router::new().fallback(move |request: Request| {
            let proxy = proxy.clone();
            async move { proxy.forward(request).await }
        });
        super::harness::serve(app).await
    }

    async fn forward(&self, request: Request) -> Response {
        let authority = request
            .uri()
            .authority()
            .map(|authority| authority.as_str().to_owned())
            .or_else(|| {
                request
                    .headers()
                    .get(header::HOST)
                    .and_then(|host| host.to_str().ok())
                    .map(str::to_owned)
            })
            .unwrap_or_default()
            .to_ascii_lowercase();
        let Some(upstream) = self.routes.get(&authority).cloned() else {
            return (
                StatusCode::BAD_GATEWAY,
                format!("the browser suite's proxy knows no {authority:?}\n"),
            )
                .into_response();
        };
        if request.method() == Method::CONNECT {
            return tunnel(request, upstream.addr);
        }
        match upstream.app.oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
    }
}

/// Answers `CONNECT` with 200, then copies bytes both ways between the
/// browser and `addr`.
fn tunnel(request: Request, addr: SocketAddr) -> Response {
    tokio::spawn(async move {
        let upgraded = match hyper::upgrade::on(request).await {
            Ok(upgraded) => upgraded,
            Err(error) => return eprintln!("proxy: CONNECT upgrade failed: {error}"),
        };
        let Ok(mut server) = tokio::net::TcpStream::connect(addr).await else {
            return eprintln!("proxy: CONNECT cannot reach {addr}");
        };
        let mut browser = hyper_util::rt::TokioIo::new(upgraded);
        let _ = tokio::io::copy_bidirectional(&mut browser, &mut server).await;
    });
    Response::new(Body::empty())
}

#[test]
fn proxy_dispatches_by_authority_refuses_unknown_ones_and_tunnels_connect() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    async fn exchange(proxy: SocketAddr, request: &str) -> String {
        let mut stream = tokio::net::TcpStream::connect(proxy)
            .await
            .expect("connect to the proxy");
        stream.write_all(request.as_bytes()).await.expect("send");
        let mut answer = vec![0; 4096];
        let read =
            tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut answer))
                .await
                .expect("an answer within 5 s")
                .expect("read");
        String::from_utf8_lossy(&answer[..read]).into_owned()
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let app = |name: &'static str| {
            Router::new().route("/who", axum::routing::get(move || async move { name }))
        };
        let one = super::harness::serve(app("one")).await;
        let two = super::harness::serve(app("two")).await;
        let proxy = Proxy::default()
            .route("localhost:3000", app("one"), one)
            .route("127.0.0.1:3000", app("two"), two)
            .serve()
            .await;

        let answer = exchange(
            proxy,
            "GET http://localhost:3000/who HTTP/1.1\r\nHost: localhost:3000\r\n\r\n",
        )
        .await;
        assert!(
            answer.starts_with("HTTP/1.1 200") && answer.ends_with("one"),
            "{answer}"
        );
        let answer = exchange(
            proxy,
            "GET http://127.0.0.1:3000/who HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n\r\n",
        )
        .await;
        assert!(
            answer.starts_with("HTTP/1.1 200") && answer.ends_with("two"),
            "{answer}"
        );
        let answer = exchange(
            proxy,
            "GET http://example.com/who HTTP/1.1\r\nHost: example.com\r\n\r\n",
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 502"), "{answer}");

        // CONNECT, then a plain request through the tunnel reaches `two`'s server.
        let mut stream = tokio::net::TcpStream::connect(proxy).await.unwrap();
        stream
            .write_all(b"CONNECT 127.0.0.1:3000 HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n\r\n")
            .await
            .unwrap();
        let mut answer = vec![0; 4096];
        let read = stream.read(&mut answer).await.unwrap();
        assert!(
            answer[..read].starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&answer[..read])
        );
        stream
            .write_all(b"GET /who HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n\r\n")
            .await
            .unwrap();
        let read =
            tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut answer))
                .await
                .unwrap()
                .unwrap();
        let answer = String::from_utf8_lossy(&answer[..read]);
        assert!(
            answer.starts_with("HTTP/1.1 200") && answer.ends_with("two"),
            "{answer}"
        );
    });
}

//! Capturing what the runtime logs (refusals are explained at DEBUG), for
//! tests that assert on log lines.
//!
//! One global subscriber for the whole test binary writes each event into a
//! buffer of the thread that logged it, when that thread is capturing.
//! (Per-thread scoped subscribers in parallel tests lose events: tracing's
//! callsite interest and max-level caches are process-wide.)

use std::cell::RefCell;
use std::future::Future;
use std::io::Write;
use std::sync::Once;

thread_local! {
    static BUFFER: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

struct ThreadBuffer;

impl Write for ThreadBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        BUFFER.with(|buffer| {
            if let Some(buffer) = buffer.borrow_mut().as_mut() {
                buffer.extend_from_slice(bytes);
            }
        });
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_writer(|| ThreadBuffer)
            .with_ansi(false)
            .with_max_level(tracing::Level::DEBUG)
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other global subscriber in tests");
    });
}

/// Runs `future` on a current-thread runtime of this thread and returns its
/// output and every line logged at `level` or above meanwhile.
/// Call it from a plain `#[test]`, not from inside another runtime.
pub fn log_at<F: Future>(level: tracing::Level, future: F) -> (F::Output, String) {
    install();
    BUFFER.with(|buffer| *buffer.borrow_mut() = Some(Vec::new()));
    let output = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future);
    let bytes = BUFFER
        .with(|buffer| buffer.borrow_mut().take())
        .unwrap_or_default();
    let text = String::from_utf8(bytes).unwrap();
    // `TRACE` < `DEBUG` < `INFO` in verbosity order: keep lines at `level` or less verbose.
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| {
            [
                tracing::Level::ERROR,
                tracing::Level::WARN,
                tracing::Level::INFO,
                tracing::Level::DEBUG,
            ]
            .iter()
            .filter(|shown| **shown <= level)
            .any(|shown| {
                line.contains(&format!(" {shown} ")) || line.contains(&format!("{shown} "))
            })
        })
        .collect();
    let mut kept = kept.join("\n");
    if !kept.is_empty() {
        kept.push('\n');
    }
    (output, kept)
}

/// [`log_at`] DEBUG.
pub fn debug_log_of<F: Future>(future: F) -> (F::Output, String) {
    log_at(tracing::Level::DEBUG, future)
}

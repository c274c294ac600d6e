//! Capturing what the runtime logs at DEBUG (where refusals are explained),
//! for tests that assert on log lines.

use std::future::Future;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `future` on its own runtime with a DEBUG subscriber installed for
/// this thread only; returns its output and everything logged meanwhile.
/// Call it from a plain `#[test]`, not from inside another runtime.
pub fn debug_log_of<F: Future>(future: F) -> (F::Output, String) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::DEBUG)
        .finish();
    let output = tracing::subscriber::with_default(subscriber, || {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future)
    });
    let bytes = captured.0.lock().unwrap().clone();
    (output, String::from_utf8(bytes).unwrap())
}

//! `cargo run -p cors-demo`: the API on http://localhost:5000 (`PORT`) and a
//! frontend on http://localhost:3000 (`FRONTEND_PORT`) whose page shows, call
//! by call, which requests the browser allowed. The app is this package's
//! library, so the browser suite serves the very same one.

use cors_demo as demo;

#[tokio::main]
async fn main() {
    demo::init_tracing();
    let config = match demo::Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("demo: {error}");
            std::process::exit(2);
        }
    };
    if let Err(error) = demo::run(config).await {
        eprintln!("demo: {error}");
        std::process::exit(1);
    }
}

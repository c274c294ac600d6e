use cors_runtime::cors;

struct Api;

impl Api {
    #[cors(origins = "*")]
    async fn handler(&self) -> &'static str {
        "ok"
    }
}

fn main() {
    let _ = Api.handler();
}

// Only `#[cors]` implements `CorsHandler`: a hand-written impl that skips the
// hidden seal does not compile, so it cannot smuggle an unchecked policy in.
use cors_runtime::CorsHandler;

#[derive(Clone, Copy)]
struct HandWritten;

impl CorsHandler<((),), ()> for HandWritten {
    fn policy() -> &'static cors_runtime::Policy {
        unimplemented!()
    }
    const NAME: &'static str = "hand_written";
    fn into_handler(self) -> impl axum::handler::Handler<((),), ()> {
        || async { "never served" }
    }
}

fn main() {}

//! SPEC §3: registration. A handler registered for a method its `methods`
//! leave out is an error when the router is built, naming path, method and
//! handler; state works for any `Router<S>`.

mod common;

use axum::body::Body;
use axum::extract::State;
use axum::Router;
use common::*;
use cors_runtime::routing::{delete, get, head, patch};
use cors_runtime::{cors, CorsRouteError, CorsRouterExt};

#[cors(origins = ["https://app.example.com"], methods = "GET,PUT")]
async fn read_or_write() -> &'static str {
    "ok"
}

#[cors(origins = ["https://app.example.com"], methods = ["GET"])]
async fn read_only() -> &'static str {
    "ok"
}

#[cors(origins = ["https://app.example.com"])]
async fn with_state(State(count): State<u32>) -> String {
    count.to_string()
}

#[test]
fn registering_an_unlisted_method_is_an_error_naming_path_method_and_handler() {
    let error = Router::<()>::new()
        .try_cors_route("/things", get(read_or_write).delete(read_or_write))
        .unwrap_err();
    let CorsRouteError::MethodNotInPolicy {
        path,
        method,
        handler,
        ..
    } = &error
    else {
        panic!("unexpected error {error:?}");
    };
    assert_eq!(path, "/things");
    assert_eq!(method, axum::http::Method::DELETE);
    assert_eq!(*handler, "read_or_write");
    assert_eq!(
        error.to_string(),
        "cors route `/things`: handler `read_or_write` is registered for DELETE, but its #[cors] \
         `methods` (\"GET,PUT\") leave DELETE out; add DELETE to `methods` or register the handler \
         for a listed method"
    );
}

#[test]
#[should_panic(expected = "cors route `/p`: handler `read_only` is registered for PATCH")]
fn cors_route_panics_with_the_same_message() {
    let _ = Router::<()>::new().cors_route("/p", patch(read_only));
}

#[test]
fn head_is_covered_by_get_and_listed_methods_register() {
    assert!(Router::<()>::new()
        .try_cors_route("/h", head(read_only))
        .is_ok());
    assert!(Router::<()>::new()
        .try_cors_route("/rw", get(read_or_write).put(read_or_write))
        .is_ok());
    // `methods` left out: any method may be registered.
    assert!(Router::<u32>::new()
        .try_cors_route("/s", delete(with_state))
        .is_ok());
}

#[tokio::test]
async fn state_reaches_the_handler() {
    let app: Router = Router::new()
        .cors_route("/count", get(with_state))
        .with_state(41);
    let response = send(
        &app,
        request("GET", "/count")
            .header("origin", APP)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    assert_eq!(body_text(response).await, "41");
}

/// `CorsHandler`s written by hand, not by `#[cors]` (through the hidden,
/// versioned module only generated code should name): each breaks a rule the
/// macro enforces, and `try_cors_route` must return it as an error, never panic.
macro_rules! hand_written {
    ($name:ident, $origins:expr, $credentials:expr) => {
        hand_written!($name, $origins, $credentials, "accept");
    };
    ($name:ident, $origins:expr, $credentials:expr, $allow_header:expr) => {
        #[derive(Clone, Copy)]
        struct $name;

        impl cors_runtime::__private_v0_1::Sealed for $name {}

        impl cors_runtime::CorsHandler<((),), ()> for $name {
            fn policy() -> &'static cors_runtime::__private_v0_1::Policy {
                use cors_runtime::__private_v0_1::*;
                static POLICY: Policy = Policy::from_parts(PolicyParts {
                    origins: $origins,
                    credentials: $credentials,
                    methods: AllowMethods::Registered,
                    allow_headers: AllowHeaders::List {
                        names: &[],
                        header: $allow_header,
                    },
                    expose_headers: None,
                    max_age: None,
                    private_network: false,
                    preflight_status: StatusCode::NO_CONTENT,
                    block_refused: false,
                    location: "hand-written",
                });
                &POLICY
            }
            const NAME: &'static str = stringify!($name);
            fn into_handler(self) -> impl axum::handler::Handler<((),), ()> {
                || async { "never served" }
            }
        }
    };
}

hand_written!(
    WildcardWithCredentials,
    cors_runtime::__private_v0_1::AllowOrigins::Any,
    true
);
hand_written!(
    UnsortedList,
    cors_runtime::__private_v0_1::AllowOrigins::Exact(&["https://b.example", "https://a.example"]),
    false
);
hand_written!(
    BadPattern,
    cors_runtime::__private_v0_1::AllowOrigins::Patterns {
        exact: &[],
        patterns: &["https://*.com"]
    },
    false
);
hand_written!(
    MissingCheck,
    cors_runtime::__private_v0_1::AllowOrigins::Dynamic,
    false
);
hand_written!(
    HttpWithCredentials,
    cors_runtime::__private_v0_1::AllowOrigins::Exact(&["http://app.example.com"]),
    true
);
// A line break in a header value would split the preflight's answer (response
// splitting); `HeaderValue::from_static` would panic on it.
hand_written!(
    HeaderValueWithLineBreak,
    cors_runtime::__private_v0_1::AllowOrigins::Exact(&["https://app.example.com"]),
    false,
    "accept\r\nset-cookie: session=attacker"
);

#[test]
fn the_invariants_hold_even_for_a_hand_written_policy() {
    let error = Router::<()>::new()
        .try_cors_route("/manual", get(WildcardWithCredentials))
        .unwrap_err();
    assert!(
        matches!(error, CorsRouteError::WildcardWithCredentials { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains(
            "handler `WildcardWithCredentials`: a policy with `credentials` cannot use `*`"
        ),
        "{error}"
    );
}

#[test]
fn hand_written_policies_that_break_rules_are_errors_not_panics() {
    for (routes, expected) in [
        (get(UnsortedList), "exact origins are not sorted"),
        (get(BadPattern), "https://*.com"),
        (
            get(MissingCheck),
            "`origins = dynamic(...)` without its check",
        ),
        (get(HttpWithCredentials), "http://app.example.com"),
        (
            get(HeaderValueWithLineBreak),
            "`accept\\r\\nset-cookie: session=attacker` is not a header value",
        ),
    ] {
        let error = Router::<()>::new()
            .try_cors_route("/manual", routes)
            .unwrap_err();
        assert!(
            matches!(error, CorsRouteError::PolicyNotChecked { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains(expected), "{error}");
    }
}

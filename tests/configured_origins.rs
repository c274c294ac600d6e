//! SPEC §6, start-up configuration: `origins = env("NAME")` is read when the
//! router is built, every entry checked by the attribute's rules; a bad value
//! is an error naming the source, the entry and the rule, before the server
//! listens. Each test uses its own variable: tests run in parallel.

mod common;

use axum::body::Body;
use axum::Router;
use common::*;
use cors_runtime::routing::get;
use cors_runtime::{cors, parse_origin_list, CorsRouteError, CorsRouterExt};

#[cors(origins = env("CORS_TEST_GOOD"), credentials)]
async fn good() -> &'static str {
    "good"
}

#[cors(origins = env("CORS_TEST_BAD_ENTRY"), credentials)]
async fn bad_entry() -> &'static str {
    "bad"
}

#[cors(origins = env("CORS_TEST_EMPTY_ENTRY"))]
async fn empty_entry() -> &'static str {
    "empty"
}

#[cors(origins = env("CORS_TEST_UNSET"))]
async fn unset() -> &'static str {
    "unset"
}

#[cors(origins = env("CORS_TEST_HTTP_PATTERN"), credentials)]
async fn http_pattern() -> &'static str {
    "http pattern"
}

fn set(name: &str, value: &str) {
    // Edition 2021: safe; each test owns its variable.
    std::env::set_var(name, value);
}

#[tokio::test]
async fn a_good_value_is_trimmed_and_matched_exactly() {
    set(
        "CORS_TEST_GOOD",
        " https://app.example.com ,http://localhost:3000, https://*.tenant.example ",
    );
    let app: Router = Router::new().cors_route("/d", get(good));
    for origin in [
        "https://app.example.com",
        "http://localhost:3000",
        "https://a.tenant.example",
    ] {
        let response = send(
            &app,
            request("GET", "/d")
                .header("origin", origin)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(
            header(response.headers(), "access-control-allow-origin"),
            Some(origin)
        );
        assert_eq!(
            header(response.headers(), "access-control-allow-credentials"),
            Some("true")
        );
    }
    for origin in [
        "https://app.example.com.evil.net",
        "https://tenant.example",
        "http://localhost:3001",
    ] {
        let response = send(
            &app,
            request("GET", "/d")
                .header("origin", origin)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_no_cors_headers(response.headers());
    }
}

#[test]
fn a_bad_entry_names_variable_entry_and_rule() {
    set(
        "CORS_TEST_BAD_ENTRY",
        "https://app.example.com,https://app.example.com/",
    );
    let error = Router::<()>::new()
        .try_cors_route("/b", get(bad_entry))
        .unwrap_err();
    assert!(
        matches!(error, CorsRouteError::OriginConfig { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "cors route `/b`: handler `bad_entry`: environment variable `CORS_TEST_BAD_ENTRY`: entry \
         `https://app.example.com/`: origin `https://app.example.com/` ends with `/`; an origin is only \
         `scheme://host[:port]`, with no trailing `/`; write `https://app.example.com`"
    );
}

#[test]
#[should_panic(
    expected = "environment variable `CORS_TEST_EMPTY_ENTRY`: entry 2 of the comma list is empty"
)]
fn an_empty_entry_stops_start_up() {
    set(
        "CORS_TEST_EMPTY_ENTRY",
        "https://a.example.com,,https://b.example.com",
    );
    let _ = Router::<()>::new().cors_route("/e", get(empty_entry));
}

#[test]
fn an_unset_variable_is_an_error() {
    std::env::remove_var("CORS_TEST_UNSET");
    let error = Router::<()>::new()
        .try_cors_route("/u", get(unset))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("environment variable `CORS_TEST_UNSET`: is not set"),
        "{error}"
    );
}

#[test]
fn compile_time_rules_apply_to_configured_values() {
    set("CORS_TEST_HTTP_PATTERN", "http://*.example.com");
    let error = Router::<()>::new()
        .try_cors_route("/h", get(http_pattern))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("is `http:` and the policy has `credentials`"),
        "{error}"
    );

    for (value, rule) in [
        ("null", "`null` cannot be an allowed origin"),
        ("https://*.com", "public suffix `com`"),
        ("*", "`*` cannot stand inside a list"),
        ("HTTPS://APP.EXAMPLE.COM", "upper-case scheme"),
        (
            "https://a.example.com,https://a.example.com",
            "listed twice",
        ),
        (
            "https://*.a.example.com, https://*.a.example.com",
            "listed twice",
        ),
    ] {
        let error = parse_origin_list("setting `origins`", value, false).unwrap_err();
        assert!(
            error.to_string().starts_with("setting `origins`: "),
            "{error}"
        );
        assert!(error.to_string().contains(rule), "{value}: {error}");
    }
}

#[cors(origins = env("CORS_TEST_LONG"))]
async fn long_list() -> &'static str {
    "long"
}

#[tokio::test]
async fn a_long_list_is_looked_up_exactly_too() {
    // More than 16 exact origins are hashed at start-up instead of searched.
    let origins: Vec<String> = (0..40)
        .map(|i| format!("https://tenant{i}.example.com"))
        .collect();
    set("CORS_TEST_LONG", &origins.join(","));
    let app: Router = Router::new().cors_route("/l", get(long_list));
    for origin in [
        "https://tenant0.example.com",
        "https://tenant39.example.com",
    ] {
        let response = send(
            &app,
            request("GET", "/l")
                .header("origin", origin)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(
            header(response.headers(), "access-control-allow-origin"),
            Some(origin)
        );
    }
    for origin in [
        "https://tenant40.example.com",
        "https://tenant1.example.com.evil.net",
        "https://tenant1.example.co",
        "https://TENANT1.example.com",
    ] {
        let response = send(
            &app,
            request("GET", "/l")
                .header("origin", origin)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_no_cors_headers(response.headers());
    }
}

#[cors(origins = env("CORS_TEST_HOSTING"), credentials)]
async fn hosting() -> &'static str {
    "hosting"
}

#[test]
fn a_pattern_over_a_hosting_suffix_stops_start_up() {
    // Every S3 bucket owner would read credentialed responses.
    set(
        "CORS_TEST_HOSTING",
        "https://app.example.com, https://*.amazonaws.com",
    );
    let error = Router::<()>::new()
        .try_cors_route("/hosting", get(hosting))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "cors route `/hosting`: handler `hosting`: environment variable `CORS_TEST_HOSTING`: entry \
         `https://*.amazonaws.com`: pattern `https://*.amazonaws.com` covers every site under \
         `s3.amazonaws.com`, a public suffix beneath `amazonaws.com` where anyone can register one; put \
         a domain you own after `*.`, or list exact origins"
    );
}

#[test]
fn patterns_over_hosting_providers_are_refused_at_start_up() {
    for pattern in [
        "https://*.amazonaws.com",
        "https://*.eu-west-1.amazonaws.com",
        "https://*.compute.amazonaws.com",
        "https://*.cloudfront.net",
        "https://*.appspot.com",
        "https://*.herokuapp.com",
        "https://*.vercel.app",
        "https://*.netlify.app",
        "https://*.azurewebsites.net",
        "https://*.blob.core.windows.net",
        "https://*.windows.net",
        "https://*.firebaseapp.com",
        "https://*.web.app",
        "https://*.run.app",
        "https://*.pages.dev",
        "https://*.workers.dev",
        "https://*.github.io",
        "https://*.gitlab.io",
        "https://*.onrender.com",
        "https://*.fly.dev",
        "https://*.railway.app",
        "https://*.myshopify.com",
        "https://*.ngrok-free.app",
        "https://*.supabase.co",
    ] {
        for credentials in [false, true] {
            let error = parse_origin_list("setting `origins`", pattern, credentials).unwrap_err();
            assert!(
                error.to_string().contains("public suffix"),
                "{pattern}: {error}"
            );
        }
    }
    // One customer's own site beneath a provider is fine.
    for pattern in [
        "https://*.my-bucket.s3.amazonaws.com",
        "https://*.my-app.vercel.app",
        "https://*.me.github.io",
    ] {
        assert!(
            parse_origin_list("setting `origins`", pattern, true).is_ok(),
            "{pattern}"
        );
    }
}

#[cors(origins = env("CORS_TEST_HTTP_EXACT"), credentials)]
async fn http_exact() -> &'static str {
    "http exact"
}

#[test]
fn an_http_origin_with_credentials_stops_start_up_unless_loopback() {
    set(
        "CORS_TEST_HTTP_EXACT",
        "https://app.example.com,http://app.example.com",
    );
    let error = Router::<()>::new()
        .try_cors_route("/x", get(http_exact))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "cors route `/x`: handler `http_exact`: environment variable `CORS_TEST_HTTP_EXACT`: entry \
         `http://app.example.com`: origin `http://app.example.com` is `http:` and the policy has \
         `credentials`: anyone on the network path could answer as it and read credentialed responses; \
         write `https://app.example.com`, or leave out `credentials` (only loopback hosts, `localhost`, \
         `127.0.0.1` and `[::1]`, may be `http:` with credentials)"
    );
    for insecure in [
        "http://10.0.0.5:8080",
        "http://app.localhost:3000",
        "http://*.example.com",
        "http://app.example.com:*",
    ] {
        let error = parse_origin_list("setting `origins`", insecure, true).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("is `http:` and the policy has `credentials`"),
            "{insecure}: {error}"
        );
        assert!(
            parse_origin_list("setting `origins`", insecure, false).is_ok(),
            "{insecure}"
        );
    }
}

#[cors(origins = env("CORS_TEST_LOOPBACK"), credentials)]
async fn loopback() -> &'static str {
    "loopback"
}

#[tokio::test]
async fn loopback_http_origins_and_patterns_keep_credentials() {
    set(
        "CORS_TEST_LOOPBACK",
        "http://localhost:3000, http://localhost:*, http://127.0.0.1:*, http://[::1]:*",
    );
    let app: Router = Router::new().cors_route("/l", get(loopback));
    for origin in [
        "http://localhost:3000",
        "http://localhost:5173",
        "http://127.0.0.1:8080",
        "http://[::1]:4200",
    ] {
        let response = send(
            &app,
            request("GET", "/l")
                .header("origin", origin)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(
            header(response.headers(), "access-control-allow-origin"),
            Some(origin)
        );
        assert_eq!(
            header(response.headers(), "access-control-allow-credentials"),
            Some("true")
        );
    }
    for origin in [
        "http://localhost.evil.net:3000",
        "http://127.0.0.2:8080",
        "http://[::2]:4200",
    ] {
        let response = send(
            &app,
            request("GET", "/l")
                .header("origin", origin)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_no_cors_headers(response.headers());
    }
}

#[cors(origins = env("CORS_TEST_IPV6"))]
async fn ipv6() -> &'static str {
    "ipv6"
}

#[tokio::test]
async fn ip_origins_are_configured_in_the_browsers_spelling() {
    // A browser on `http://[::ffff:1.2.3.4]:8080` sends `Origin: http://[::ffff:102:304]:8080`.
    set("CORS_TEST_IPV6", "http://[::ffff:102:304]:8080");
    let app: Router = Router::new().cors_route("/6", get(ipv6));
    let origin = "http://[::ffff:102:304]:8080";
    let response = send(
        &app,
        request("GET", "/6")
            .header("origin", origin)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        Some(origin)
    );

    for (written, browsers) in [
        (
            "http://[::ffff:1.2.3.4]:8080",
            "http://[::ffff:102:304]:8080",
        ),
        ("http://[0:0::1]", "http://[::1]"),
        ("http://127.1:3000", "http://127.0.0.1:3000"),
        ("http://0x7f.0.0.1", "http://127.0.0.1"),
        ("http://1.2.3.0x4", "http://1.2.3.4"),
    ] {
        let error = parse_origin_list("setting `origins`", written, false).unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with(&format!("; write `{browsers}`")),
            "{written}: {error}"
        );
    }
    let error = parse_origin_list("setting `origins`", "http://1.2.3.08", false).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("no ipv4 address, and browsers refuse such a host"),
        "{error}"
    );
}

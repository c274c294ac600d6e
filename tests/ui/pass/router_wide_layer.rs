//! SPEC §7: `cors_layer!` written with keys, by a named policy (by name and by
//! path), extended per layer, over plain, nested and `cors_route` routes and
//! over a bare tower service; each builds the policy its keys say.
#![deny(warnings)]

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use cors_runtime::{cors, cors_layer, cors_policy, routing::get, CorsRouterExt, PolicyLevel};
use tower::ServiceExt;

mod policies {
    cors_runtime::cors_policy! {
        /// The seed's `corsOptions`.
        pub(crate) API,
        origins = ["https://www.yourfrontend.com", "http://localhost:3000"],
        methods = "GET,HEAD,PUT,PATCH,POST,DELETE",
        credentials,
    }
}

cors_policy!(PARTNERS, origins = ["https://partner.example"], allow_headers = ["x-partner"]);

#[cors(origins = "*")]
async fn public() -> &'static str {
    "public"
}

async fn data() -> &'static str {
    "data"
}

fn main() {
    let v2 = Router::new()
        .route("/items", axum::routing::get(data))
        .layer(cors_layer!(PARTNERS, max_age = 60, allow_headers = ["x-extra"]));
    let app: Router = Router::new()
        .route("/api/data", axum::routing::get(data).put(data))
        .nest("/v2", v2)
        .cors_route("/api/public", get(public))
        .layer(cors_layer!(policies::API));
    let service = tower::ServiceBuilder::new()
        .layer(cors_layer!(origins = ["https://app.example.com"], expose_headers = ["x-total"]))
        .service(tower::service_fn(|_: Request<Body>| async {
            Ok::<_, std::convert::Infallible>(axum::response::Response::new(Body::from("service")))
        }));

    let table = cors_runtime::policy_table();
    let layers: Vec<_> = table.rows().iter().filter(|row| row.level == PolicyLevel::Router).collect();
    assert_eq!(layers.len(), 3, "{table}");
    let (partners, api, keyed) = (layers[0], layers[1], layers[2]);
    assert!(partners.defined_at.contains("router_wide_layer.rs:"), "{}", partners.defined_at);
    assert_eq!(partners.origins, "https://partner.example");
    assert_eq!(partners.allow_headers, "x-partner,x-extra");
    assert_eq!(partners.max_age, Some(60));
    // `methods` left out: the seed's list.
    assert_eq!(partners.methods, "GET,HEAD,PUT,PATCH,POST,DELETE");
    assert_eq!(api.origins, "http://localhost:3000 https://www.yourfrontend.com");
    assert!(api.credentials);
    assert_eq!(keyed.methods, "GET,HEAD,PUT,PATCH,POST,DELETE");
    assert_eq!(keyed.expose_headers, "x-total");
    assert!(!keyed.credentials && !keyed.block_refused && !keyed.disabled);

    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    runtime.block_on(async {
        let preflight = Request::builder()
            .method("OPTIONS")
            .uri("/api/data")
            .header("origin", "http://localhost:3000")
            .header("access-control-request-method", "PATCH")
            .body(Body::empty())
            .unwrap();
        let response = app.oneshot(preflight).await.unwrap();
        assert_eq!(response.status(), 204);
        assert_eq!(response.headers()["access-control-allow-methods"], "GET,HEAD,PUT,PATCH,POST,DELETE");
        assert_eq!(response.headers()["access-control-allow-credentials"], "true");

        let actual = Request::builder().uri("/").header("origin", "https://app.example.com").body(Body::empty()).unwrap();
        let response = service.oneshot(actual).await.unwrap();
        assert_eq!(response.headers()["access-control-allow-origin"], "https://app.example.com");
        assert_eq!(response.headers()["access-control-expose-headers"], "x-total");
    });
}

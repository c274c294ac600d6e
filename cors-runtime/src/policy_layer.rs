//! `cors_layer!(...)`: one compile-checked policy for a whole router (the
//! seed's `app.use(cors(corsOptions))`), or for any tower service.
//!
//! Under it, every preflight is answered by the layer without running a
//! handler, and every response is decorated as SPEC §4 says, unless a policy
//! further in (a `#[cors]` route, `#[cors(disabled)]`, a nested router's own
//! `cors_layer!`) decided it: that response is left as it is.
//!
//! axum's `Router::layer` wraps each route's handlers one by one and hands
//! the layer an opaque `Route`: the layer cannot see whether a `#[cors]`
//! route lies inside before it calls it, and calling it would run a handler.
//! So the layer answers preflights itself. A policy further in learns that
//! it is under a layer (a request extension) and then refuses, before its
//! handler, any unsafe cross-origin request from an origin it refuses, as
//! `block_refused` does: the layer's looser preflight can never carry such a
//! request to a stricter handler. To have a route's own policy answer its
//! preflights too, register it after `.layer(cors_layer!(...))`: axum's layers
//! cover only the routes registered before them.

use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use tower_layer::Layer;
use tower_service::Service;

use crate::cors_future::CorsFuture;
use crate::decision::{decide_now, Decision, RequestView, UnderLayer};
use crate::policy::Policy;
use crate::route_policies::{CorsRouteError, RoutePolicies};

/// The router-wide policy of `cors_layer!`: a tower [`Layer`] for an axum
/// `Router` (`.layer(cors_layer!(...))`) or any service.
#[derive(Clone, Debug)]
pub struct PolicyLayer {
    policies: Arc<RoutePolicies>,
}

impl PolicyLayer {
    /// Built by `cors_layer!`.
    ///
    /// # Panics
    /// When an `origins = env(...)` value breaks a rule: a start-up error,
    /// before the server listens. [`try_new`](Self::try_new) returns it.
    #[doc(hidden)]
    #[track_caller]
    pub fn new(policy: &'static Policy, location: &'static str) -> Self {
        Self::try_new(policy, location).unwrap_or_else(|error| panic!("{error}"))
    }

    /// As [`new`](Self::new), returning the error instead of panicking.
    #[doc(hidden)]
    pub fn try_new(
        policy: &'static Policy,
        location: &'static str,
    ) -> Result<Self, CorsRouteError> {
        Ok(Self {
            policies: Arc::new(RoutePolicies::router_wide(location, policy)?),
        })
    }
}

impl<S> Layer<S> for PolicyLayer {
    type Service = PolicyService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        PolicyService {
            policies: Arc::clone(&self.policies),
            inner,
        }
    }
}

/// The service [`PolicyLayer`] wraps around each route (or around a service).
#[derive(Clone, Debug)]
pub struct PolicyService<S> {
    policies: Arc<RoutePolicies>,
    inner: S,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for PolicyService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: Default,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = CorsFuture<S::Future, ResBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let decision = match decide_now(&self.policies, &RequestView::of(&request)) {
            Decision::Forward(cors) => Decision::Forward(cors.deferring_to_inner()),
            answer => answer,
        };
        CorsFuture::new(decision, || {
            request.extensions_mut().insert(UnderLayer);
            self.inner.call(request)
        })
    }
}

//! The CORS headers of an actual (non-preflight) response: decided from the
//! request before the handler runs, written on whatever response comes back,
//! extractor rejections and errors included.

use http::{header, HeaderValue};

use crate::route_policies::{MethodPolicy, RoutePolicies};

/// `Access-Control-Allow-Credentials`: the only value it ever takes.
pub(crate) static TRUE: HeaderValue = HeaderValue::from_static("true");

/// Put on a response whose CORS headers a policy decided, so that a
/// `cors_layer!` further out adds nothing (SPEC §7: the innermost policy wins).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CorsDecided;

/// What to add to the response of one actual request.
#[derive(Debug)]
pub(crate) struct ActualCors {
    /// `None` for a refused origin or a request without one.
    allow_origin: Option<HeaderValue>,
    credentials: bool,
    expose_headers: Option<HeaderValue>,
    vary_origin: bool,
    /// Mark the response for a `cors_layer!` further out.
    mark: bool,
    /// This is a `cors_layer!`: a policy further in may have decided already.
    defer_to_inner: bool,
}

impl ActualCors {
    /// `allow_origin` is the ACAO value, `None` when withheld.
    pub(crate) fn new(entry: &MethodPolicy, allow_origin: Option<HeaderValue>) -> Self {
        Self {
            allow_origin,
            credentials: entry.policy.parts().credentials,
            expose_headers: entry.headers.expose_headers.clone(),
            vary_origin: entry.origins.varies_on_origin(),
            mark: false,
            defer_to_inner: false,
        }
    }

    /// For a response no `#[cors]` handler made (axum's 405 for a method the
    /// path does not serve): no CORS headers, but the route's `Vary`.
    pub(crate) fn vary_only(route: &RoutePolicies) -> Self {
        Self {
            allow_origin: None,
            credentials: false,
            expose_headers: None,
            vary_origin: route.varies_on_origin(),
            mark: false,
            defer_to_inner: false,
        }
    }

    /// Also mark the response as decided (a `cors_layer!` is further out).
    pub(crate) fn marked(mut self, mark: bool) -> Self {
        self.mark = mark;
        self
    }

    /// Leave responses a policy further in decided as they are.
    pub(crate) fn deferring_to_inner(mut self) -> Self {
        self.defer_to_inner = true;
        self
    }

    pub(crate) fn apply<B>(self, response: &mut http::Response<B>) {
        if self.defer_to_inner && response.extensions().get::<CorsDecided>().is_some() {
            return;
        }
        if self.mark {
            response.extensions_mut().insert(CorsDecided);
        }
        let headers = response.headers_mut();
        // CORS headers a handler or inner layer set must not widen the policy:
        // each is replaced (`insert` drops every earlier value) or removed.
        // One map lookup per header, none spent removing what is then inserted.
        match self.allow_origin {
            Some(allow_origin) => {
                headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
                if self.credentials {
                    headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE.clone());
                } else {
                    headers.remove(header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
                }
                match self.expose_headers {
                    Some(expose) => {
                        headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, expose);
                    }
                    None => {
                        headers.remove(header::ACCESS_CONTROL_EXPOSE_HEADERS);
                    }
                }
            }
            None => {
                headers.remove(header::ACCESS_CONTROL_ALLOW_ORIGIN);
                headers.remove(header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
                headers.remove(header::ACCESS_CONTROL_EXPOSE_HEADERS);
            }
        }
        if self.vary_origin {
            crate::vary::add(headers, &crate::vary::ORIGIN);
        }
    }
}

//! `get`, `post`, ... for `#[cors]` handlers, chaining like axum's. The
//! result goes to [`CorsRouterExt::cors_route`](crate::CorsRouterExt::cors_route).

use std::convert::Infallible;

use axum::extract::Request;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, Route};
use http::Method;
use tower_layer::Layer;
use tower_service::Service;

use crate::handler::CorsHandler;
use crate::route_policies::Registration;

/// The extractor type of the one `axum::handler::Handler` impl of a `#[cors]`
/// type, an impl that can never hold. rustc names this type in the error for
/// `axum::routing::get(annotated_handler)`, so its path is the fix: plain axum
/// routing would serve the handler without its preflight.
#[doc(hidden)]
#[allow(missing_debug_implementations)]
pub enum UseThisModuleNotAxumRouting {}

/// The methods of one path, each served by a `#[cors]` handler.
#[must_use = "register it with `Router::cors_route`"]
pub struct CorsMethodRouter<S = ()> {
    pub(crate) router: MethodRouter<S>,
    pub(crate) registered: Vec<Registration>,
}

impl<S> std::fmt::Debug for CorsMethodRouter<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let methods: Vec<_> = self.registered.iter().map(|r| (r.method.as_str(), r.handler)).collect();
        f.debug_struct("CorsMethodRouter").field("methods", &methods).finish()
    }
}

impl<S: Clone + Send + Sync + 'static> Default for CorsMethodRouter<S> {
    fn default() -> Self {
        Self { router: MethodRouter::new(), registered: Vec::new() }
    }
}

macro_rules! method_fns {
    ($($name:ident => $method:ident,)*) => {
        $(
            #[doc = concat!("Serve `", stringify!($method), "` with a `#[cors]` handler.")]
            pub fn $name<H, T, S>(handler: H) -> CorsMethodRouter<S>
            where
                H: CorsHandler<T, S>,
                T: 'static,
                S: Clone + Send + Sync + 'static,
            {
                CorsMethodRouter::default().$name(handler)
            }
        )*

        impl<S: Clone + Send + Sync + 'static> CorsMethodRouter<S> {
            $(
                #[doc = concat!("Also serve `", stringify!($method), "` with a `#[cors]` handler.")]
                pub fn $name<H, T>(mut self, handler: H) -> Self
                where
                    H: CorsHandler<T, S>,
                    T: 'static,
                {
                    self.registered.push(Registration {
                        method: Method::$method,
                        policy: H::policy(),
                        handler: H::NAME,
                        dynamic: H::dynamic_origins(),
                    });
                    self.router = self.router.$name(handler.into_handler());
                    self
                }
            )*
        }
    };
}

method_fns! {
    get => GET,
    head => HEAD,
    post => POST,
    put => PUT,
    patch => PATCH,
    delete => DELETE,
    options => OPTIONS,
}

impl<S: Clone + Send + Sync + 'static> CorsMethodRouter<S> {
    /// Wrap the handlers in a layer, as [`MethodRouter::layer`] does. The CORS
    /// layer stays outside it, so the layer's own responses get CORS headers too.
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.router = self.router.layer(layer);
        self
    }

    /// As [`MethodRouter::route_layer`]: applies only when a handler matches.
    pub fn route_layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.router = self.router.route_layer(layer);
        self
    }
}

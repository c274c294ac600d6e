//! `get`, `post`, ... for `#[cors]` handlers, chaining like axum's. The
//! result goes to [`CorsRouterExt::cors_route`](crate::CorsRouterExt::cors_route).

use std::convert::Infallible;

use axum::extract::Request;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, Route};
use http::Method;
use tower_layer::Layer;
use tower_service::Service;

use std::sync::Arc;

use axum::routing::MethodFilter;

use crate::handler::CorsHandler;
use crate::path_handler::PathHandler;
use crate::route_policies::{CorsRouteError, Registration, RoutePolicies};
use crate::wrapped_handler::{CorsWrapped, PathAnswers};

/// The extractor type of the one `axum::handler::Handler` impl of a `#[cors]`
/// type, an impl that can never hold. rustc names this type in the error for
/// `axum::routing::get(annotated_handler)`, so its path is the fix: plain axum
/// routing would serve the handler without its preflight.
#[doc(hidden)]
#[allow(missing_debug_implementations)]
pub enum UseThisModuleNotAxumRouting {}

/// The methods of one path, each served by a `#[cors]` handler.
///
/// Building the axum method router waits for
/// [`cors_route`](crate::CorsRouterExt::cors_route), which knows all of the
/// path's policies and so how to serve them: by wrapping each handler, or,
/// when user layers must stay inside CORS, with one layer around them all.
#[must_use = "register it with `Router::cors_route`"]
pub struct CorsMethodRouter<S = ()> {
    steps: Vec<Step<S>>,
    registered: Vec<Registration>,
}

/// Adds one handler, wrapped with its path's policies (the fast path) or
/// passing through (inside the path handler, which decides).
type AddHandler<S> =
    Box<dyn FnOnce(MethodRouter<S>, Option<Arc<RoutePolicies>>) -> MethodRouter<S> + Send + Sync>;

enum Step<S> {
    Handler(AddHandler<S>),
    /// `layer` or `route_layer`, applied in order as axum does.
    Layer(Box<dyn FnOnce(MethodRouter<S>) -> MethodRouter<S> + Send + Sync>),
}

impl<S> std::fmt::Debug for CorsMethodRouter<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let methods: Vec<_> = self
            .registered
            .iter()
            .map(|r| (r.method.as_str(), r.handler))
            .collect();
        f.debug_struct("CorsMethodRouter")
            .field("methods", &methods)
            .finish()
    }
}

impl<S: Clone + Send + Sync + 'static> Default for CorsMethodRouter<S> {
    fn default() -> Self {
        Self {
            steps: Vec::new(),
            registered: Vec::new(),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> CorsMethodRouter<S> {
    /// The axum method router serving `path`, once every policy is known.
    pub(crate) fn into_method_router(self, path: &str) -> Result<MethodRouter<S>, CorsRouteError> {
        let route = Arc::new(RoutePolicies::new::<S>(path, self.registered)?);
        let has_layers = self.steps.iter().any(|step| matches!(step, Step::Layer(_)));
        if !has_layers && !route.is_dynamic() {
            // Fast path: each handler wrapped; the path's OPTIONS and 405 ours.
            let mut router = MethodRouter::new();
            for step in self.steps {
                if let Step::Handler(add) = step {
                    router = add(router, Some(Arc::clone(&route)));
                }
            }
            if !route.has_options_handler() {
                router = router.options(PathAnswers::new(Arc::clone(&route)));
            }
            return Ok(router.fallback(PathAnswers::new(route)));
        }
        // User layers stay inside CORS, and a dynamic check gets the state:
        // the user's method router sits inside one handler per path.
        let mut inner = MethodRouter::new();
        for step in self.steps {
            inner = match step {
                Step::Handler(add) => add(inner, None),
                Step::Layer(apply) => apply(inner),
            };
        }
        let mut methods = MethodFilter::OPTIONS;
        for entry in &route.methods {
            if let Ok(filter) = MethodFilter::try_from(entry.method.clone()) {
                methods = methods.or(filter);
            }
        }
        let handler = PathHandler::new(route, inner);
        Ok(MethodRouter::new()
            .on(methods, handler.clone())
            .fallback(handler))
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
                    self.steps.push(Step::Handler(Box::new(move |router: MethodRouter<S>, cors| {
                        router.$name(CorsWrapped::new(handler.into_handler(), cors))
                    })));
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
        self.steps
            .push(Step::Layer(Box::new(move |router: MethodRouter<S>| {
                router.layer(layer)
            })));
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
        self.steps
            .push(Step::Layer(Box::new(move |router: MethodRouter<S>| {
                router.route_layer(layer)
            })));
        self
    }
}

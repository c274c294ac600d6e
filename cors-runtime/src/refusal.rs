//! Why a CORS request was refused, for the `tracing` event that explains it:
//! a browser only says "blocked by CORS policy".

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    OriginNotAllowed,
    SeveralOrigins,
    MalformedOrigin,
    OversizedOrigin,
    DynamicCheckRefused(&'static str),
    Disabled,
    NoHandlerForMethod,
    MethodNotAllowed,
    HeaderNotAllowed(String),
    AuthorizationNeedsListing,
    MalformedRequestHeaders,
    TooManyRequestHeaders { limit: usize },
    PrivateNetworkNotAllowed,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OriginNotAllowed => f.write_str("origin is not in the policy's `origins`"),
            Self::SeveralOrigins => f.write_str("request carries several `Origin` headers"),
            Self::MalformedOrigin => {
                f.write_str("origin is not `scheme://host[:port]` as a browser sends it")
            }
            Self::OversizedOrigin => f.write_str(
                "origin is longer than a browser can send (host over 253 bytes or a label over 63)",
            ),
            Self::DynamicCheckRefused(check) => {
                write!(f, "the origin check `{check}` refused the origin")
            }
            Self::Disabled => {
                f.write_str("the route is `#[cors(disabled)]`: no cross-origin access")
            }
            Self::NoHandlerForMethod => {
                f.write_str("no handler on this path serves the requested method")
            }
            Self::MethodNotAllowed => {
                f.write_str("requested method is not in the policy's `methods`")
            }
            Self::HeaderNotAllowed(name) => {
                write!(
                    f,
                    "requested header `{name}` is not in the policy's `allow_headers`"
                )
            }
            Self::AuthorizationNeedsListing => f.write_str(
                "`authorization` is never covered by `allow_headers = \"*\"`; list it explicitly",
            ),
            Self::MalformedRequestHeaders => {
                f.write_str("`access-control-request-headers` is not a list of header names")
            }
            Self::PrivateNetworkNotAllowed => f.write_str(
                "the page asks for private network access and the policy has no `private_network`",
            ),
            Self::TooManyRequestHeaders { limit } => {
                write!(
                    f,
                    "`access-control-request-headers` names more than {limit} headers"
                )
            }
        }
    }
}

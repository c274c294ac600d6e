//! Why a CORS request was refused, for the `tracing` event that explains it:
//! a browser only says "blocked by CORS policy".

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    OriginNotAllowed,
    SeveralOrigins,
    MalformedOrigin,
    DynamicCheckRefused(&'static str),
    NoHandlerForMethod,
    HeaderNotAllowed(String),
    AuthorizationNeedsListing,
    MalformedRequestHeaders,
    TooManyRequestHeaders,
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
            Self::DynamicCheckRefused(check) => write!(f, "the origin check `{check}` refused the origin"),
            Self::NoHandlerForMethod => {
                f.write_str("no handler on this path serves the requested method")
            }
            Self::HeaderNotAllowed(name) => {
                write!(f, "requested header `{name}` is not in the policy's `allow_headers`")
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
            Self::TooManyRequestHeaders => write!(
                f,
                "`access-control-request-headers` names more than {} headers",
                crate::allow_headers::MAX_REQUESTED_HEADERS
            ),
        }
    }
}

//! The rules of a CORS configuration, written once and used twice: by the
//! `#[cors]` macro at compile time and by `cors-runtime` when a value is only
//! known at start-up (an environment variable, say). Every error says what is
//! wrong and how to fix it, in lower case, so both callers can show it as is.
//!
//! Most applications depend on `cors-runtime` instead; this crate is for
//! tools that want to check a configuration the same way.
//!
//! # Origins
//!
//! An allowed origin must be written as browsers send it, since servers
//! compare `Origin` headers byte for byte. [`parse_origin`] accepts exactly
//! that form and otherwise names the spelling that would match:
//!
//! ```
//! use cors_rules::{parse_origin, OriginErrorKind};
//!
//! let origin = parse_origin("https://app.example.com:8443")?;
//! assert_eq!(origin.serialized(), "https://app.example.com:8443");
//!
//! let error = parse_origin("https://app.example.com/").unwrap_err();
//! assert_eq!(error.kind, OriginErrorKind::Path);
//! assert_eq!(error.suggestion.as_deref(), Some("https://app.example.com"));
//! # Ok::<(), cors_rules::OriginError>(())
//! ```
//!
//! # Entries of an allowed-origin list
//!
//! [`check_allowed_origin`] adds the policy's rules: patterns may not cover
//! sites anyone can register, and `http:` origins may not be combined with
//! credentials unless they are loopback.
//!
//! ```
//! use cors_rules::{check_allowed_origin, OriginRuleError};
//!
//! let pattern = check_allowed_origin("https://*.example.com", true)?;
//! assert!(pattern.matches(b"https://eu.app.example.com"));
//! assert!(!pattern.matches(b"https://example.com.evil.net"));
//!
//! assert!(matches!(
//!     check_allowed_origin("https://*.github.io", false),
//!     Err(OriginRuleError::PublicSuffixPattern { .. })
//! ));
//! assert!(matches!(
//!     check_allowed_origin("http://app.example.com", true),
//!     Err(OriginRuleError::HttpWithCredentials { .. })
//! ));
//! assert!(check_allowed_origin("http://localhost:*", true).is_ok());
//! # Ok::<(), OriginRuleError>(())
//! ```
//!
//! # Other settings
//!
//! ```
//! use cors_rules::{check_header_name, check_max_age, check_method, split_comma_list, MaxAgeError};
//!
//! assert_eq!(split_comma_list("GET, PUT")?, ["GET", "PUT"]);
//! assert!(check_method("PATCH").is_ok());
//! assert!(check_method("patch").is_err()); // browsers send `patch` as written: it never matches
//! assert_eq!(check_header_name("X-Request-Id")?, "x-request-id");
//! assert_eq!(check_max_age("600"), Ok(600));
//! assert_eq!(check_max_age("90000"), Err(MaxAgeError::TooLarge(90_000)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(unreachable_pub)]

mod allowed_origin;
mod header;
mod list;
mod max_age;
mod method;
mod origin;
mod public_suffix;
mod token;
mod url_ip;

pub use allowed_origin::{check_allowed_origin, OriginRuleError};
pub use header::{check_header_name, HeaderNameError, SAFELISTED_REQUEST_HEADERS};
pub use list::{split_comma_list, ListError};
pub use max_age::{check_max_age, MaxAgeError, MAX_AGE_LIMIT};
pub use method::{check_method, MethodError};
pub use origin::{
    parse_origin, parse_origin_or_pattern, Host, Origin, OriginError, OriginErrorKind,
    OriginPattern,
};
pub use token::{is_token, is_token_bytes};

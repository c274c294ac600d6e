//! The rules of a CORS configuration, written once and used twice: by the
//! `#[cors]` macro at compile time and by `cors-runtime` when a value is only
//! known at start-up (an environment variable, say). Every error says what is
//! wrong and how to fix it, in lower case, so both callers can show it as is.

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
pub use origin::{parse_origin, parse_origin_or_pattern, Host, Origin, OriginError, OriginPattern};
pub use token::{is_token, is_token_bytes};

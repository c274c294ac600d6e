use std::fmt;

/// No browser honours a longer preflight cache (Firefox caps at 86400 s,
/// Chromium at 7200 s).
pub const MAX_AGE_LIMIT: u64 = 86_400;

/// Why a `max_age` was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MaxAgeError {
    /// Written with a leading `-`.
    Negative,
    /// Empty, or not only digits (`1.5`, `10s`).
    NotAnInteger,
    /// Above [`MAX_AGE_LIMIT`]; `u64::MAX` when it does not even fit a `u64`.
    TooLarge(u64),
}

impl fmt::Display for MaxAgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Negative => f.write_str(
                "`max_age` cannot be negative; give the preflight cache time in seconds, 0 to 86400",
            ),
            Self::NotAnInteger => f.write_str(
                "`max_age` must be a whole number of seconds, 0 to 86400, written as an integer such as `600`",
            ),
            Self::TooLarge(n) => write!(
                f,
                "`max_age = {n}` is above 86400; no browser caches a preflight longer \
                 (Firefox caps at 86400, Chromium at 7200): use at most 86400"
            ),
        }
    }
}

impl std::error::Error for MaxAgeError {}

/// Checks a `max_age` given as digits (an optional leading `-` is reported as negative).
///
/// # Errors
///
/// When it is negative, not a whole number, or above [`MAX_AGE_LIMIT`].
pub fn check_max_age(digits: &str) -> Result<u32, MaxAgeError> {
    if digits.starts_with('-') {
        return Err(MaxAgeError::Negative);
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MaxAgeError::NotAnInteger);
    }
    match digits.parse::<u64>() {
        Ok(n) if n <= MAX_AGE_LIMIT => Ok(n as u32),
        Ok(n) => Err(MaxAgeError::TooLarge(n)),
        Err(_) => Err(MaxAgeError::TooLarge(u64::MAX)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range() {
        assert_eq!(check_max_age("0"), Ok(0));
        assert_eq!(check_max_age("86400"), Ok(86400));
        assert_eq!(check_max_age("86401"), Err(MaxAgeError::TooLarge(86401)));
        assert_eq!(check_max_age("-1"), Err(MaxAgeError::Negative));
        assert_eq!(check_max_age("1.5"), Err(MaxAgeError::NotAnInteger));
        assert!(matches!(
            check_max_age("99999999999999999999999"),
            Err(MaxAgeError::TooLarge(_))
        ));
    }
}

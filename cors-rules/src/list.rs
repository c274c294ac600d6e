use std::fmt;

/// A comma list with an empty entry (`"GET,,PUT"`, a trailing comma, or nothing at all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListError {
    /// Zero-based position of the empty entry.
    pub index: usize,
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "entry {} of the comma list is empty; remove the extra comma",
            self.index + 1
        )
    }
}

impl std::error::Error for ListError {}

/// Splits `"GET, PUT"` into its entries, trimming white space around each.
/// An empty entry is an error rather than something to skip: it is almost
/// always a typo, and skipping it would hide one.
///
/// # Errors
///
/// When an entry is empty after trimming.
pub fn split_comma_list(s: &str) -> Result<Vec<&str>, ListError> {
    s.split(',')
        .map(str::trim)
        .enumerate()
        .map(|(index, entry)| {
            if entry.is_empty() {
                Err(ListError { index })
            } else {
                Ok(entry)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_entries() {
        assert_eq!(
            split_comma_list(" GET ,PUT,  DELETE").unwrap(),
            ["GET", "PUT", "DELETE"]
        );
    }

    #[test]
    fn refuses_empty_entries() {
        assert_eq!(split_comma_list("GET,,PUT"), Err(ListError { index: 1 }));
        assert_eq!(split_comma_list("GET,"), Err(ListError { index: 1 }));
        assert_eq!(split_comma_list(""), Err(ListError { index: 0 }));
    }
}

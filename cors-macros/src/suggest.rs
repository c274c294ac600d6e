//! "Did you mean" for unknown keys: common names from other CORS libraries,
//! then the closest known key by edit distance.

pub(crate) const KEYS: [&str; 7] = [
    "origins",
    "methods",
    "credentials",
    "allow_headers",
    "expose_headers",
    "max_age",
    "private_network",
];

/// The known keys as the messages list them.
pub(crate) const KEY_LIST: &str =
    "origins, methods, credentials, allow_headers, expose_headers, max_age, private_network";

const ALIASES: [(&str, &str); 16] = [
    ("origin", "origins"),
    ("allow_origin", "origins"),
    ("allow_origins", "origins"),
    ("allowed_origins", "origins"),
    ("method", "methods"),
    ("allow_methods", "methods"),
    ("allowed_methods", "methods"),
    ("allow_credentials", "credentials"),
    ("supports_credentials", "credentials"),
    ("headers", "allow_headers"),
    ("allowed_headers", "allow_headers"),
    ("exposed_headers", "expose_headers"),
    ("expose", "expose_headers"),
    ("max_age_secs", "max_age"),
    ("maxage", "max_age"),
    ("max_age_seconds", "max_age"),
];

pub(crate) fn closest_key(unknown: &str) -> Option<&'static str> {
    let lower = unknown.to_ascii_lowercase();
    if let Some((_, key)) = ALIASES.iter().find(|(alias, _)| *alias == lower) {
        return Some(key);
    }
    KEYS.iter()
        .map(|key| (edit_distance(&lower, key), *key))
        .filter(|(distance, key)| *distance <= key.len() / 3 + 1)
        .min()
        .map(|(_, key)| key)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::closest_key;

    #[test]
    fn suggestions() {
        assert_eq!(closest_key("orgins"), Some("origins"));
        assert_eq!(closest_key("allowed_origins"), Some("origins"));
        assert_eq!(closest_key("max_ages"), Some("max_age"));
        assert_eq!(closest_key("headers"), Some("allow_headers"));
        assert_eq!(closest_key("zzzzzz"), None);
    }
}

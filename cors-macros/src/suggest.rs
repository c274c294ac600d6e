//! "Did you mean" for unknown keys: common names from other CORS libraries,
//! then the closest known key by edit distance.

use crate::symbol::Key;

const ALIASES: [(&str, Key); 21] = [
    ("origin", Key::Origins),
    ("allow_origin", Key::Origins),
    ("allow_origins", Key::Origins),
    ("allowed_origins", Key::Origins),
    ("method", Key::Methods),
    ("allow_methods", Key::Methods),
    ("allowed_methods", Key::Methods),
    ("allow_credentials", Key::Credentials),
    ("supports_credentials", Key::Credentials),
    ("headers", Key::AllowHeaders),
    ("allowed_headers", Key::AllowHeaders),
    ("exposed_headers", Key::ExposeHeaders),
    ("expose", Key::ExposeHeaders),
    ("max_age_secs", Key::MaxAge),
    ("maxage", Key::MaxAge),
    ("max_age_seconds", Key::MaxAge),
    // The seed's Express option, in either spelling.
    ("optionssuccessstatus", Key::PreflightStatus),
    ("options_success_status", Key::PreflightStatus),
    ("disable", Key::Disabled),
    ("disable_cors", Key::Disabled),
    ("block", Key::BlockRefused),
];

pub(crate) fn closest_key(unknown: &str) -> Option<Key> {
    let lower = unknown.to_ascii_lowercase();
    if let Some((_, key)) = ALIASES.iter().find(|(alias, _)| *alias == lower) {
        return Some(*key);
    }
    Key::ALL
        .into_iter()
        .map(|key| (edit_distance(&lower, key.as_str()), key))
        .filter(|(distance, key)| *distance <= key.as_str().len() / 3 + 1)
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
    use crate::symbol::Key;

    #[test]
    fn suggestions() {
        assert_eq!(closest_key("orgins"), Some(Key::Origins));
        assert_eq!(closest_key("allowed_origins"), Some(Key::Origins));
        assert_eq!(closest_key("max_ages"), Some(Key::MaxAge));
        assert_eq!(closest_key("headers"), Some(Key::AllowHeaders));
        assert_eq!(
            closest_key("optionsSuccessStatus"),
            Some(Key::PreflightStatus)
        );
        assert_eq!(closest_key("preflight_statu"), Some(Key::PreflightStatus));
        assert_eq!(closest_key("blockrefused"), Some(Key::BlockRefused));
        assert_eq!(closest_key("disable"), Some(Key::Disabled));
        assert_eq!(closest_key("zzzzzz"), None);
    }
}

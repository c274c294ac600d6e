/// `token` of RFC 9110 §5.6.2: what method and header names are made of.
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::is_token;

    #[test]
    fn tokens() {
        assert!(is_token("GET"));
        assert!(is_token("x-custom_1"));
        assert!(!is_token(""));
        assert!(!is_token("a b"));
        assert!(!is_token("a:b"));
        assert!(!is_token("é"));
    }
}

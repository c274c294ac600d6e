//! Public suffixes: names under which anyone can register a site (`com`,
//! `co.uk`, `github.io`, `s3.amazonaws.com`). A pattern `*.D` must cover the
//! sites of one owner, so `D` may neither be a public suffix nor have one
//! beneath it: `*.amazonaws.com` covers every S3 bucket, each its own site.
//!
//! Lookups use the `psl` crate's list, compiled into code that answers "what
//! is the suffix of this name" but cannot list what lies beneath a domain.
//! So the same list is also read as text, `data/public_suffix_rules.txt`,
//! derived from the `psl` version that Cargo.toml pins exactly; a test checks
//! every rule of it against the compiled lookup.

use std::collections::HashMap;
use std::sync::OnceLock;

const RULES: &str = include_str!("../data/public_suffix_rules.txt");

/// Whether `domain` is itself a public suffix (ICANN or private section), or
/// a single label, which the list's default rule treats as one.
pub(crate) fn is_public_suffix(domain: &str) -> bool {
    psl::suffix_str(domain) == Some(domain)
}

/// A public-suffix rule lying strictly beneath `domain`, if there is any: the
/// one with the fewest labels, then the shortest, then the first in byte order (a stable example
/// for messages). `*.compute.amazonaws.com` stands for every `x.compute.amazonaws.com`.
pub(crate) fn suffix_beneath(domain: &str) -> Option<&'static str> {
    domains_with_suffixes_beneath().get(domain).copied()
}

/// Whether `host`, a name strictly beneath `fixed` (`a.b.example.com` under
/// `example.com`), belongs to a site at or above `fixed`: its public suffix
/// lies strictly inside `fixed`, so its registrable domain is `fixed` or one of
/// `fixed`'s parents. Runs per request: one walk of the compiled list over
/// the host's labels, no allocation.
pub(crate) fn same_site_as(host: &[u8], fixed: &[u8]) -> bool {
    psl::suffix(host).is_some_and(|suffix| suffix.as_bytes().len() < fixed.len())
}

fn domains_with_suffixes_beneath() -> &'static HashMap<&'static str, &'static str> {
    static BENEATH: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    BENEATH.get_or_init(|| {
        let mut beneath: HashMap<&'static str, &'static str> = HashMap::new();
        // An exception (`!www.ck`) only takes a name out of the list.
        for rule in rules().filter(|rule| !rule.starts_with('!')) {
            let mut rest = rule;
            while let Some((_, parent)) = rest.split_once('.') {
                let example = beneath.entry(parent).or_insert(rule);
                if (labels(rule), rule.len(), rule) < (labels(example), example.len(), *example) {
                    *example = rule;
                }
                rest = parent;
            }
        }
        beneath
    })
}

fn rules() -> impl Iterator<Item = &'static str> {
    RULES
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
}

fn labels(name: &str) -> usize {
    name.split('.').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_list_is_the_list_psl_compiles_in() {
        // Every rule of the text agrees with the compiled lookup, so the text
        // is not older or newer than `psl` in any rule it holds, and its
        // punycode spellings are the ones `psl` knows.
        let mut count = 0;
        for rule in rules() {
            count += 1;
            if let Some(exception) = rule.strip_prefix('!') {
                let parent = exception.split_once('.').unwrap().1;
                assert_eq!(psl::suffix_str(exception), Some(parent), "{rule}");
            } else if let Some(parent) = rule.strip_prefix("*.") {
                let name = format!("probe-label.{parent}");
                assert_eq!(psl::suffix_str(&name), Some(name.as_str()), "{rule}");
            } else {
                assert_eq!(psl::suffix_str(rule), Some(rule), "{rule}");
            }
            assert!(rule.is_ascii(), "{rule}");
        }
        assert!(count > 9_000, "only {count} rules");
    }

    #[test]
    fn the_text_list_comes_from_the_pinned_psl_version() {
        // Bumping `psl` without deriving the text list again fails here.
        let manifest = include_str!("../Cargo.toml");
        let pinned = manifest
            .lines()
            .find_map(|line| line.strip_prefix("psl = \"="))
            .unwrap()
            .trim_end_matches('"');
        let derived_from = format!("the `psl` crate {pinned} compiles it in");
        assert!(
            RULES.lines().next().unwrap().contains(&derived_from),
            "the list is not from psl {pinned}"
        );
    }

    #[test]
    fn hosting_providers_have_suffixes_beneath_their_domains() {
        for (domain, example) in [
            ("amazonaws.com", "s3.amazonaws.com"),
            ("compute.amazonaws.com", "*.compute.amazonaws.com"),
            ("core.windows.net", "web.core.windows.net"),
            ("run.app", "*.run.app"),
        ] {
            assert_eq!(suffix_beneath(domain), Some(example), "{domain}");
        }
        for domain in [
            "example.com",
            "user.github.io",
            "bucket.s3.amazonaws.com",
            "www.ck",
        ] {
            assert_eq!(suffix_beneath(domain), None, "{domain}");
        }
    }

    #[test]
    fn internationalised_rules_are_found_in_punycode() {
        // `herøy.møre-og-romsdal.no` lies beneath `møre-og-romsdal.no`, which is no rule itself.
        assert!(!is_public_suffix("xn--mre-og-romsdal-qqb.no"));
        assert_eq!(
            suffix_beneath("xn--mre-og-romsdal-qqb.no"),
            Some("sande.xn--mre-og-romsdal-qqb.no")
        );
    }

    #[test]
    fn a_host_beneath_a_nested_suffix_is_another_site() {
        assert!(same_site_as(b"a.example.com", b"example.com"));
        assert!(same_site_as(b"a.b.example.com", b"b.example.com"));
        assert!(same_site_as(b"a.user.github.io", b"user.github.io"));
        assert!(same_site_as(b"a.example.unknowntld", b"example.unknowntld")); // the default rule `*`
        assert!(!same_site_as(
            b"attacker.s3.amazonaws.com",
            b"amazonaws.com"
        ));
        assert!(!same_site_as(
            b"x.attacker.s3.amazonaws.com",
            b"amazonaws.com"
        ));
        assert!(!same_site_as(b"evil.github.io", b"github.io"));
        assert!(!same_site_as(b"evil.com", b"com"));
        assert!(!same_site_as(
            b"a.b.compute.amazonaws.com",
            b"compute.amazonaws.com"
        ));
    }
}

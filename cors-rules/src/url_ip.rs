//! IP-address hosts as browsers read and write them (the WHATWG URL standard,
//! "IPv4 parser", "ends in a number" and "host serializing"). A browser puts
//! the serialised form in `Origin`, so an allowed origin must be written in
//! exactly that form to ever match.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// The URL standard's "ends in a number" checker: a host whose last label is
/// all digits, or `0x` followed by hex digits, is parsed as an IPv4 address
/// (and refused by browsers when that fails), never as a domain.
pub(crate) fn ends_in_a_number(host: &str) -> bool {
    let mut labels: Vec<&str> = host.split('.').collect();
    if labels.last() == Some(&"") {
        if labels.len() == 1 {
            return false;
        }
        labels.pop();
    }
    let last = labels.last().copied().unwrap_or("");
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    parse_ipv4_number(last).is_some()
}

/// The URL standard's IPv4 parser, for a host that ends in a number: up to
/// four parts, each decimal, octal (leading `0`) or hex (`0x`); the last part
/// fills the remaining bytes (`127.1` is `127.0.0.1`). `None` where a browser
/// refuses the host.
pub(crate) fn parse_ipv4(host: &str) -> Option<Ipv4Addr> {
    let mut parts: Vec<&str> = host.split('.').collect();
    if parts.last() == Some(&"") && parts.len() > 1 {
        parts.pop();
    }
    if parts.len() > 4 {
        return None;
    }
    let numbers: Vec<u64> = parts
        .iter()
        .map(|part| parse_ipv4_number(part))
        .collect::<Option<_>>()?;
    let (last, leading) = numbers.split_last()?;
    if leading.iter().any(|&n| n > 255) {
        return None;
    }
    if *last >= 256u64.pow(5 - numbers.len() as u32) {
        return None;
    }
    let address = leading
        .iter()
        .enumerate()
        .fold(*last, |sum, (i, &n)| sum + n * 256u64.pow(3 - i as u32));
    Some(Ipv4Addr::from(u32::try_from(address).ok()?))
}

/// The URL standard's IPv4 number parser. Values beyond `u64` are as refused
/// as the standard's unbounded integers would be by the range checks after it.
fn parse_ipv4_number(part: &str) -> Option<u64> {
    if part.is_empty() {
        return None;
    }
    let (digits, radix) =
        if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (hex, 16)
        } else if part.len() >= 2 && part.starts_with('0') {
            (&part[1..], 8)
        } else {
            (part, 10)
        };
    if digits.is_empty() {
        return Some(0);
    }
    digits.chars().try_fold(0u64, |value, c| {
        let digit = c.to_digit(radix)?;
        value
            .checked_mul(u64::from(radix))?
            .checked_add(u64::from(digit))
    })
}

/// An IPv6 address as the URL standard serialises it (without brackets).
///
/// Written by hand because `Ipv6Addr`'s `Display` differs: it writes an
/// IPv4-mapped address with a dotted-quad tail (`::ffff:1.2.3.4`), which no
/// browser sends (`::ffff:102:304`). The rest is the same rule: lower-case hex
/// pieces without leading zeros, and the first longest run of two or more
/// zero pieces compressed to `::`.
pub(crate) struct UrlIpv6<'a>(pub(crate) &'a Ipv6Addr);

impl fmt::Display for UrlIpv6<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pieces = self.0.segments();
        let compress = first_longest_zero_run(&pieces);
        let mut index = 0;
        while index < pieces.len() {
            if let Some((start, length)) = compress {
                if index == start {
                    f.write_str(if index == 0 { "::" } else { ":" })?;
                    index += length;
                    continue;
                }
            }
            write!(f, "{:x}", pieces[index])?;
            if index != 7 {
                f.write_str(":")?;
            }
            index += 1;
        }
        Ok(())
    }
}

/// Start and length of the first longest run of zero pieces, if at least two long.
fn first_longest_zero_run(pieces: &[u16; 8]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut index = 0;
    while index < pieces.len() {
        let length = pieces[index..]
            .iter()
            .take_while(|&&piece| piece == 0)
            .count();
        if length >= 2 && best.is_none_or(|(_, longest)| length > longest) {
            best = Some((index, length));
        }
        index += length.max(1);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(addr: &str) -> String {
        UrlIpv6(&addr.parse().unwrap()).to_string()
    }

    #[test]
    fn ipv6_is_written_as_browsers_write_it() {
        // Expected values are what the URL standard's serialiser gives
        // (and what `new URL("http://[…]").host` returns in browsers).
        assert_eq!(url("::ffff:1.2.3.4"), "::ffff:102:304");
        assert_eq!(url("::1.2.3.4"), "::102:304");
        assert_eq!(url("::"), "::");
        assert_eq!(url("::1"), "::1");
        assert_eq!(url("1::"), "1::");
        assert_eq!(url("2001:DB8::1"), "2001:db8::1");
        assert_eq!(url("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1"); // first of two equal runs
        assert_eq!(url("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1"); // the longest run, not the first
        assert_eq!(url("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1"); // one zero piece stays
        assert_eq!(url("0:0:0:0:0:0:0:1"), "::1");
        assert_eq!(url("1:0:0:0:0:0:0:0"), "1::");
        assert_eq!(url("0001:00a0:0:0:0:0:0:0abc"), "1:a0::abc");
    }

    #[test]
    fn ipv6_agrees_with_std_except_for_ipv4_mapped_tails() {
        // Std's Display follows RFC 5952 too; only the dotted tail differs.
        for addr in [
            "::1",
            "2001:db8::1",
            "fe80::1:2",
            "1:2:3:4:5:6:7:8",
            "::ffff:0:1:2",
            "64:ff9b::1.2.3.4",
        ] {
            let addr: Ipv6Addr = addr.parse().unwrap();
            assert_eq!(UrlIpv6(&addr).to_string(), addr.to_string());
        }
        let mapped: Ipv6Addr = "::ffff:1.2.3.4".parse().unwrap();
        assert_eq!(mapped.to_string(), "::ffff:1.2.3.4");
        assert_eq!(UrlIpv6(&mapped).to_string(), "::ffff:102:304");
    }

    #[test]
    fn ipv4_is_read_as_browsers_read_it() {
        let ip = |host: &str| parse_ipv4(host).map(|a| a.to_string());
        assert_eq!(ip("127.0.0.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(ip("127.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(ip("0x7f.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(ip("1.2.3.0x4").as_deref(), Some("1.2.3.4"));
        assert_eq!(ip("0177.0.0.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(ip("2130706433").as_deref(), Some("127.0.0.1"));
        assert_eq!(ip("0x7F000001").as_deref(), Some("127.0.0.1"));
        assert_eq!(ip("127.0.0.1.").as_deref(), Some("127.0.0.1"));
        assert_eq!(ip("0x").as_deref(), Some("0.0.0.0"));
        assert_eq!(ip("1.2.3.08"), None); // `8` is no octal digit
        assert_eq!(ip("1.2.3.4.5"), None);
        assert_eq!(ip("256.1.1.1"), None);
        assert_eq!(ip("1.2.3.256"), None);
        assert_eq!(ip("1.65536").as_deref(), Some("1.1.0.0")); // the last part fills three bytes
        assert_eq!(ip("4294967296"), None);
        assert_eq!(ip("99999999999999999999999"), None);
        assert_eq!(ip("foo.1"), None);
        assert_eq!(ip("1..2"), None);
    }

    #[test]
    fn hosts_that_end_in_a_number() {
        for host in ["1.2.3.4", "example.123", "a.0x1f", "a.0x", "127.1.", "0x7f"] {
            assert!(ends_in_a_number(host), "{host}");
        }
        for host in ["example.com", "1.2.3.a", "a.0x1g", "123.example", ".", "x1"] {
            assert!(!ends_in_a_number(host), "{host}");
        }
    }
}

//! The compile-time half of the contract (SPEC §1 and §2): every form the
//! attribute allows builds (`tests/ui/pass`), and every rule it enforces fails
//! with a lower-case message on the offending token (`tests/ui/fail`, with
//! full `.stderr` snapshots). Regenerate with
//! `TRYBUILD=overwrite cargo test --test compile_fail`, then read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}

//! The demo's policy table, as `cargo run -p cors-demo` prints it at start-up,
//! guarded by a snapshot: a refactor that drops or widens a policy fails here.
//! Regenerate with `UPDATE_SNAPSHOTS=1 cargo test -p cors-demo --test policy_table`
//! after reading the diff.

#[test]
fn the_demo_policy_table_is_as_reviewed() {
    // Its own test binary: no other router is built in this process.
    let _app = cors_demo::api::app();
    let table = cors_runtime::policy_table().to_string();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/policy_table.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, &table).unwrap();
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    assert_eq!(
        table, expected,
        "the demo's policy table changed; if on purpose, UPDATE_SNAPSHOTS=1"
    );
}

#!/usr/bin/env bash
# Runs each fuzz target briefly (FUZZ_SECONDS, default 30) on its corpus in
# fuzz/corpus/<target>/. Needs a nightly toolchain; installs cargo-fuzz when
# missing. Fails when a target crashes (libFuzzer exits non-zero and leaves the
# input in fuzz/artifacts/<target>/). New inputs go to a scratch copy of the
# corpus, so the committed one stays small.
set -euo pipefail

cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-30}"

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "run-brief: no nightly toolchain (rustup toolchain install nightly); skipping fuzzing" >&2
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "run-brief: installing cargo-fuzz" >&2
    cargo +nightly install cargo-fuzz --locked
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

for target in origin_rules request_decision attribute_parser; do
    mkdir -p "$scratch/$target"
    cp corpus/"$target"/* "$scratch/$target/"
    echo "run-brief: $target for ${seconds}s" >&2
    # No sanitizer: the code under test is safe Rust, and ASan would cost ~10x the executions.
    cargo +nightly fuzz run --sanitizer none "$target" "$scratch/$target" corpus/"$target" -- \
        -max_total_time="$seconds" -print_final_stats=1
done
echo "run-brief: every target ran ${seconds}s without a crash" >&2

#!/usr/bin/env python3
"""What each part of the #[cors] expansion costs `cargo check` (issue 12).

Takes the macro-expanded crates that `CORS_COMPILE_SELF_PROFILE=1
benches/compile_cost.sh` writes (`-Zunpretty=expanded`), removes one part of
every expansion at a time, and times `cargo +nightly check` of each variant
(CPU time of cargo and rustc, median of RUNS, interleaved). A variant need not be a working program (a
policy that panics, a router left out): it only has to type-check, which is
what the editor does on every keystroke.

    python3 benches/compile_attribution.py          # RUNS=3
    RUNS=7 python3 benches/compile_attribution.py
"""
import os
import re
import resource
import statistics
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
out = os.environ.get("CORS_COMPILE_OUT", os.path.join(target, "compile-cost"))
runs = int(os.environ.get("RUNS", "3"))

def compilable(src):
    """`-Zunpretty=expanded` names std internals; let the nightly accept them."""
    header = "#![feature(prelude_import)]\n"
    assert src.startswith(header)
    src = src[len(header):].replace("extern crate std;\n", "extern crate std;\nextern crate alloc;\n", 1)
    return (
        "#![feature(prelude_import, liballoc_internals, fmt_internals, hint_must_use, derive_clone_copy_internals, trivial_clone)]\n"
        "#![allow(internal_features)]\n" + src
    )


with_src = compilable(open(os.path.join(out, "cc_with_cors.expanded.rs")).read())
without_src = compilable(open(os.path.join(out, "cc_without_cors.expanded.rs")).read())

GUARD = re.compile(
    r"impl<__S>\s*::cors_runtime::__private_v0_1::axum::handler::Handler<::cors_runtime::routing::UseThisModuleNotAxumRouting,.*?\n}\n",
    re.S,
)
POLICY = re.compile(r"(fn policy\(\) -> &'static ::cors_runtime::__private_v0_1::Policy \{).*?&POLICY\n    \}", re.S)
DEBUG = re.compile(r"#\[automatically_derived\]\n#\[allow\(non_camel_case_types\)\]\nimpl ::core::fmt::Debug for handler_\d+ \{.*?\n\}\n", re.S)
ROUTER = re.compile(r"pub fn router\(\) -> axum::Router \{.*?\n\}\n", re.S)


def sub(pattern, replacement, text, expect=200):
    text, n = pattern.subn(replacement, text)
    if n != expect:
        sys.exit(f"pattern {pattern.pattern[:60]!r} matched {n} times, expected {expect}")
    return text


variants = {
    "without #[cors]": without_src,
    "with #[cors] (as expanded)": with_src,
    "  minus the plain-axum guard impl": sub(GUARD, "", with_src),
    "  minus the static policies": sub(POLICY, r"\1 ::core::unimplemented!() }", with_src),
    "  minus derive(Debug)": sub(DEBUG, "", with_src),
    "  minus all three": sub(DEBUG, "", sub(POLICY, r"\1 ::core::unimplemented!() }", sub(GUARD, "", with_src))),
    "without #[cors], no router fn": sub(ROUTER, "", without_src, 1),
    "with #[cors], no router fn": sub(ROUTER, "", with_src, 1),
}

manifest_of = {}
for i, (name, src) in enumerate(variants.items()):
    crate = f"cc_variant_{i}"
    d = os.path.join(out, crate)
    os.makedirs(os.path.join(d, "src"), exist_ok=True)
    manifest = open(os.path.join(out, "cc_with_cors", "Cargo.toml")).read().replace('name = "cc_with_cors"', f'name = "{crate}"')
    open(os.path.join(d, "Cargo.toml"), "w").write(manifest)
    open(os.path.join(d, "Cargo.lock"), "w").write(open(os.path.join(root, "Cargo.lock")).read())
    open(os.path.join(d, "src", "lib.rs"), "w").write(src)
    manifest_of[name] = os.path.join(d, "Cargo.toml")

env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(out, "target-nightly"), CARGO_INCREMENTAL="0")


def check(manifest):
    """CPU seconds (user + system) of `cargo check` and the rustc it runs:
    steadier than wall time on a machine shared with other jobs."""
    lib = os.path.join(os.path.dirname(manifest), "src", "lib.rs")
    os.utime(lib)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["cargo", "+nightly", "check", "--quiet", "--manifest-path", manifest], env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


for manifest in manifest_of.values():  # warm-up: dependencies, each crate once
    check(manifest)
times = {name: [] for name in variants}
for _ in range(runs):
    for name, manifest in manifest_of.items():
        times[name].append(check(manifest))

base = statistics.median(times["without #[cors]"])
print(f"cargo +nightly check, CPU seconds, median of {runs} (load average {open('/proc/loadavg').read().split()[0]})")
print(f"| variant | lines | CPU seconds | vs without |")
print(f"| --- | ---: | ---: | ---: |")
for name, src in variants.items():
    t = statistics.median(times[name])
    print(f"| {name} | {src.count(chr(10))} | {t:.2f} | {t / base:.2f}x |")

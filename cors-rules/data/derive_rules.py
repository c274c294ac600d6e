"""Derives public_suffix_rules.txt from the `psl` crate's data/rules.txt.

The `psl` crate compiles its list into code that can look a name up but
cannot list what lies beneath a domain, so cors-rules reads the same list as
text. Run it when bumping `psl` (cors-rules/Cargo.toml pins the exact
version), then `cargo test -p cors-rules`, which checks every rule against
the compiled lookup:

    python3 derive_rules.py ~/.cargo/registry/src/*/psl-X.Y.Z/data/rules.txt X.Y.Z
"""
import sys

HEADER = """\
// The Public Suffix List as the `psl` crate {version} compiles it in (its data/rules.txt),
// with internationalised labels in punycode (`xn--`), the form browsers send hosts in.
// Derived by derive_rules.py beside this file; do not edit by hand.
// The list itself is under the Mozilla Public License 2.0.
"""


def ascii_label(label):
    return label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")


def main(source, version):
    rules = []
    with open(source, encoding="utf-8") as lines:
        for line in lines:
            rule = line.strip()
            if not rule or rule.startswith("//"):
                continue
            exception = "!" if rule.startswith("!") else ""
            labels = rule.lstrip("!").split(".")
            rules.append(exception + ".".join(ascii_label(label) for label in labels))
    with open("public_suffix_rules.txt", "w", encoding="ascii", newline="\n") as out:
        out.write(HEADER.format(version=version))
        out.write("\n".join(rules) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

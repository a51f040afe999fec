#!/usr/bin/env bash
# Runs the test suite and reports how many TMX files it validated against the
# TMX 1.4 DTD with xmllint (each validation is logged by tests/common/mod.rs).
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
command -v xmllint >/dev/null || { echo "count-dtd.sh: xmllint is not installed (apt-get install libxml2-utils)" >&2; exit 1; }
LOG=target/tmp/dtd-validations.log
rm -f "$LOG"
cargo test --quiet >/dev/null
echo "TMX files validated against the TMX 1.4 DTD: $(wc -l < "$LOG")"
cut -f1 "$LOG" | sort | uniq -c

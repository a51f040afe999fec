#!/usr/bin/env bash
# Issue 8's new-user trials on the bundled sample release (a deleted English
# sentence, the 50 single deletions, an extra Chinese paragraph, an extra
# English sentence), rerun with the release binary: what each now gives
# (scripts/trials.py says how each trial is made). Needs only the
# repository; about a minute.
#   scripts/trials.sh
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin bitext
python3 scripts/trials.py

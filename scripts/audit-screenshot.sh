#!/usr/bin/env bash
# Makes docs/audit-report.html and docs/audit-report.png: the HTML audit report of
# the sample release (corpora/release-2021-05-08) and a screenshot of it in
# headless Chromium (Debian package `chromium`; Chinese needs a CJK font, e.g.
# fonts-wqy-microhei), every segment, lowest score first.
# Usage: scripts/audit-screenshot.sh [FRAGMENT]   (default: filter=all&sort=score-asc)
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
FRAGMENT=${1:-filter=all&sort=score-asc}
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then
  echo "audit-screenshot.sh: chromium is not installed (apt-get install chromium)" >&2
  exit 1
fi
cargo build --release --quiet --bin bitext
target/release/bitext audit -q --force corpora/release-2021-05-08/zh.txt corpora/release-2021-05-08/en.txt \
  --report docs/audit-report.html > /dev/null
PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT
"$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$PROFILE" --hide-scrollbars --window-size=1280,1100 --virtual-time-budget=5000 \
  --screenshot="$PWD/docs/audit-report.png" "file://$PWD/docs/audit-report.html#$FRAGMENT" 2>/dev/null
echo "docs/audit-report.html, docs/audit-report.png ($(stat -c %s docs/audit-report.png) bytes)"

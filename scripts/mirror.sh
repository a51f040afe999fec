#!/usr/bin/env bash
# Checks that aligning en→zh gives the mirror of zh→en on the six MAC-Dev
# chapters (the model is symmetric in its two sides). Data: ../shared/eval or
# EVAL_DIR.
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL_DIR=${EVAL_DIR:-../shared/eval}
if [ ! -d "$EVAL_DIR/mac-dev" ]; then
  echo "mirror.sh: $EVAL_DIR/mac-dev not found; set EVAL_DIR" >&2
  exit 1
fi
cargo build --release --quiet
BIN=target/release/bitext
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for zh in "$EVAL_DIR"/mac-dev/zh/*.zh; do
  n=$(basename "$zh" .zh)
  en="$EVAL_DIR/mac-dev/en/$n.en"
  "$BIN" align -q --presegmented --format beads --src-lang zh --tgt-lang en "$zh" "$en" -o "$tmp/f" --force
  "$BIN" align -q --presegmented --format beads --src-lang en --tgt-lang zh "$en" "$zh" -o "$tmp/r" --force
  sed -E 's/^(\[[^]]*\]):(\[[^]]*\])$/\2:\1/' "$tmp/r" > "$tmp/r.mirrored"
  if cmp -s "$tmp/f" "$tmp/r.mirrored"; then
    echo "$n: identical ($(wc -l < "$tmp/f") beads)"
  else
    echo "$n: differs in $(diff "$tmp/f" "$tmp/r.mirrored" | grep -c '^<') beads"
    status=1
  fi
done
exit $status

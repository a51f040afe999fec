#!/usr/bin/env bash
# Wall time and peak memory (GNU time) of aligning Bible 006 (30,000 English
# verses with 42,687 Chinese sentences) with each model, and start-up cost on
# a one-sentence pair. Data: ../shared/eval or EVAL_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL_DIR=${EVAL_DIR:-../shared/eval}
if [ ! -f "$EVAL_DIR/bible/en/006.en" ]; then
  echo "speed.sh: $EVAL_DIR/bible/en/006.en not found; set EVAL_DIR" >&2
  exit 1
fi
if [ ! -x /usr/bin/time ]; then
  echo "speed.sh: needs GNU time (/usr/bin/time; Debian package 'time')" >&2
  exit 1
fi
cargo build --release --quiet
BIN=target/release/bitext
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '你好。\n' > "$tmp/zh.txt"
printf 'Hello.\n' > "$tmp/en.txt"
for model in core full; do
  /usr/bin/time -f "bible 006, --model $model: %e s, %M KB peak" \
    "$BIN" align -q --model "$model" --presegmented --format beads --src-lang en --tgt-lang zh \
    "$EVAL_DIR/bible/en/006.en" "$EVAL_DIR/bible/zh/006.zh" -o "$tmp/out.align" --force
  /usr/bin/time -f "one-sentence pair, --model $model: %e s, %M KB peak" \
    "$BIN" align -q --model "$model" --format beads "$tmp/zh.txt" "$tmp/en.txt" -o "$tmp/one.align" --force
done

#!/usr/bin/env bash
# Reproduces bitext's accuracy figures on the evaluation sets in ../shared/eval
# (override with EVAL_DIR). Usage:
#   scripts/eval.sh            # MAC-Dev (zh→en) and Bible (en→zh)
#   scripts/eval.sh mac-dev    # only MAC-Dev
#   scripts/eval.sh bible      # only the Bible
# Extra arguments after the set name are passed to `bitext align`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_eval_sets eval.sh
which=${1:-all}
shift || true
cargo build --release --quiet
BIN=target/release/bitext
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

if [ "$which" = all ] || [ "$which" = mac-dev ]; then
  mkdir -p "$OUT/mac-dev"
  for zh in "$EVAL_DIR"/mac-dev/zh/*.zh; do
    n=$(basename "$zh" .zh)
    "$BIN" align --quiet --presegmented --format beads --src-lang zh --tgt-lang en "$@" \
      "$zh" "$EVAL_DIR/mac-dev/en/$n.en" -o "$OUT/mac-dev/$n.align"
  done
  echo "== MAC-Dev (zh→en, strict, 6 chapters)"
  "$BIN" eval --per-doc --gold "$EVAL_DIR/mac-dev/gold" --auto "$OUT/mac-dev"
fi

if [ "$which" = all ] || [ "$which" = bible ]; then
  mkdir -p "$OUT/bible"
  for en in "$EVAL_DIR"/bible/en/*.en; do
    n=$(basename "$en" .en)
    "$BIN" align --quiet --presegmented --format beads --src-lang en --tgt-lang zh "$@" \
      "$en" "$EVAL_DIR/bible/zh/$n.zh" -o "$OUT/bible/$n.align"
  done
  echo "== Bible (en→zh, verse-level strict, 6 files)"
  "$BIN" eval --per-doc --gold "$EVAL_DIR/bible/gold" --auto "$OUT/bible" \
    --verses "$EVAL_DIR/bible/en.verse" "$EVAL_DIR/bible/zh.verse"
fi

#!/usr/bin/env bash
# Reproduces bitext's accuracy figures on the evaluation sets in ../shared/eval
# (override with EVAL_DIR). Usage:
#   scripts/eval.sh            # MAC-Dev (zh→en) and Bible (en→zh)
#   scripts/eval.sh mac-dev    # only MAC-Dev
#   scripts/eval.sh bible      # only the Bible
#   scripts/eval.sh --calibration [SET]   # also the reliability table and ECE
#                              # (JSON Lines predictions; scripts/calibration.sh)
# Extra arguments after the set name are passed to `bitext align`.
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
# With --calibration the predictions are JSON Lines (they carry confidences)
# and `bitext eval --calibration` prints the reliability table and the ECE.
format=beads ext=align calibration=()
if [ "${1:-}" = --calibration ]; then
  format=jsonl ext=jsonl calibration=(--calibration)
  shift
fi
require_eval_sets "${EVAL_SCRIPT:-eval.sh}"
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
    "$BIN" align --quiet --presegmented --format "$format" --src-lang zh --tgt-lang en "$@" \
      "$zh" "$EVAL_DIR/mac-dev/en/$n.en" -o "$OUT/mac-dev/$n.$ext"
  done
  echo "== MAC-Dev (zh→en, strict, 6 chapters)"
  "$BIN" eval --per-doc "${calibration[@]}" --gold "$EVAL_DIR/mac-dev/gold" --auto "$OUT/mac-dev"
fi

if [ "$which" = all ] || [ "$which" = bible ]; then
  mkdir -p "$OUT/bible"
  for en in "$EVAL_DIR"/bible/en/*.en; do
    n=$(basename "$en" .en)
    "$BIN" align --quiet --presegmented --format "$format" --src-lang en --tgt-lang zh "$@" \
      "$en" "$EVAL_DIR/bible/zh/$n.zh" -o "$OUT/bible/$n.$ext"
  done
  echo "== Bible (en→zh, verse-level strict, 6 files)"
  "$BIN" eval --per-doc "${calibration[@]}" --gold "$EVAL_DIR/bible/gold" --auto "$OUT/bible" \
    --verses "$EVAL_DIR/bible/en.verse" "$EVAL_DIR/bible/zh.verse"
fi

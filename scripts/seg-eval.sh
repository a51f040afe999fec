#!/usr/bin/env bash
# Exact-sentence F1 of bitext's segmentation on the public segmentation test
# sets in ../shared/eval/segmentation (pySBD / Pragmatic Segmenter golden
# rules, HanLP cases; see its README and SOURCES.txt). Override the location
# with BITEXT_SHARED (the folder holding eval/) or EVAL_DIR (the eval folder).
#   scripts/seg-eval.sh                 # built-in rules
#   scripts/seg-eval.sh --srx FILE.srx  # an SRX 2.0 rule file instead
#   scripts/seg-eval.sh --show          # also print every case that differs
# Extra arguments go to examples/seg_eval.rs. The language of each case is
# guessed from its text; figures are per file and pooled per language.
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${BITEXT_SHARED:-../shared}
EVAL_DIR=${EVAL_DIR:-$SHARED/eval}
SEG="$EVAL_DIR/segmentation"
if [ ! -f "$SEG/en.jsonl" ] || [ ! -f "$SEG/zh.jsonl" ]; then
  echo "seg-eval.sh: segmentation test sets not found in $SEG (expected en.jsonl, zh.jsonl);" >&2
  echo "             set BITEXT_SHARED (or EVAL_DIR) to the folder that holds them." >&2
  exit 1
fi
files=("$SEG/zh.jsonl" "$SEG/hanlp-extra.jsonl" "$SEG/en.jsonl" "$SEG/en-pragmatic-extra.jsonl")
cargo run --release --quiet --example seg_eval -- "$@" "${files[@]}"

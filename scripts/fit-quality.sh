#!/usr/bin/env bash
# Refits the quality model's weights (data/quality-weights.tsv for
# zh→en, data/quality-weights-en-zh.tsv for en→zh) on the training data
# described in examples/fit_quality.rs: MAC-Dev 001–003, Bible verses
# 0–1499 and the MLQE-PE train files in $BITEXT_SHARED (default ../shared). Rebuild afterwards: the weights are embedded at build time.
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
export BITEXT_SHARED=${BITEXT_SHARED:-../shared}
if [ ! -d "$BITEXT_SHARED/eval/mac-dev" ] || [ ! -d "$BITEXT_SHARED/eval/quality" ]; then
  echo "fit-quality.sh: evaluation data not found in $BITEXT_SHARED (expected eval/mac-dev, eval/bible, eval/quality);" >&2
  echo "                set BITEXT_SHARED to the folder that holds them." >&2
  exit 1
fi
cargo run --release --quiet --example fit_quality -- data/quality-weights.tsv data/quality-weights-en-zh.tsv

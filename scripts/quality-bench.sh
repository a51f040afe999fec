#!/usr/bin/env bash
# The quality stage's corruption benchmark and MLQE-PE correlations
# (README "Translation quality", RESULTS.md), then the throughput of
# `bitext score`. Data: $BITEXT_SHARED (default ../shared).
#   scripts/quality-bench.sh            # held-out set: MAC-Dev 004-006, Bible 3000-4499, MLQE-PE dev
#   scripts/quality-bench.sh --set train
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
export BITEXT_SHARED=${BITEXT_SHARED:-../shared}
if [ ! -d "$BITEXT_SHARED/eval/mac-dev" ] || [ ! -d "$BITEXT_SHARED/eval/quality" ]; then
  echo "quality-bench.sh: evaluation data not found in $BITEXT_SHARED (expected eval/mac-dev, eval/bible, eval/quality);" >&2
  echo "                  set BITEXT_SHARED to the folder that holds them." >&2
  exit 1
fi
cargo build --release --quiet --example quality_bench --bin bitext
target/release/examples/quality_bench "$@"
# Throughput of the command: the MLQE-PE DA train file (7,000 en→zh pairs)
# (one run, wall clock, output written to a file).
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cut -f2,3 "$BITEXT_SHARED/eval/quality/mlqepe_da_enzh_train.tsv" | tail -n +2 > "$TMP/enzh.tsv"
n=$(wc -l < "$TMP/enzh.tsv")
start=$(date +%s.%N)
target/release/bitext score --quiet --src-lang en --tgt-lang zh "$TMP/enzh.tsv" > "$TMP/out.jsonl"
end=$(date +%s.%N)
echo
echo "== bitext score throughput"
awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "%d en→zh pairs in %.2f s: %.0f pairs/s\n", n, e - s, n / (e - s) }'

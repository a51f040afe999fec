#!/usr/bin/env bash
# Regenerates data/traditional.tsv (the traditional → simplified fold for
# matching, examples/gen_fold.rs) from CC-CEDICT (default: the copy in
# ../shared; pass another CC-CEDICT file, plain or .gz, as the first argument).
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared/data/cc-cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz}
if [ ! -f "$src" ]; then
  echo "gen-fold.sh: CC-CEDICT file not found: $src" >&2
  exit 1
fi
# The library embeds data/traditional.tsv, so it must exist before the generator builds.
[ -f data/traditional.tsv ] || : > data/traditional.tsv
case "$src" in
  *.gz) zcat "$src" ;;
  *) cat "$src" ;;
esac | cargo run --release --quiet --example gen_fold -- - > data/traditional.tsv.tmp
mv data/traditional.tsv.tmp data/traditional.tsv
wc -l data/traditional.tsv

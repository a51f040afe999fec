#!/usr/bin/env bash
# Regenerates data/lexicon.tsv from CC-CEDICT (default: the copy in ../shared;
# pass another CC-CEDICT file, plain or .gz, as the first argument).
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared/data/cc-cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz}
if [ ! -f "$src" ]; then
  echo "gen-lexicon.sh: CC-CEDICT file not found: $src" >&2
  exit 1
fi
# The library embeds data/lexicon.tsv, so it must exist before the generator builds.
[ -f data/lexicon.tsv ] || : > data/lexicon.tsv
case "$src" in
  *.gz) zcat "$src" ;;
  *) cat "$src" ;;
esac | cargo run --release --quiet --example gen_lexicon -- - > data/lexicon.tsv.tmp
mv data/lexicon.tsv.tmp data/lexicon.tsv
wc -l data/lexicon.tsv

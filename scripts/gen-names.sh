#!/usr/bin/env bash
# Regenerates data/names.tsv (the quality stage's proper-noun table) from
# CC-CEDICT (default: the copy in ../shared; pass another CC-CEDICT file,
# plain or .gz, as the first argument). The aligner's lexicon is untouched.
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared/data/cc-cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz}
if [ ! -f "$src" ]; then
  echo "gen-names.sh: CC-CEDICT file not found: $src" >&2
  exit 1
fi
# The library embeds data/names.tsv, so it must exist before the generator builds.
[ -f data/names.tsv ] || : > data/names.tsv
case "$src" in
  *.gz) zcat "$src" ;;
  *) cat "$src" ;;
esac | cargo run --release --quiet --example gen_names -- - > data/names.tsv.tmp
mv data/names.tsv.tmp data/names.tsv
wc -l data/names.tsv

#!/usr/bin/env bash
# Regenerates data/lexicon.tsv from CC-CEDICT (default: the copy in ../shared;
# pass another CC-CEDICT file, plain or .gz, as the first argument) and
# Princeton WordNet 3.0, which adds near-synonyms and derived forms of
# single-word glosses. WordNet comes from Debian/Ubuntu's package
# `wordnet-base` (`apt-get install wordnet-base`, files in /usr/share/wordnet;
# WORDNET_DIR names another folder with the same index.* and data.* files).
# Only the generator needs WordNet: the library embeds the generated file.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared/data/cc-cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz}
wordnet=${WORDNET_DIR:-/usr/share/wordnet}
if [ ! -f "$src" ]; then
  echo "gen-lexicon.sh: CC-CEDICT file not found: $src" >&2
  exit 1
fi
for f in index.noun index.verb index.adj index.adv data.noun data.verb data.adj data.adv; do
  if [ ! -f "$wordnet/$f" ]; then
    echo "gen-lexicon.sh: WordNet 3.0 not found ($wordnet/$f is missing):" >&2
    echo "  install it with \`apt-get install wordnet-base\` or set WORDNET_DIR" >&2
    exit 1
  fi
done
# The library embeds data/lexicon.tsv, so it must exist before the generator builds.
[ -f data/lexicon.tsv ] || : > data/lexicon.tsv
case "$src" in
  *.gz) zcat "$src" ;;
  *) cat "$src" ;;
esac | cargo run --release --quiet --example gen_lexicon -- - "$wordnet" > data/lexicon.tsv.tmp
mv data/lexicon.tsv.tmp data/lexicon.tsv
wc -l data/lexicon.tsv

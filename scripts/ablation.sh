#!/usr/bin/env bash
# Ablation on MAC-Dev (zh→en, presegmented): strict F1 of the full model and
# with each signal switched off in turn. Data: ../shared/eval or EVAL_DIR.
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
f1() { scripts/eval.sh mac-dev "$@" | awk '$1 == "all" { print $7 }'; }
echo "| configuration | MAC-Dev F1 |"
echo "|---|---|"
echo "| full model | $(f1) |"
for s in length numbers latin punctuation paragraphs lexicon names; do
  echo "| without $s | $(f1 --disable "$s") |"
done
echo "| length and anchors only (no lexicon, no names) | $(f1 --disable lexicon,names) |"

#!/usr/bin/env bash
# Strict F1 and the calibration of bitext's confidences on the evaluation sets
# in ../shared/eval (override with EVAL_DIR): aligns as scripts/eval.sh does,
# but writes JSON Lines (which carry each bead's confidence) and runs
# `bitext eval --calibration`, which prints the reliability table (10 bins:
# count, accuracy, mean confidence) and the expected calibration error. On the
# Bible, beads merged inside one verse take the least confidence of their parts.
# Usage:
#   scripts/calibration.sh            # MAC-Dev (zh→en) and Bible (en→zh, six files)
#   scripts/calibration.sh mac-dev    # only MAC-Dev
#   scripts/calibration.sh bible      # only the Bible
# Extra arguments after the set name are passed to `bitext align`.
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL_SCRIPT=calibration.sh exec scripts/eval.sh --calibration "$@"

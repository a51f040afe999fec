#!/usr/bin/env bash
# CPU-time throughput of the built-in segmentation rules (MB/s of text),
# measured with perf's task-clock so that other processes on a shared machine
# do not inflate it (criterion's `cargo bench --bench segment` reports wall
# time). Uses the bundled sample release (zh and en), segmented ITER times.
#   scripts/seg-speed.sh [ITER]      (default 3000)
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
iters=${1:-3000}
command -v perf >/dev/null || { echo "seg-speed.sh: needs perf (linux-perf)" >&2; exit 1; }
cargo build --release --quiet --example seg_speed
for lang in zh en; do
  file=corpora/release-2021-05-08/$lang.txt
  out=$(perf stat -x, -e task-clock target/release/examples/seg_speed "$lang" "$file" "$iters" 2>&1 >/dev/null | grep task-clock)
  ms=${out%%,*}
  bytes=$(( $(wc -c < "$file") * iters ))
  awk -v l="$lang" -v b="$bytes" -v ms="$ms" 'BEGIN { printf "%s: %d bytes in %.0f ms CPU = %.0f MB/s\n", l, b, ms, b / (ms / 1000) / 1e6 }'
done

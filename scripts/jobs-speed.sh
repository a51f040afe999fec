#!/usr/bin/env bash
# Throughput of the pipeline mode and of batch runs, on the Bible of
# ../shared/eval/bible (override with EVAL_DIR) cut into chapters
# (scripts/bible_chapters.py; 1,040 chapters, written to a temporary
# directory):
#   - `bitext stream` on DOCUMENTS chapters as JSON lines, one process:
#     documents per second;
#   - `bitext batch` on the same chapters as files with --jobs 1 and
#     --jobs 2: documents per second, the speed-up, and that both wrote the
#     same bytes.
#
#   scripts/jobs-speed.sh [DOCUMENTS]    # default 1000
#
# Options for every run: BITEXT_ARGS (default: --presegmented --src-lang en
# --tgt-lang zh). ROUNDS alternating rounds (default 3), the best wall time
# of each configuration (the machine is shared), with the CPU time of that
# run, and load average before and after (other processes on the machine).
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_bible jobs-speed.sh
export EVAL_DIR
docs=${1:-1000}
read -r -a args <<< "${BITEXT_ARGS:---presegmented --src-lang en --tgt-lang zh}"
cargo build --release --quiet
BIN=target/release/bitext
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 scripts/bible_chapters.py "$EVAL_DIR" "$WORK/pairs" --limit "$docs" --jsonl "$WORK/requests.jsonl"
n=$(wc -l < "$WORK/requests.jsonl")
echo "== $n document pairs (Bible chapters), bitext ${args[*]}, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# run LABEL CMD...: runs CMD (stdin and stdout as given) and appends
# "LABEL WALL CPU" (seconds) to $WORK/times.
run() {
  local label=$1
  shift
  python3 -c '
import resource, subprocess, sys, time
times, label, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
t = time.monotonic()
subprocess.run(cmd, check=True)
wall = time.monotonic() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(times, "a") as f:
    print(f"{label} {wall:.2f} {ru.ru_utime + ru.ru_stime:.2f}", file=f)
' "$WORK/times" "$label" "$@"
}

# ROUNDS rounds (default 3), alternating, so that the load of other
# processes on the machine falls on every configuration alike; the best wall
# time counts.
for ((round = 1; round <= ${ROUNDS:-3}; round++)); do
  run stream "$BIN" stream -q "${args[@]}" < "$WORK/requests.jsonl" > "$WORK/stream.jsonl"
  for jobs in 1 2; do
    rm -rf "$WORK/batch-$jobs"
    run "batch-$jobs" "$BIN" batch -q "${args[@]}" --jobs "$jobs" -f jsonl "$WORK/pairs/en" "$WORK/pairs/zh" -o "$WORK/batch-$jobs"
  done
done
errors=$(grep -c '^{"id":[^,]*,"error":' "$WORK/stream.jsonl" || true)
python3 - "$WORK/times" "$n" "$errors" "${ROUNDS:-3}" <<'PY'
import sys
times, n, errors, rounds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
best = {}
for line in open(times):
    label, wall, cpu = line.split()
    if label not in best or float(wall) < best[label][0]:
        best[label] = (float(wall), float(cpu))
for label, what in [("stream", "stream (one process)"), ("batch-1", "batch --jobs 1"), ("batch-2", "batch --jobs 2")]:
    wall, cpu = best[label]
    print(f"{what}: {n} documents in {wall:.1f} s wall ({cpu:.1f} s CPU) = {n / wall:.1f} documents/s")
print(f"stream errors: {errors}")
print(f"speed-up of batch --jobs 2 over --jobs 1: {best['batch-1'][0] / best['batch-2'][0]:.2f}x (wall, best of {rounds} rounds each); CPU time --jobs 2 / --jobs 1: {best['batch-2'][1] / best['batch-1'][1]:.2f}")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if diff -r -q "$WORK/batch-1" "$WORK/batch-2" >/dev/null; then
  echo "batch --jobs 1 and --jobs 2 wrote the same bytes"
else
  echo "batch --jobs 1 and --jobs 2 differ" >&2
  exit 1
fi

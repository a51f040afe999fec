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
# --tgt-lang zh). Wall times, measured in one run on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL_DIR=${EVAL_DIR:-../shared/eval}
if [ ! -f "$EVAL_DIR/bible/en/006.en" ] || [ ! -f "$EVAL_DIR/bible/en.verse" ]; then
  echo "jobs-speed.sh: Bible data not found in $EVAL_DIR/bible (expected en/006.en, zh/006.zh, en.verse, zh.verse);" >&2
  echo "               set EVAL_DIR to the folder that holds bible/." >&2
  exit 1
fi
docs=${1:-1000}
read -r -a args <<< "${BITEXT_ARGS:---presegmented --src-lang en --tgt-lang zh}"
cargo build --release --quiet
BIN=target/release/bitext
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 scripts/bible_chapters.py "$EVAL_DIR" "$WORK/pairs" --limit "$docs" --jsonl "$WORK/requests.jsonl"
n=$(wc -l < "$WORK/requests.jsonl")
echo "== $n document pairs (Bible chapters), bitext ${args[*]}, $(nproc) cores"

secs() { python3 -c 'import sys,time; print(f"{time.time()-float(sys.argv[1]):.2f}")' "$1"; }
rate() { python3 -c 'import sys; print(f"{float(sys.argv[1])/float(sys.argv[2]):.1f}")' "$1" "$2"; }

t=$(date +%s.%N)
"$BIN" stream -q "${args[@]}" < "$WORK/requests.jsonl" > "$WORK/stream.jsonl"
s=$(secs "$t")
errors=$(grep -c '"error"' "$WORK/stream.jsonl" || true)
echo "stream (one process): $n documents in $s s = $(rate "$n" "$s") documents/s ($errors errors)"

declare -A took
for jobs in 1 2; do
  t=$(date +%s.%N)
  "$BIN" batch -q "${args[@]}" --jobs "$jobs" -f jsonl "$WORK/pairs/en" "$WORK/pairs/zh" -o "$WORK/batch-$jobs"
  took[$jobs]=$(secs "$t")
  echo "batch --jobs $jobs: $n documents in ${took[$jobs]} s = $(rate "$n" "${took[$jobs]}") documents/s"
done
echo "speed-up --jobs 2 / --jobs 1: $(rate "${took[1]}" "${took[2]}")×"
if diff -r -q "$WORK/batch-1" "$WORK/batch-2" >/dev/null; then
  echo "batch --jobs 1 and --jobs 2 wrote the same bytes"
else
  echo "batch --jobs 1 and --jobs 2 differ" >&2
  exit 1
fi

#!/usr/bin/env bash
# Speed and memory of `bitext align` on Bible 001…006 (5,000 to 30,000
# English verses with their Chinese sentences), in one run: for each file
# the wall time and peak RSS (GNU time) of
#   bitext align --presegmented --format beads --src-lang en --tgt-lang zh
# with the full model (default) and then the core model, the verse-level
# F1 of each file and of all six (`bitext eval --verses`, as scripts/eval.sh
# scores the Bible), the ratio time(006) / time(001), and the start-up cost
# on a one-sentence pair.
#
# Usage: scripts/speed.sh [--no-core]
#   --no-core   only the full model (the core model's table takes a while)
# Data: ../shared/eval/bible beside the repository, or EVAL_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
models=(full core)
for arg in "$@"; do
  case $arg in
    --no-core) models=(full) ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "speed.sh: unknown argument '$arg' (usage: scripts/speed.sh [--no-core])" >&2; exit 1 ;;
  esac
done
EVAL_DIR=${EVAL_DIR:-../shared/eval}
FILES=(001 002 003 004 005 006)
BIBLE=$EVAL_DIR/bible
need=("$BIBLE/en.verse" "$BIBLE/zh.verse")
for n in "${FILES[@]}"; do
  need+=("$BIBLE/en/$n.en" "$BIBLE/zh/$n.zh" "$BIBLE/gold/$n.align")
done
for f in "${need[@]}"; do
  if [ ! -f "$f" ]; then
    echo "speed.sh: $f not found: the Bible evaluation set is expected in $BIBLE" >&2
    echo "          (en/, zh/, gold/, en.verse, zh.verse); set EVAL_DIR to the folder that holds bible/." >&2
    exit 1
  fi
done
if [ ! -x /usr/bin/time ]; then
  echo "speed.sh: needs GNU time (/usr/bin/time; Debian package 'time')" >&2
  exit 1
fi
cargo build --release --quiet
BIN=target/release/bitext
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '你好。\n' > "$tmp/zh.txt"
printf 'Hello.\n' > "$tmp/en.txt"
echo "bitext $(git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
for model in "${models[@]}"; do
  mkdir -p "$tmp/$model"
  : > "$tmp/$model.times"
  for n in "${FILES[@]}"; do
    /usr/bin/time -f "%e %M" -o "$tmp/time" \
      "$BIN" align -q --model "$model" --presegmented --format beads --src-lang en --tgt-lang zh \
      "$BIBLE/en/$n.en" "$BIBLE/zh/$n.zh" -o "$tmp/$model/$n.align"
    read -r secs kb < "$tmp/time"
    echo "$n $(grep -c . "$BIBLE/en/$n.en") $(grep -c . "$BIBLE/zh/$n.zh") $secs $kb" >> "$tmp/$model.times"
  done
  "$BIN" eval --json --per-doc --gold "$BIBLE/gold" --auto "$tmp/$model" \
    --verses "$BIBLE/en.verse" "$BIBLE/zh.verse" > "$tmp/$model.eval.json"
  /usr/bin/time -f "%e %M" -o "$tmp/time" \
    "$BIN" align -q --model "$model" --format beads "$tmp/zh.txt" "$tmp/en.txt" -o "$tmp/one.align" --force
  read -r one_secs one_kb < "$tmp/time"
  python3 - "$model" "$tmp/$model.times" "$tmp/$model.eval.json" "$one_secs" "$one_kb" <<'PY'
import json, sys
model, times, scores, one_secs, one_kb = sys.argv[1:]
rows = [line.split() for line in open(times)]
ev = json.load(open(scores))
f1 = {d["doc"].removesuffix(".align"): d["f1"] for d in ev["docs"]}
print(f"\n== Bible 001–006, --model {model} (en→zh, --presegmented, --format beads)")
print(f"{'file':<5} {'en verses':>9} {'zh sentences':>12} {'wall':>9} {'peak RSS':>10} {'verse F1':>9}")
for n, en, zh, secs, kb in rows:
    print(f"{n:<5} {int(en):>9,} {int(zh):>12,} {float(secs):>7.2f} s {int(kb)/1024:>7.0f} MiB {f1[n]:>9.4f}")
total = sum(float(r[3]) for r in rows)
peak = max(int(r[4]) for r in rows)
print(f"{'all':<5} {'':>9} {'':>12} {total:>7.2f} s {peak/1024:>7.0f} MiB {ev['f1']:>9.4f}  (sum of times, largest peak; F1 micro-averaged)")
t1, t6 = float(rows[0][3]), float(rows[-1][3])
ratio = f"{t6 / t1:.1f}" if t1 > 0 else "n/a (time(001) rounds to 0)"
print(f"time(006) / time(001): {ratio}   (text: {int(rows[-1][1]) / int(rows[0][1]):.0f}× the verses)")
print(f"start-up, one-sentence pair, --model {model}: {float(one_secs):.2f} s, {int(one_kb)/1024:.1f} MiB peak")
PY
done
echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"

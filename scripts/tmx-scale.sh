#!/usr/bin/env bash
# Measures reading and writing a large TMX: peak memory (RSS) and throughput.
# Generates a synthetic memory of N translation units (default 200000) from the
# sample release's sentences (each unit numbered so that none is a duplicate),
# then times `bitext convert` TMX → TMX, TMX → TSV and TMX → TMX --dedupe, and
# `bitext audit` of the memory (scoring every unit, with a JSON report).
# Usage: scripts/tmx-scale.sh [N]
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200000}
cargo build --release --quiet
BIN=target/release/bitext
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$BIN" align -q --format tsv corpora/release-2021-05-08/zh.txt corpora/release-2021-05-08/en.txt -o "$WORK/sample.tsv"
python3 - "$WORK/sample.tsv" "$N" > "$WORK/big.tsv" <<'PY'
import sys
pairs = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
for k in range(int(sys.argv[2])):
    zh, en = pairs[k % len(pairs)].split("\t")[:2]  # align TSV: source, target, score, flags
    print(f"{zh}（{k}）\t{en} ({k})")
PY
"$BIN" convert -q --creation-date 20210508T000000Z --src-lang zh-CN --tgt-lang en-US "$WORK/big.tsv" "$WORK/big.tmx"
size=$(stat -c %s "$WORK/big.tmx")
echo "input: $N units, $((size / 1000000)) MB of TMX"
measure() {
  local label=$1; shift
  local cmd=convert
  if [ "$1" = audit ]; then cmd=audit; shift; fi
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" $cmd -q "$@" > "$WORK/stdout"
  read -r secs kb < "$WORK/time"
  python3 -c "import sys; s=float(sys.argv[2]); print(f'{sys.argv[1]:<28} {s:6.2f} s  {int(sys.argv[3])/1024:7.1f} MB peak RSS  {int(sys.argv[4])/1e6/max(s,0.01):6.1f} MB/s')" \
    "$label" "$secs" "$kb" "$size"
}
measure "TMX → TMX" "$WORK/big.tmx" "$WORK/out.tmx"
measure "TMX → TSV" "$WORK/big.tmx" "$WORK/out.tsv"
measure "TMX → TMX --dedupe" --dedupe "$WORK/big.tmx" "$WORK/dedup.tmx" --force
cmp -s "$WORK/big.tmx" "$WORK/out.tmx" && echo "TMX → TMX output is byte-identical to its input"
measure "audit (JSON report)" audit "$WORK/big.tmx" --report "$WORK/audit.json" --worst 3
sed -n '1,6p' "$WORK/stdout"

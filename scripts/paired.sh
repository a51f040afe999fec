#!/usr/bin/env bash
# Two bitext binaries compared on Bible 006 (30,000 English verses, en→zh,
# --presegmented), run in turn ROUNDS times: A, B, A, B, … For each round
# the ratio B/A of wall time, user CPU, system CPU and peak RSS (GNU time),
# then the median ratio and its quartiles, and each binary's medians.
# The host's speed drifts within minutes; alternating the two and taking
# the median of per-round ratios cancels most of that drift, which
# separate runs do not. Both binaries' outputs must be the same bytes
# (checked at the end; a difference is reported and the exit status is 1).
#
# Usage: scripts/paired.sh beads|tmx ROUNDS BINARY_A BINARY_B
#   beads   --format beads (the aligner alone)
#   tmx     --format tmx (the default output: alignment, quality, TMX)
# Example: scripts/paired.sh beads 12 /tmp/bitext-before target/release/bitext
# Data: ../shared/eval/bible beside the repository, or EVAL_DIR.
set -euo pipefail
usage="usage: scripts/paired.sh beads|tmx ROUNDS BINARY_A BINARY_B"
case ${1:-} in -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
[ $# -eq 4 ] || { echo "paired.sh: $usage" >&2; exit 1; }
mode=$1; rounds=$2; a=$3; b=$4
case $mode in
  beads) format=beads ;;
  tmx) format=tmx ;;
  *) echo "paired.sh: unknown mode '$mode' ($usage)" >&2; exit 1 ;;
esac
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "paired.sh: ROUNDS must be a positive number, not '$rounds'" >&2; exit 1; }
for bin in "$a" "$b"; do
  [ -x "$bin" ] || { echo "paired.sh: $bin is not an executable" >&2; exit 1; }
done
TIME=/usr/bin/time
[ -x $TIME ] || { echo "paired.sh: GNU time ($TIME) is needed (apt-get install time)" >&2; exit 1; }
EVAL_DIR=${EVAL_DIR:-$(dirname "$0")/../../shared/eval}
src=$EVAL_DIR/bible/en/006.en; tgt=$EVAL_DIR/bible/zh/006.zh
for f in "$src" "$tgt"; do
  [ -f "$f" ] || { echo "paired.sh: $f not found: the Bible pair lives in ../shared/eval/bible (or set EVAL_DIR)" >&2; exit 1; }
done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for r in $(seq "$rounds"); do
  for who in A B; do
    bin=$a; [ $who = B ] && bin=$b
    SOURCE_DATE_EPOCH=1000000000 $TIME -f "$r $who %e %U %S %M" -a -o "$work/times" \
      "$bin" align -q --force --presegmented --format $format --src-lang en --tgt-lang zh \
      "$src" "$tgt" -o "$work/out-$who.$format"
  done
done
python3 - "$work/times" <<'PY'
import statistics as st, sys
rows = {}
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 6:
        rows.setdefault(p[0], {})[p[1]] = [float(x) for x in p[2:]]
pairs = [v for v in rows.values() if "A" in v and "B" in v]
for i, name in enumerate(["wall", "user", "sys", "peak"]):
    r = sorted(v["B"][i] / v["A"][i] if v["A"][i] else 1.0 for v in pairs)
    print(f"{name:5s} B/A median {st.median(r):.3f}  quartiles {r[len(r)//4]:.3f}–{r[3*len(r)//4]:.3f}  ({len(r)} rounds)")
for who in "AB":
    w = [v[who][0] for v in pairs]; u = [v[who][1] for v in pairs]; m = [v[who][3] for v in pairs]
    print(f"{who}: wall median {st.median(w):.2f} s, user {st.median(u):.2f} s, peak {int(min(m)):,}–{int(max(m)):,} KiB")
PY
if ! cmp -s "$work/out-A.$format" "$work/out-B.$format"; then
  echo "paired.sh: the two binaries wrote different output" >&2
  exit 1
fi

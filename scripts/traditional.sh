#!/usr/bin/env bash
# bitext on traditional Chinese: converts the Chinese side of the evaluation
# sets (MAC-Dev, the Bible) and of corpora/release-2021-05-08 to traditional
# characters with CC-CEDICT (examples/to_traditional.rs), into a temporary
# folder (never into ../shared), then measures there what the simplified text
# measures. Usage:
#   scripts/traditional.sh eval    # alignment F1 (scripts/eval.sh all) on the converted sets
#   scripts/traditional.sh bench   # the quality benchmark (quality_bench) on the converted sets
#   scripts/traditional.sh audit   # bitext audit of the sample release, simplified vs traditional
#   scripts/traditional.sh all     # the three
# TRAD_DIR=DIR keeps the converted tree in DIR. Data: $BITEXT_SHARED
# (default ../shared). MLQE-PE (en→zh) is linked, not converted.
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${BITEXT_SHARED:-../shared}
what=${1:-all}
cedict=$SHARED/data/cc-cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz
if [ ! -f "$cedict" ] || [ ! -d "$SHARED/eval/mac-dev" ] || [ ! -d "$SHARED/eval/bible" ]; then
  echo "traditional.sh: data not found in $SHARED (expected data/cc-cedict/, eval/mac-dev, eval/bible);" >&2
  echo "                set BITEXT_SHARED to the folder that holds them." >&2
  exit 1
fi
SHARED=$(cd "$SHARED" && pwd)
if [ -n "${TRAD_DIR:-}" ]; then
  OUT=$TRAD_DIR
  mkdir -p "$OUT"
else
  OUT=$(mktemp -d)
  trap 'rm -rf "$OUT"' EXIT
fi
OUT=$(cd "$OUT" && pwd)
cargo build --release --quiet --example to_traditional --example quality_bench --bin bitext
BIN=target/release/bitext
zcat "$cedict" > "$OUT/cedict.txt"
conv() { target/release/examples/to_traditional "$OUT/cedict.txt" < "$1" > "$2"; }

# The converted tree: zh/ converted, everything else linked.
for set in mac-dev bible; do
  mkdir -p "$OUT/shared/eval/$set/zh"
  for f in "$SHARED/eval/$set"/*; do
    [ "$(basename "$f")" = zh ] || ln -sfn "$f" "$OUT/shared/eval/$set/"
  done
  for f in "$SHARED/eval/$set"/zh/*.zh; do
    conv "$f" "$OUT/shared/eval/$set/zh/$(basename "$f")"
  done
done
ln -sfn "$SHARED/eval/quality" "$OUT/shared/eval/"
mkdir -p "$OUT/release"
conv corpora/release-2021-05-08/zh.txt "$OUT/release/zh.txt"
chars=$(cat "$SHARED"/eval/{mac-dev,bible}/zh/*.zh | wc -m)
bytes=$(cmp -l <(cat "$SHARED"/eval/{mac-dev,bible}/zh/*.zh) <(cat "$OUT"/shared/eval/{mac-dev,bible}/zh/*.zh) | wc -l || true)
echo "converted $(ls "$OUT"/shared/eval/*/zh/*.zh | wc -l) files to $OUT/shared/eval ($chars characters; $bytes bytes differ)"

if [ "$what" = all ] || [ "$what" = eval ]; then
  echo "=== alignment F1, traditional"
  EVAL_DIR=$OUT/shared/eval scripts/eval.sh all
fi
if [ "$what" = all ] || [ "$what" = bench ]; then
  echo "=== quality benchmark, traditional"
  BITEXT_SHARED=$OUT/shared target/release/examples/quality_bench
fi
if [ "$what" = all ] || [ "$what" = audit ]; then
  echo "=== bitext audit of corpora/release-2021-05-08, simplified vs traditional"
  "$BIN" audit --quiet corpora/release-2021-05-08/zh.txt corpora/release-2021-05-08/en.txt \
    --report "$OUT/simplified.json" > "$OUT/simplified.txt" || true
  "$BIN" audit --quiet "$OUT/release/zh.txt" corpora/release-2021-05-08/en.txt \
    --report "$OUT/traditional.json" > "$OUT/traditional.txt" || true
  python3 - "$OUT/simplified.json" "$OUT/traditional.json" <<'EOF'
import json, sys
def flags(path):
    r = json.load(open(path))
    out = []
    for k, s in enumerate(r["segments"]):
        for f in s.get("flags", []):
            spans = [(p["side"], p["start"], p["end"]) for p in f.get("spans", [])]
            out.append((k, f["kind"], f["severity"], tuple(spans)))
    return r, out
rs, s = flags(sys.argv[1])
rt, t = flags(sys.argv[2])
print(f"simplified: {len(s)} flags, document score {rs.get('document_score')}")
print(f"traditional: {len(t)} flags, document score {rt.get('document_score')}")
for x in sorted(set(s) - set(t)):
    print("  only simplified:", x)
for x in sorted(set(t) - set(s)):
    print("  only traditional:", x)
print("flags identical (segment, kind, severity, spans):", s == t)
EOF
fi

#!/usr/bin/env bash
# Apache Spark runs `bitext stream` unchanged: builds document pairs from the
# Bible chapters of ../shared/eval/bible (override with EVAL_DIR), pipes them
# through the release binary with pyspark's RDD.pipe in local mode, and
# checks every result against a direct `bitext align --format jsonl` of the
# same pair (scripts/spark_stream.py). Prints the documents, the mismatches
# (must be 0; the exit status is 1 otherwise) and documents per second.
#
#   scripts/spark-stream.sh [DOCUMENTS]      # default 300 chapters
#
# Needs pyspark (pip install pyspark==4.3.0) and Java 17 (JAVA_HOME is found
# from `java` on the PATH when unset). Extra options for both runs:
# BITEXT_ARGS (default: --presegmented --src-lang en --tgt-lang zh).
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_bible spark-stream.sh
export EVAL_DIR
if ! python3 -c 'import pyspark' 2>/dev/null; then
  echo "spark-stream.sh: pyspark is not installed (pip install pyspark==4.3.0)" >&2
  exit 1
fi
if ! command -v java >/dev/null 2>&1; then
  echo "spark-stream.sh: java not found; Spark needs Java 17 (apt-get install openjdk-17-jre-headless)" >&2
  exit 1
fi
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  export JAVA_HOME
fi
# Local mode: no need to look for a network interface.
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
docs=${1:-300}
read -r -a args <<< "${BITEXT_ARGS:---presegmented --src-lang en --tgt-lang zh}"
cargo build --release --quiet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 scripts/bible_chapters.py "$EVAL_DIR" "$WORK/pairs" --limit "$docs" --jsonl "$WORK/requests.jsonl"
python3 scripts/spark_stream.py target/release/bitext "$WORK/requests.jsonl" "$WORK/pairs" -- "${args[@]}"

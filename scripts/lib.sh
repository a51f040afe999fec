# Shared by the evaluation scripts: source it from the repository root
# (`. scripts/lib.sh`).

# require_eval_sets NAME: sets EVAL_DIR (default ../shared/eval) and exits
# with a message naming the script NAME when mac-dev/ or bible/ is not in it.
require_eval_sets() {
  EVAL_DIR=${EVAL_DIR:-../shared/eval}
  if [ ! -d "$EVAL_DIR/mac-dev" ] || [ ! -d "$EVAL_DIR/bible" ]; then
    echo "$1: evaluation data not found in $EVAL_DIR (expected mac-dev/ and bible/);" >&2
    echo "${1//?/ }  set EVAL_DIR to the folder that holds them." >&2
    exit 1
  fi
}

# require_bible NAME: sets EVAL_DIR (default ../shared/eval) and exits with a
# message naming the script NAME when the Bible files the job scripts cut
# into chapters are not in it.
require_bible() {
  EVAL_DIR=${EVAL_DIR:-../shared/eval}
  if [ ! -f "$EVAL_DIR/bible/en/006.en" ] || [ ! -f "$EVAL_DIR/bible/en.verse" ]; then
    echo "$1: Bible data not found in $EVAL_DIR/bible (expected en/006.en, zh/006.zh, en.verse, zh.verse);" >&2
    echo "${1//?/ }  set EVAL_DIR to the folder that holds bible/." >&2
    exit 1
  fi
}

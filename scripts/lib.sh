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

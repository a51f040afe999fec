#!/usr/bin/env bash
# Fuzz bitext with cargo-fuzz (libFuzzer), one target after another: every
# parser and reader of user input has one (fuzz/fuzz_targets/: the TMX reader,
# text decoding and encoding detection plus segmentation, alignment, the
# TSV/JSON Lines record reader, the HTML report's span highlighting, SRX
# rule files, the quality stage on pairs, glossaries, the bead lists `bitext eval` reads,
# batch manifests, `bitext stream` JSON lines, user lexicons (`--lexicon`), ...).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Runs each target (default: every file of fuzz/fuzz_targets/) for SECONDS
# (default 600), one after
# another, never in parallel: libFuzzer runs one process with one thread.
# Prints the executions, exec/s, coverage and crashes of each.
#
# Environment:
#   FUZZ_KEEP_GOING=1  libFuzzer fork mode (-fork=1, one child at a time) with
#                      -ignore_crashes: keeps fuzzing after a crash instead of
#                      stopping at the first, so a known bug does not end the run.
#   FUZZ_SANITIZER     cargo fuzz -s value (default: address; "none" is faster).
#   FUZZ_ARGS          extra libFuzzer arguments.
#
# Runs on a stable toolchain: cargo-fuzz needs -Z flags, which
# RUSTC_BOOTSTRAP=1 unlocks. The fuzz crate (fuzz/) has its own workspace and
# builds into fuzz/target. Inputs found are added to fuzz/corpus/<target>/
# (git-ignored except the seed-* files); crashes go to fuzz/artifacts/<target>/.
# Save a crash under tests/fixtures/fuzz/<target>/ and
# `cargo test --test fuzz_regressions` replays it.
case "${1:-}" in -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;; esac
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in fuzz/fuzz_targets/*.rs; do targets+=("$(basename "$f" .rs)"); done
fi
sanitizer=${FUZZ_SANITIZER:-address}
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

max_len() {
    case $1 in
        tmx_read) echo 8192 ;;
        decode_segment) echo 4096 ;;
        decode_detect) echo 4096 ;;
        align_texts) echo 2048 ;;
        srx_parse) echo 8192 ;;
        stream_lines) echo 8192 ;;
        *) echo 4096 ;;
    esac
}

logdir=fuzz/target/logs
mkdir -p "$logdir"
summary=()
for target in "${targets[@]}"; do
    echo "=== $target: ${seconds}s (sanitizer: $sanitizer)" >&2
    cargo fuzz build -s "$sanitizer" "$target"
    log=$logdir/$target.log
    mode=()
    [ -f "fuzz/$target.dict" ] && mode+=(-dict="$PWD/fuzz/$target.dict")
    if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
        mode+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    fi
    set +e
    # shellcheck disable=SC2086
    cargo fuzz run -s "$sanitizer" "$target" -- \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" \
        -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        "${mode[@]}" ${FUZZ_ARGS:-} 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    set -e
    # Plain mode: "Done N runs in S second(s)" and the final stats.
    # Fork mode: the last "#N: cov: ... exec/s ... crash: ..." line.
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || true)
    if [ -z "$runs" ]; then
        runs=$(grep -oE '^#[0-9]+: cov' "$log" | tail -1 | grep -oE '[0-9]+' || true)
    fi
    speed=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || true)
    if [ -z "$speed" ]; then
        # Fork mode prints the last job's exec/s; average over the whole run.
        took=$(grep -oE 'time: [0-9]+s' "$log" | tail -1 | grep -oE '[0-9]+' || true)
        [ -n "$runs" ] && [ -n "$took" ] && [ "$took" -gt 0 ] && speed=$((runs / took))
    fi
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
    crashes=$(find "fuzz/artifacts/$target" -type f 2>/dev/null | wc -l)
    line="$target: executions=${runs:-?} exec/s=${speed:-?} cov=${cov:-?} exit=$status artifacts=$crashes (log: $log)"
    echo "$line" >&2
    summary+=("$line")
done
echo
echo "=== summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"

#!/usr/bin/env python3
"""The Apache Spark proof of `bitext stream` (run by scripts/spark-stream.sh).

    spark_stream.py BIN REQUESTS.jsonl PAIRS_DIR [--partitions N] [-- STREAM_ARGS...]

Pipes every line of REQUESTS.jsonl ({"id", "src", "tgt"}) through
`BIN stream STREAM_ARGS` with pyspark's RDD.pipe in local mode, then aligns
every pair directly with `BIN align STREAM_ARGS --format jsonl
PAIRS_DIR/en/ID.en PAIRS_DIR/zh/ID.zh` and checks that each Spark result
holds exactly the records of the direct run, in the input's order. Prints
the documents, the mismatches (exit 1 unless 0) and the documents per
second of the Spark stage.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import time


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("requests")
    ap.add_argument("pairs_dir")
    ap.add_argument("--partitions", type=int, default=4)
    a = ap.parse_args(argv)
    binary = os.path.abspath(a.bin)

    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("bitext-stream")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    with open(a.requests, encoding="utf-8") as f:
        requests = [line.rstrip("\n") for line in f if line.strip()]
    rdd = spark.sparkContext.parallelize(requests, a.partitions)
    command = [binary, "stream", "-q"] + extra
    start = time.monotonic()
    # A full path (pipe gives the command an empty environment) and the exit
    # status checked (else a failing bitext gives an empty, "successful" job).
    answers = rdd.pipe(" ".join(command), checkCode=True).collect()
    spark_secs = time.monotonic() - start
    spark.stop()
    print(f"spark: {len(requests)} documents through `{' '.join(['bitext', 'stream', '-q'] + extra)}` "
          f"in {spark_secs:.1f} s ({len(requests) / spark_secs:.1f} documents/s, local[2], "
          f"{a.partitions} partitions)")

    def direct(request):
        doc = request["id"]
        out = subprocess.run(
            [binary, "align", "-q", "--format", "jsonl"] + extra
            + [os.path.join(a.pairs_dir, "en", doc + ".en"),
               os.path.join(a.pairs_dir, "zh", doc + ".zh")],
            capture_output=True, check=True, text=True)
        return [json.loads(line) for line in out.stdout.splitlines()]

    parsed = [json.loads(r) for r in requests]
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        expected = list(pool.map(direct, parsed))
    direct_secs = time.monotonic() - start

    mismatches = 0
    if len(answers) != len(requests):
        print(f"spark returned {len(answers)} lines for {len(requests)} documents")
        mismatches += abs(len(answers) - len(requests))
    for request, answer, records in zip(parsed, answers, expected):
        got = json.loads(answer)
        if got.get("id") != request["id"]:
            mismatches += 1
            print(f"{request['id']}: answer for {got.get('id')!r} out of order")
        elif "error" in got:
            mismatches += 1
            print(f"{request['id']}: {got['error']}")
        elif got["pairs"] != records or got["beads"] != len(records):
            mismatches += 1
            print(f"{request['id']}: {len(got['pairs'])} pairs from Spark, "
                  f"{len(records)} from bitext align; they differ")
    print(f"direct: {len(parsed)} x `bitext align --format jsonl` in {direct_secs:.1f} s")
    print(f"documents: {len(requests)}, mismatches: {mismatches}")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()

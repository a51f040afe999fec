#!/usr/bin/env python3
"""Measures the relatedness judgement (`Alignment::relatedness`) on short
faithful documents and on unrelated pairs, with `bitext stream --presegmented`.

    scripts/relatedness.py [--bitext BIN] [--eval DIR] [--limit N] [--list SET]

Sets (each chapter sent as its own document, Chinese as the source):
  faithful   every chapter of Bible 006 (verse ids in DIR/bible/*.verse)
  shifted    each Bible chapter's Chinese against the English of another
             chapter of similar length (the next one in length order,
             never the same chapter)
  crossed    Bible chapters crossed: chapter k's Chinese against chapter
             k + N/2's English (N the chapters taken)
  mac-dev    MAC-Dev's six chapters crossed (6 x 5 = 30 pairs)
Prints for each set how many documents were judged related (>= 0.5), the
count below 0.5 and below 0.01, and the lowest / highest relatedness.
Needs the evaluation data (../shared/eval, see ../shared/eval/README.md)
and a release build (target/release/bitext).
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bible_chapters import chapters  # noqa: E402  (one chapter reader for both scripts)


def run(bitext, requests):
    """The relatedness of each request, by id."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in requests)
    p = subprocess.run(
        [bitext, "stream", "-q", "--presegmented"],
        input=text.encode(),
        capture_output=True,
    )
    if p.returncode != 0:
        sys.exit(f"{bitext} stream failed ({p.returncode}): {p.stderr.decode()[:500]}")
    out = {}
    for line in p.stdout.decode().splitlines():
        r = json.loads(line)
        if "error" in r:
            sys.exit(f"{bitext} stream could not align {r['id']}: {r['error']}")
        out[r["id"]] = r["relatedness"]
    if len(out) != len(requests):
        sys.exit(f"{len(requests)} requests, {len(out)} answers")
    return out


def report(name, values, related_expected):
    vals = sorted(values.values())
    below = sum(v < 0.5 for v in vals)
    tiny = sum(v < 0.01 for v in vals)
    wrong = below if related_expected else len(vals) - below
    kind = "judged unrelated" if related_expected else "judged related"
    print(
        f"{name:10} {len(vals):5} documents  {kind} (wrong): {wrong:4}"
        f"  < 0.5: {below:4}  < 0.01: {tiny:4}  min {vals[0]:.4f}  max {vals[-1]:.4f}"
    )
    return wrong


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bitext", default=os.path.join(root, "target", "release", "bitext"))
    ap.add_argument("--eval", default=os.path.join(root, "..", "shared", "eval"))
    ap.add_argument("--limit", type=int, default=None, help="the first N Bible chapters (default all; at least 2)")
    ap.add_argument("--list", metavar="SET", help="print the faithful (or shifted, crossed) chapters judged wrong")
    a = ap.parse_args()
    bible = os.path.join(a.eval, "bible")
    mac = os.path.join(a.eval, "mac-dev")
    for need in (os.path.join(bible, "en", "006.en"), os.path.join(mac, "zh", "001.zh")):
        if not os.path.exists(need):
            sys.exit(f"{need} is missing: the evaluation data (../shared/eval) is needed")
    if not os.access(a.bitext, os.X_OK):
        sys.exit(f"{a.bitext}: no binary (cargo build --release)")
    en = chapters(os.path.join(bible, "en", "006.en"), os.path.join(bible, "en.verse"))
    zh = chapters(os.path.join(bible, "zh", "006.zh"), os.path.join(bible, "zh.verse"))
    if [c for c, _ in en] != [c for c, _ in zh]:
        sys.exit("the English and Chinese chapters differ")
    if a.limit is not None and a.limit < 2:
        ap.error("--limit needs at least 2 chapters: the unrelated sets pair a chapter with another")
    pairs = list(zip(en, zh))[: a.limit]
    n = len(pairs)
    text = lambda lines: "\n".join(lines) + "\n"
    faithful = [
        {"id": f"{k:04d}", "src": text(z), "tgt": text(e)} for k, ((_, e), (_, z)) in enumerate(pairs)
    ]
    order = sorted(range(n), key=lambda k: (len(pairs[k][0][1]), k))
    shifted = []
    for r, k in enumerate(order):
        other = order[r + 1] if r + 1 < n else order[r - 1]
        shifted.append({"id": f"{k:04d}", "src": text(pairs[k][1][1]), "tgt": text(pairs[other][0][1])})
    crossed = [
        {"id": f"{k:04d}", "src": text(pairs[k][1][1]), "tgt": text(pairs[(k + n // 2) % n][0][1])}
        for k in range(n)
    ]
    read = lambda p: open(p, encoding="utf-8").read()
    macs = [f"{k:03d}" for k in range(1, 7)]
    mac_pairs = [
        {"id": f"{z}x{e}", "src": read(os.path.join(mac, "zh", z + ".zh")), "tgt": read(os.path.join(mac, "en", e + ".en"))}
        for z in macs
        for e in macs
        if z != e
    ]
    sets = [("faithful", faithful, True), ("shifted", shifted, False), ("crossed", crossed, False), ("mac-dev", mac_pairs, False)]
    for name, reqs, related in sets:
        values = run(a.bitext, reqs)
        report(name, values, related)
        if a.list == name:
            for k, v in sorted(values.items()):
                if (v < 0.5) == related:
                    c = pairs[int(k)][0][0] if name != "mac-dev" else k
                    print(f"  {k} {c} {v:.4f}")


if __name__ == "__main__":
    main()

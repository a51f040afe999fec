#!/usr/bin/env python3
"""Cuts the Bible pair of the evaluation data into chapters: document pairs
for `bitext batch`, `bitext stream` and the Spark job (scripts/spark-stream.sh,
scripts/jobs-speed.sh). Nothing of it is committed; it is written to OUT.

    bible_chapters.py EVAL_DIR OUT [--limit N] [--jsonl FILE]

Reads EVAL_DIR/bible/en/006.en and zh/006.zh (one sentence a line) with
en.verse and zh.verse (the verse of each line, `Book:chapter:verse`) and
writes OUT/en/NNNN.en and OUT/zh/NNNN.zh, one file a chapter, the first N
chapters (default all 1,040). With --jsonl, also one `bitext stream` request
a chapter: {"id": "NNNN", "src": English text, "tgt": Chinese text}.
"""
import argparse
import json
import os
import sys


def chapters(text_path, verse_path):
    with open(text_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    with open(verse_path, encoding="utf-8") as f:
        verses = f.read().split("\n")
    if len(verses) < len(lines):
        sys.exit(f"{verse_path}: {len(verses)} lines for the {len(lines)} of {text_path}")
    out = []
    last = None
    for line, verse in zip(lines, verses):
        chapter = verse.rsplit(":", 1)[0]
        if chapter != last:
            out.append((chapter, []))
            last = chapter
        out[-1][1].append(line)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("eval_dir")
    ap.add_argument("out")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--jsonl")
    a = ap.parse_args()
    bible = os.path.join(a.eval_dir, "bible")
    en = chapters(os.path.join(bible, "en", "006.en"), os.path.join(bible, "en.verse"))
    zh = chapters(os.path.join(bible, "zh", "006.zh"), os.path.join(bible, "zh.verse"))
    if [c for c, _ in en] != [c for c, _ in zh]:
        sys.exit("the English and Chinese chapters differ")
    pairs = list(zip(en, zh))[: a.limit]
    os.makedirs(os.path.join(a.out, "en"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "zh"), exist_ok=True)
    requests = []
    for k, ((chapter, en_lines), (_, zh_lines)) in enumerate(pairs):
        name = f"{k + 1:04d}"
        en_text = "\n".join(en_lines) + "\n"
        zh_text = "\n".join(zh_lines) + "\n"
        with open(os.path.join(a.out, "en", name + ".en"), "w", encoding="utf-8") as f:
            f.write(en_text)
        with open(os.path.join(a.out, "zh", name + ".zh"), "w", encoding="utf-8") as f:
            f.write(zh_text)
        requests.append({"id": name, "src": en_text, "tgt": zh_text})
    if a.jsonl:
        with open(a.jsonl, "w", encoding="utf-8") as f:
            for r in requests:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(pairs)} chapters written to {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Issue 8's new-user trials on the sample release, repeated with the
release binary and the default options (scripts/trials.sh runs it).

Each trial changes the segmented sample (bitext segment), aligns the
changed texts with `bitext align --presegmented --format jsonl`, and prints
the beads that hold a planted or deleted sentence's neighbours, with their
confidence and flags, and whether every other bead is as in the unmodified
alignment (sentence numbers mapped across the change):

1. English sentence 28 deleted (its gold bead is [21]:[28]): filed as
   [21,22]:[28,29] at confidence 0.96.
2. The sample's 50 single deletions (every Chinese sentence and 25 English
   ones, one at a time): how many come out as an empty-side bead, and how
   many more are flagged omission/addition inside a bead; filed: folded
   into a neighbour's bead, 6 of 6 trials.
3. A Chinese paragraph of four sentences with no English, after the
   sample's fifth paragraph: filed as one 4-1 bead at 0.78.
4. One English sentence with no Chinese, after English sentence 20: filed
   as two shifted wrong beads.

The inserted sentences are written here for the trial (weather news), not
taken from any evaluation set.
"""

import json
import os
import subprocess
import sys
import tempfile

BIN = os.environ.get("BITEXT", "target/release/bitext")
CORPUS = "corpora/release-2021-05-08"

EXTRA_ZH = [
    "据中央气象台预报，本周北方地区将迎来大范围降雨。",
    "气象专家提醒，河北、山西等地需防范强对流天气。",
    "南方大部地区气温将持续偏高，最高可达三十五摄氏度。",
    "有关部门已启动防汛应急响应，做好各项准备工作。",
]
EXTRA_EN = "Meteorologists expect heavy snowfall across the northern mountains over the weekend."


def segment(path, lang):
    """The sentences of a text as paragraphs of sentences."""
    out = subprocess.run(
        [BIN, "segment", "--lang", lang, path],
        check=True, capture_output=True, text=True,
    ).stdout
    paragraphs, current = [], []
    for line in out.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def flat(paragraphs):
    return [s for p in paragraphs for s in p]


def align(zh, en, extra=()):
    """Beads of `zh` (list of sentences) with `en`, as dicts."""
    with tempfile.TemporaryDirectory() as tmp:
        zf, ef = os.path.join(tmp, "zh.txt"), os.path.join(tmp, "en.txt")
        with open(zf, "w") as f:
            f.write("\n".join(zh) + "\n")
        with open(ef, "w") as f:
            f.write("\n".join(en) + "\n")
        out = subprocess.run(
            [BIN, "align", "-q", "--presegmented", "--format", "jsonl", *extra, zf, ef],
            check=True, capture_output=True, text=True,
        ).stdout
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def key(b, zmap=lambda i: i, emap=lambda j: j):
    return (tuple(zmap(i) for i in b["src_ids"]), tuple(emap(j) for j in b["tgt_ids"]))


def show(b):
    flags = ", ".join(f"{f['kind']} ({f['severity']})" for f in b.get("flags", []))
    return f"{list(b['src_ids'])}:{list(b['tgt_ids'])} confidence {b['confidence']:.2f}" + (
        f", flagged {flags}" if flags else ""
    )


def others_unchanged(beads, base, zmap, emap, skip):
    """Beads of `beads` not touching a sentence of `skip`, mapped back to the
    unmodified numbering, all present in `base`."""
    base_keys = {key(b) for b in base}
    changed = []
    for b in beads:
        if skip(b):
            continue
        k = key(b, zmap, emap)
        if k not in base_keys:
            changed.append(show(b))
    return changed


def main():
    zh_p = segment(f"{CORPUS}/zh.txt", "zh")
    en_p = segment(f"{CORPUS}/en.txt", "en")
    zh, en = flat(zh_p), flat(en_p)
    base = align(zh, en)
    print(f"sample: {len(zh)} Chinese and {len(en)} English sentences, {len(base)} beads")

    # 1. English 28 deleted.
    en1 = en[:28] + en[29:]
    beads = align(zh, en1)
    near = [b for b in beads if set(b["src_ids"]) & {20, 21, 22}]
    print("\n1. English sentence 28 deleted (gold [21]:[28]; filed: [21,22]:[28,29] at 0.96)")
    for b in near:
        print("   " + show(b))

    # 2. Single deletions: every 1-1 gold bead [i]:[j] loses its English,
    # then its Chinese; is the sentence left alone an empty-side bead, or
    # flagged in its bead?
    gold = []
    for line in open(f"{CORPUS}/gold.align"):
        src, tgt = line.strip().split(":")
        s, t = json.loads(src), json.loads(tgt)
        if len(s) == 1 and len(t) == 1:
            gold.append((s[0], t[0]))
    for extra, name in (((), "default"), (("--null-threshold", "0.1,0.25"), "--null-threshold 0.1,0.25")):
        found = flagged = 0
        for i, j in gold:
            for side, beads in (
                ("src_ids", align(zh, en[:j] + en[j + 1:], extra)),
                ("tgt_ids", align(zh[:i] + zh[i + 1:], en, extra)),
            ):
                k = i if side == "src_ids" else j
                want = "omission" if side == "src_ids" else "addition"
                other = "tgt_ids" if side == "src_ids" else "src_ids"
                holder = next(b for b in beads if k in b[side])
                if not holder[other]:
                    found += 1
                elif any(f["kind"] == want for f in holder.get("flags", [])):
                    flagged += 1
        print(
            f"\n2. single deletions ({name}): {2 * len(gold)} trials; the sentence left alone is an "
            f"empty-side bead in {found}, flagged {'omission/addition'} in its bead in {flagged} more "
            "(filed: folded into a neighbour, 6 of 6)"
        )

    # 3. A Chinese paragraph with no English, after paragraph 5.
    at = sum(len(p) for p in zh_p[:5])
    zh3 = zh[:at] + EXTRA_ZH + zh[at:]
    beads = align(zh3, en)
    new = set(range(at, at + len(EXTRA_ZH)))
    print(f"\n3. four Chinese sentences with no English after paragraph 5 (sentences {at}–{at + 3}; filed: one 4-1 bead at 0.78)")
    for b in beads:
        if set(b["src_ids"]) & new:
            print("   " + show(b))
    zmap = lambda i: i if i < at else i - len(EXTRA_ZH)
    changed = others_unchanged(beads, base, zmap, lambda j: j, lambda b: set(b["src_ids"]) & new)
    print("   every other bead as in the unmodified alignment" if not changed else "   other beads changed: " + "; ".join(changed))

    # 4. One English sentence with no Chinese, after English sentence 20.
    en4 = en[:21] + [EXTRA_EN] + en[21:]
    beads = align(zh, en4)
    print("\n4. one English sentence with no Chinese after English sentence 20 (sentence 21; filed: two shifted wrong beads)")
    for b in beads:
        if 21 in b["tgt_ids"]:
            print("   " + show(b))
    emap = lambda j: j if j < 21 else j - 1
    changed = others_unchanged(beads, base, lambda i: i, emap, lambda b: 21 in b["tgt_ids"])
    print("   every other bead as in the unmodified alignment" if not changed else "   other beads changed: " + "; ".join(changed))


if __name__ == "__main__":
    sys.exit(main())

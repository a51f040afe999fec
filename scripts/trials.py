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
5. Edges of a short text (`--edges` runs this trial only): a cut of eight
   1-1 gold beads (Chinese 1-8, English 3-10; fewer than ten 1-1 beads, so
   `--null-threshold auto` does not judge it close), aligned zh→en and
   en→zh, with a sentence added at the start, in the middle and at the end
   of one side (two different sentences a language), and with the first or
   the last sentence of one side deleted: is the sentence without
   counterpart an empty-side bead, flagged (omission/addition, with its
   severity) in its bead, or silent?

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

# Trial 5's added sentences: plausible in a report of the meeting, but
# translating nothing in the cut (the first of each names a participant).
EDGE_EN = [
    "Wang Yi also said that China is ready to work with all parties to uphold the authority of the United Nations.",
    "The meeting lasted more than three hours and was broadcast live online.",
]
EDGE_ZH = [
    "王毅还表示，中方愿同各方一道维护联合国的权威。",
    "会议持续了三个多小时，并在网上进行了直播。",
]


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
    """Beads of `zh` (list of sentences) with `en`, as dicts (zh→en unless
    `extra` sets the languages the other way)."""
    with tempfile.TemporaryDirectory() as tmp:
        zf, ef = os.path.join(tmp, "src.txt"), os.path.join(tmp, "tgt.txt")
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


def holder_of(beads, side, k):
    return next(b for b in beads if k in b[side])


def verdict(beads, side, k, sentence):
    """How the sentence `k` of `side` (src_ids / tgt_ids), of text
    `sentence`, comes out: an empty-side bead, flagged in its bead (a flag
    of its kind whose span overlaps it), or silent."""
    other = "tgt_ids" if side == "src_ids" else "src_ids"
    want = "omission" if side == "src_ids" else "addition"
    b = holder_of(beads, side, k)
    if not b[other]:
        return "found", b
    text = (b["src"] if side == "src_ids" else b["tgt"]).encode()
    at = text.find(sentence.encode())
    lo, hi = at, at + len(sentence.encode())
    span_side = "source" if side == "src_ids" else "target"
    for f in b.get("flags", []):
        if f["kind"] != want:
            continue
        if any(sp["side"] == span_side and sp["start"] < hi and sp["end"] > lo for sp in f.get("spans", [])):
            return f"flagged {f['severity']}", b
    return "silent", b


def edges(zh, en):
    """Trial 5 (see the module's docstring)."""
    zh8, en8 = zh[1:9], en[3:11]
    cases = []
    for lang, extra in (("en", EDGE_EN), ("zh", EDGE_ZH)):
        for n, sentence in enumerate(extra):
            for where, at in (("start", 0), ("middle", 4), ("end", 8)):
                cases.append((f"{lang} sentence {n + 1} added at the {where}", lang, "add", at, sentence))
    for lang in ("en", "zh"):
        for where, at in (("first", 0), ("last", 7)):
            cases.append((f"{lang} {where} sentence deleted", lang, "delete", at, None))
    print("\n5. edges of a short text (Chinese 1-8 with English 3-10, eight 1-1 beads): "
          "the sentence without counterpart is")
    tally = {}
    for direction in ("zh→en", "en→zh"):
        for name, lang, op, at, sentence in cases:
            z, e = list(zh8), list(en8)
            side_text = e if lang == "en" else z
            if op == "add":
                side_text.insert(at, sentence)
                k, alone_lang = at, lang
            else:
                del side_text[at]
                # The other language's sentence at `at` is left alone.
                k, alone_lang = at, "zh" if lang == "en" else "en"
                sentence = (zh8 if alone_lang == "zh" else en8)[at]
            if direction == "zh→en":
                beads = align(z, e)
                side = "src_ids" if alone_lang == "zh" else "tgt_ids"
            else:
                beads = align(e, z, ("--src-lang", "en-US", "--tgt-lang", "zh-CN"))
                side = "src_ids" if alone_lang == "en" else "tgt_ids"
            v, b = verdict(beads, side, k, sentence)
            tally[v] = tally.get(v, 0) + 1
            # The other beads against the cut's gold (Chinese i with English
            # i), numbered across the change.
            lone = {"src_ids": [], "tgt_ids": []}
            lone[side] = [k]
            shift = 1 if op == "add" else -1
            moved = lambda i, l: i + shift if l == lang and (i >= at if op == "add" else i > at) else i
            src_lang = "zh" if direction == "zh→en" else "en"
            tgt_lang = "en" if src_lang == "zh" else "zh"
            expect = {((k,), ()) if side == "src_ids" else ((), (k,))}
            for i in range(8):
                if op == "delete" and i == at:
                    continue
                expect.add(((moved(i, src_lang),), (moved(i, tgt_lang),)))
            wrong = [show(x) for x in beads if (tuple(x["src_ids"]), tuple(x["tgt_ids"])) not in expect
                     and not (x is b and v != "found")]
            if wrong:
                tally["other beads wrong"] = tally.get("other beads wrong", 0) + len(wrong)
            print(f"   {direction}, {name}: {v}; its bead {show(b)}"
                  + (f"; other beads wrong: {'; '.join(wrong)}" if wrong else ""))
    print("   in all: " + ", ".join(f"{v} {c}" for v, c in sorted(tally.items())))


def main():
    if "--edges" in sys.argv[1:]:
        zh = flat(segment(f"{CORPUS}/zh.txt", "zh"))
        en = flat(segment(f"{CORPUS}/en.txt", "en"))
        return edges(zh, en)
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

    edges(zh, en)


if __name__ == "__main__":
    sys.exit(main())

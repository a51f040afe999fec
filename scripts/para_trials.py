#!/usr/bin/env python3
"""Omissions and additions in texts aligned with their paragraphs (issue 8):
planted into the eight document pairs of the repository (the sample release
in corpora/ and the seven releases, notices and help texts of
tests/fixtures/paragraphs/, see its README.md), one at a time, each aligned
with `bitext align` on the raw texts (paragraphs kept).

Modes (default: all four; about 7 minutes on a loaded 2-core machine):
  single     delete each sentence of a 1-1 bead of the faithful alignment,
             either side: is its counterpart an empty-side bead of its own?
  para-del   delete each paragraph of two sentences or more, either side:
             how many of the counterparts of its sentences are in a bead
             whose other side is empty?
  para-add   insert a paragraph (two sentences or more) of the next document
             of the set, same language, before each paragraph but the first
             and at the end, either side: how many of its sentences are in a
             bead whose other side is empty?
  para-del+edge
             delete each paragraph of two sentences or more and, one at a
             time, each sentence of a 1-1 bead that starts or ends another
             paragraph of two sentences or more, same side: is the
             sentence's counterpart an empty-side bead of its own?
Each mode prints how many planted sentences are found, and "other beads
wrong": the faithful alignment's other beads (renumbered past the change)
missing from the new alignment. "faithful null beads" counts empty-side
beads on the unmodified texts (false alarms).

Usage:
  scripts/para_trials.py [--bin BIN] [--mode single,para-del,...]
                         [--only NAME] [--verbose] [-- ALIGN_ARGS...]
ALIGN_ARGS are passed to every `bitext align` (e.g. -- --null-threshold 0.25).
BIN defaults to target/release/bitext (build it first: cargo build --release).
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "tests", "fixtures", "paragraphs")
SAMPLE = os.path.join(ROOT, "corpora", "release-2021-05-08")
# name, source, target, source language, target language
PAIRS = [("sample", os.path.join(SAMPLE, "zh.txt"), os.path.join(SAMPLE, "en.txt"), "zh", "en")] + [
    (d, os.path.join(FIX, d + ".zh.txt"), os.path.join(FIX, d + ".en.txt"), "zh", "en")
    for d in ("q3-results", "sme-measures", "ev-launch", "csrc-penalty")
] + [
    (d, os.path.join(FIX, d + ".en.txt"), os.path.join(FIX, d + ".zh.txt"), "en", "zh")
    for d in ("faq", "guide", "terms")
]
MODES = ("single", "para-del", "para-add", "para-del+edge")


def run(args):
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"para_trials.py: {' '.join(args)} failed:\n{out.stderr}")
    return [json.loads(line) for line in out.stdout.splitlines()]


class Bitext:
    def __init__(self, binary, extra=()):
        self.bin = binary
        self.extra = list(extra)

    def align(self, src, tgt, sl, tl):
        beads = run([self.bin, "align", src, tgt, "--src-lang", sl, "--tgt-lang", tl,
                     "--format", "jsonl", "-q"] + self.extra)
        return [(tuple(b["src_ids"]), tuple(b["tgt_ids"])) for b in beads]

    def segment(self, path, lang):
        return run([self.bin, "segment", path, "--lang", lang, "--format", "jsonl"])


def paragraphs(sents):
    """Per paragraph, its first sentence and the sentence after its last."""
    spans = []
    for k, s in enumerate(sents):
        if k == 0 or sents[k - 1]["paragraph"] != s["paragraph"]:
            spans.append([k, k + 1])
        else:
            spans[-1][1] = k + 1
    return spans


def paragraph_bytes(sents, k0, k1, size):
    """The bytes a deleted paragraph of sentences k0..k1 takes: from its
    first byte to the next paragraph's (the last paragraph: from the
    previous one's end)."""
    st = sents[k0]["start"]
    en = sents[k1]["start"] if k1 < len(sents) else size
    if k1 == len(sents) and k0 > 0:
        st = sents[k0 - 1]["end"]
    return st, en


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__[__doc__.index("Modes"):],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "bitext"),
                    help="the bitext binary (default: target/release/bitext)")
    ap.add_argument("--mode", default=",".join(MODES),
                    help="comma-separated: single, para-del, para-add, para-del+edge (default: all)")
    ap.add_argument("--only", default="", help="only the document pairs whose name contains this")
    ap.add_argument("--verbose", action="store_true", help="print every planted change not found")
    ap.add_argument("align_args", nargs="*", help="passed to `bitext align` (after --)")
    a = ap.parse_args()
    modes = [m for m in a.mode.split(",") if m]
    for m in modes:
        if m not in MODES:
            ap.error(f"unknown mode {m!r} (one of {', '.join(MODES)})")
    if not os.access(a.bin, os.X_OK):
        sys.exit(f"para_trials.py: no bitext binary at {a.bin}; build it (cargo build --release) or pass --bin")
    bt = Bitext(a.bin, a.align_args)
    pairs = [p for p in PAIRS if a.only in p[0]]
    stats = collections.Counter()
    tmp = tempfile.mkdtemp()
    try:
        for pair in pairs:
            # The next document of the whole set (also with --only).
            donor = PAIRS[(PAIRS.index(pair) + 1) % len(PAIRS)]
            trial(bt, pair, donor, modes, stats, tmp, a.verbose)
    finally:
        for f in os.listdir(tmp):
            os.remove(os.path.join(tmp, f))
        os.rmdir(tmp)
    print(f"faithful null beads {stats['faithful null beads']}")
    for m in modes:
        wrong = "" if m == "para-del+edge" else f", other beads wrong {stats[m, 'wrong']}"
        print(f"{m}: found {stats[m, 'found']} of {stats[m, 'planted']} planted sentences"
              f" ({stats[m, 'trials']} trials){wrong}")
        if m == "single":
            for side in ("src", "tgt"):
                print(f"  {side} deleted: found {stats[m, side, 'found']} of {stats[m, side, 'planted']}")


def trial(bt, pair, donor, modes, stats, tmp, verbose):
    name, src, tgt, sl, tl = pair
    ref = bt.align(src, tgt, sl, tl)
    nulls = [b for b in ref if not b[0] or not b[1]]
    stats["faithful null beads"] += len(nulls)
    if nulls:
        print(f"{name}: the faithful alignment has empty-side beads {nulls}")
    for side in (0, 1):
        path, lang = (src, sl) if side == 0 else (tgt, tl)
        other = 1 - side
        sents = bt.segment(path, lang)
        raw = open(path, "rb").read()
        paras = paragraphs(sents)
        mp = os.path.join(tmp, f"m.{lang}.txt")
        sname = "src" if side == 0 else "tgt"

        def align_modified(text):
            open(mp, "wb").write(text)
            return bt.align(mp, tgt, sl, tl) if side == 0 else bt.align(src, mp, sl, tl)

        def renumber(ids, s, k0, k1, ins):
            """Ids of side `s` after deleting k0..k1 (ins = 0) or inserting
            `ins` sentences at k0 of the modified side."""
            if s != side:
                return tuple(ids)
            if ins:
                return tuple(i + ins if i >= k0 else i for i in ids)
            return tuple(i - (k1 - k0) if i >= k1 else i for i in ids if not k0 <= i < k1)

        def wrong(got, k0, k1, ins, skip):
            want = set()
            for b in ref:
                if b in skip:
                    continue
                want.add((renumber(b[0], 0, k0, k1, ins), renumber(b[1], 1, k0, k1, ins)))
            return len(want - set(got))

        if "single" in modes:
            for b in ref:
                if len(b[0]) != 1 or len(b[1]) != 1:
                    continue
                k, o = b[side][0], b[other][0]
                st, en = sents[k]["start"], sents[k]["end"]
                mod = raw[:st] + raw[en:]
                if not mod.strip():
                    continue
                got = align_modified(mod)
                found = any(g[other] == (o,) and not g[side] for g in got)
                stats["single", "trials"] += 1
                stats["single", "planted"] += 1
                stats["single", sname, "planted"] += 1
                stats["single", "found"] += found
                stats["single", sname, "found"] += found
                stats["single", "wrong"] += wrong(got, k, k + 1, 0, {b})
                if verbose and not found:
                    print(f"  single {name} {sname} {k} deleted:", [g for g in got if o in g[other]])
        if "para-del" in modes:
            for p, (k0, k1) in enumerate(paras):
                if k1 - k0 < 2:
                    continue
                st, en = paragraph_bytes(sents, k0, k1, len(raw))
                mod = raw[:st] + raw[en:]
                if not mod.strip():
                    continue
                got = align_modified(mod)
                # The counterparts: sentences of the other side whose beads
                # lie wholly inside the deleted paragraph.
                inside = [b for b in ref if b[side] and all(k0 <= i < k1 for i in b[side])]
                counterparts = [o for b in inside for o in b[other]]
                null_other = {o for g in got if not g[side] for o in g[other]}
                found = sum(o in null_other for o in counterparts)
                stats["para-del", "trials"] += 1
                stats["para-del", "planted"] += len(counterparts)
                stats["para-del", "found"] += found
                touching = {b for b in ref if any(k0 <= i < k1 for i in b[side])}
                stats["para-del", "wrong"] += wrong(got, k0, k1, 0, touching)
                if verbose and found < len(counterparts):
                    print(f"  para-del {name} {sname} paragraph {p} ({k0}..{k1}):",
                          [g for g in got if set(g[other]) & set(counterparts)])
        if "para-del+edge" in modes:
            edge = lambda k: any(b - a >= 2 and (k == a or k == b - 1) for a, b in paras)
            for p, (k0, k1) in enumerate(paras):
                if k1 - k0 < 2:
                    continue
                st, en = paragraph_bytes(sents, k0, k1, len(raw))
                for b in ref:
                    if len(b[0]) != 1 or len(b[1]) != 1:
                        continue
                    k, o = b[side][0], b[other][0]
                    if k0 <= k < k1 or not edge(k):
                        continue
                    s0, e0 = sents[k]["start"], sents[k]["end"]
                    if st <= s0 and e0 <= en:
                        continue
                    mod = raw
                    for a, e in sorted([(st, en), (s0, e0)], reverse=True):
                        mod = mod[:a] + mod[e:]
                    got = align_modified(mod)
                    found = any(g[other] == (o,) and not g[side] for g in got)
                    stats["para-del+edge", "trials"] += 1
                    stats["para-del+edge", "planted"] += 1
                    stats["para-del+edge", "found"] += found
                    if verbose and not found:
                        print(f"  para-del+edge {name} {sname} paragraph {p} ({k0}..{k1}) and {k} deleted:",
                              [g for g in got if o in g[other]])
        if "para-add" in modes:
            dpath, dlang = (donor[1], donor[3]) if donor[3] == lang else (donor[2], donor[4])
            dsents = bt.segment(dpath, dlang)
            draw = open(dpath, "rb").read()
            dparas = [(a, b) for a, b in paragraphs(dsents) if b - a >= 2]
            for p in range(1, len(paras) + 1):
                a0, a1 = dparas[p % len(dparas)]
                added = draw[dsents[a0]["start"]:dsents[a1 - 1]["end"]]
                if p < len(paras):
                    at = sents[paras[p][0]]["start"]
                    mod = raw[:at] + added + b"\n\n" + raw[at:]
                    k0 = paras[p][0]
                else:
                    mod = raw.rstrip() + b"\n\n" + added + b"\n"
                    k0 = len(sents)
                ins = a1 - a0
                got = align_modified(mod)
                new = set(range(k0, k0 + ins))
                found = sum(1 for g in got if not g[other] for i in g[side] if i in new)
                stats["para-add", "trials"] += 1
                stats["para-add", "planted"] += ins
                stats["para-add", "found"] += found
                stats["para-add", "wrong"] += wrong(got, k0, k0, ins, set())
                if verbose and found < ins:
                    print(f"  para-add {name} {sname} before paragraph {p} ({k0}..{k0 + ins}):",
                          [g for g in got if set(g[side]) & new])


if __name__ == "__main__":
    main()

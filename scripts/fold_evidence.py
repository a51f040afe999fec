#!/usr/bin/env python3
"""Offline diagnostic for issue 8 (RESULTS.md, session 21): how well length
and an IBM Model 1 likelihood test tell a planted sentence folded into a
merged bead from a real sentence of a correct merged bead.

Usage:
  scripts/fold_evidence.py PLANTED_DIR AUTO_DIR [PLANTED_DIR AUTO_DIR ...]

PLANTED_DIR: MAC-Dev planted by `plant_nulls mac-dev OUT --seed S`, i.e.
OUT/mac-dev (zh/, en/, gold/, planted/); AUTO_DIR: `bitext align --format
jsonl` output of its chapters (NNN.jsonl). For every predicted bead with
both sides non-empty and a side of two sentences or more, each edge
sentence B of that side (first, last) is a case: positive when B is a
planted sentence, negative when B is a real sentence of a bead equal to a
gold bead. Scores (lower = more likely planted):
  - length: minus the length cost B adds, (d² with − d² without) / 0.24,
    d = ln(t + k√c) − ln(c·s + k√c) in the aligner's units (Han characters
    + Latin tokens; English alphanumerics), c the document's total ratio,
    k = 6 (as `cost.rs` at σ² 0.12);
  - fwd: log P(T | A+B) − log P(T | A) under IBM Model 1 (null word, 5 EM
    iterations), T the other side, A the rest of B's side; tables trained
    on the other 4/5 of the document's predicted beads (5 folds: a bead is
    never scored by a table trained on it). Tokens: Han characters; English
    lower-case words minus a short stop list (approximations of the
    aligner's keys).
Prints AUC and the share of positives caught at 1% / 5% / 10% false
positives, per score and for the sum of the two scores' ranks.
"""
import collections
import json
import math
import re
import sys

STOP = set(
    "the a an of to and in that it was is he she i you his her they them we my me be on "
    "for with as at by this had have not but so from or were are been there their what "
    "all which would could said one up out do did no if when then into him".split()
)


def zlen(s):
    return sum(1 for c in s if "\u4e00" <= c <= "\u9fff") + len(re.findall(r"[A-Za-z0-9]+", s))


def elen(s):
    return sum(1 for c in s if c.isalnum())


def ztok(s):
    return [c for c in s if "\u4e00" <= c <= "\u9fff"]


def etok(s):
    return [w for w in re.findall(r"[a-z]+", s.lower()) if w not in STOP]


def parse(path):
    out = []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line:
            a, b = line.split(":")
            out.append((json.loads(a), json.loads(b)))
    return out


def lines(path):
    return [l.rstrip("\n") for l in open(path, encoding="utf-8")]


def train(pairs, iterations=5):
    """t[(f, e)] = P(f | e), e None for the null word."""
    t = collections.defaultdict(lambda: 1.0)
    for _ in range(iterations):
        cnt = collections.defaultdict(float)
        tot = collections.defaultdict(float)
        for fs, es in pairs:
            es = [None] + es
            for f in fs:
                den = sum(t[(f, e)] for e in es)
                for e in es:
                    c = t[(f, e)] / den
                    cnt[(f, e)] += c
                    tot[e] += c
        t = {k: v / tot[k[1]] for k, v in cnt.items()}
    return t


def logp(t, fs, es):
    es = [None] + es
    return sum(math.log(max(sum(t.get((f, e), 0.0) for e in es) / len(es), 1e-9)) for f in fs)


def cases(planted_dir, auto_dir, folds=5):
    out = []
    for n in ["001", "002", "003", "004", "005", "006"]:
        zh, en = lines(f"{planted_dir}/zh/{n}.zh"), lines(f"{planted_dir}/en/{n}.en")
        zl, el = [zlen(s) for s in zh], [elen(s) for s in en]
        c = (sum(el) + 1) / (sum(zl) + 1)
        k = 6 * math.sqrt(c)

        def dev2(a, b):
            d = math.log(sum(el[j] for j in b) + k) - math.log(c * sum(zl[i] for i in a) + k)
            return d * d

        z, e = [ztok(s) for s in zh], [etok(s) for s in en]
        pred = [
            (d["src_ids"], d["tgt_ids"])
            for d in map(json.loads, open(f"{auto_dir}/{n}.jsonl", encoding="utf-8"))
        ]
        gold = {(tuple(a), tuple(b)) for a, b in parse(f"{planted_dir}/gold/{n}.align")}
        planted = parse(f"{planted_dir}/planted/{n}.align")
        pz = {a[0] for a, b in planted if a}
        pe = {b[0] for a, b in planted if b}
        beads = [(a, b) for a, b in pred if a and b]
        toks = [(sum((z[i] for i in a), []), sum((e[j] for j in b), [])) for a, b in beads]
        models = []
        for f in range(folds):
            tr = [toks[i] for i in range(len(toks)) if i % folds != f]
            models.append((train([(ee, zz) for zz, ee in tr]), train(tr)))
        for bi, (a, b) in enumerate(beads):
            e_given_z, z_given_e = models[bi % folds]
            correct = (tuple(a), tuple(b)) in gold
            for side, xs in (("zh", a), ("en", b)):
                if len(xs) < 2:
                    continue
                for x in sorted({xs[0], xs[-1]}):
                    pos = x in (pz if side == "zh" else pe)
                    if not pos and not correct:
                        continue
                    a2 = [i for i in a if not (side == "zh" and i == x)]
                    b2 = [j for j in b if not (side == "en" and j == x)]
                    length = -(dev2(a, b) - dev2(a2, b2)) / 0.24
                    if side == "zh":
                        rest, own, other, t = sum((z[i] for i in a2), []), z[x], toks[bi][1], e_given_z
                    else:
                        rest, own, other, t = sum((e[j] for j in b2), []), e[x], toks[bi][0], z_given_e
                    fwd = logp(t, other, rest + own) - logp(t, other, rest)
                    out.append((pos, length, fwd))
    return out


def main():
    args = sys.argv[1:]
    if len(args) < 2 or len(args) % 2:
        sys.exit(__doc__)
    rows = []
    for p, a in zip(args[::2], args[1::2]):
        rows += cases(p, a)

    def ranks(v):
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        for k, i in enumerate(order):
            r[i] = k / len(v)
        return r

    rl, rf = ranks([r[1] for r in rows]), ranks([r[2] for r in rows])
    labels = [r[0] for r in rows]
    print(f"cases: planted {sum(labels)}, real {len(labels) - sum(labels)}")
    for name, score in (
        ("length", [r[1] for r in rows]),
        ("model1 fwd", [r[2] for r in rows]),
        ("both (rank sum)", [x + y for x, y in zip(rl, rf)]),
    ):
        pos = [s for s, l in zip(score, labels) if l]
        neg = sorted(s for s, l in zip(score, labels) if not l)
        auc = sum((p < q) + 0.5 * (p == q) for p in pos for q in neg) / len(pos) / len(neg)
        at = []
        for fpr in (0.01, 0.05, 0.10):
            thr = neg[int(fpr * len(neg))]
            at.append(f"{sum(p < thr for p in pos) / len(pos):.2f} at FPR {fpr:.2f}")
        print(f"{name}: AUC {auc:.3f}; caught {', '.join(at)}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Planted omissions and additions found *or flagged* (issue 8, for auditors).

Reads the aligned output of `bitext align --format jsonl` for each document
of a set, with the planted texts and gold of `examples/plant_nulls.rs`, and
prints:
  - recall: planted empty-side sentences that are in an empty-side bead, or
    inside a bead whose `omission` (source) or `addition` (target) flag has
    a span over them (any severity; and at warning or error only);
  - precision: of all sentences so marked (empty-side beads and flagged
    spans), the share that are empty-side in the gold.
Called by scripts/omissions.sh:
  flagged_nulls.py GOLD_DIR PLANTED_DIR AUTO_DIR SRC_DIR TGT_DIR SRC_EXT TGT_EXT
where each *.align of GOLD_DIR names a document NNN, the sentences are the
lines of SRC_DIR/NNN.SRC_EXT and TGT_DIR/NNN.TGT_EXT, and its alignment is
AUTO_DIR/NNN.jsonl.
"""
import json
import os
import sys


def beads(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            a, b = line.split(":")
            ids = lambda s: [int(x) for x in s.strip("[]").split(",") if x.strip()]
            out.append((ids(a), ids(b)))
    return out


def spans_of(segment, sentences):
    """Byte spans of each sentence inside the joined segment text."""
    data = segment.encode("utf-8")
    out, cursor = [], 0
    for s in sentences:
        piece = s.strip().encode("utf-8")
        at = data.find(piece, cursor) if piece else cursor
        if at < 0:
            raise SystemExit(f"flagged_nulls.py: sentence {s[:40]!r} not found in its segment")
        out.append((at, at + len(piece)))
        cursor = at + len(piece)
    return out


def main():
    if len(sys.argv) != 8:
        raise SystemExit(__doc__)
    gold_dir, planted_dir, auto_dir, src_dir, tgt_dir, src_ext, tgt_ext = sys.argv[1:]
    planted = gold_null = 0
    found = {"any": 0, "warning": 0}
    marked = {"any": [0, 0], "warning": [0, 0]}  # [right, all]
    for name in sorted(os.listdir(gold_dir)):
        if not name.endswith(".align"):
            continue
        doc = name[: -len(".align")]
        # The sentences as `bitext align --presegmented` numbers them:
        # blank lines skipped, a BOM dropped.
        lines = {
            side: [
                line
                for line in open(os.path.join(folder, f"{doc}.{ext}"), encoding="utf-8-sig").read().splitlines()
                if line.strip()
            ]
            for side, folder, ext in (("source", src_dir, src_ext), ("target", tgt_dir, tgt_ext))
        }
        empty = set()
        for a, b in beads(os.path.join(gold_dir, name)):
            if not a or not b:
                empty.update(("source", i) for i in a)
                empty.update(("target", j) for j in b)
        plant = set()
        for a, b in beads(os.path.join(planted_dir, name)):
            plant.update(("source", i) for i in a)
            plant.update(("target", j) for j in b)
        gold_null += len(empty)
        planted += len(plant)
        marks = {"any": set(), "warning": set()}
        with open(os.path.join(auto_dir, f"{doc}.jsonl"), encoding="utf-8") as f:
            for line in f:
                bead = json.loads(line)
                ids = {"source": bead["src_ids"], "target": bead["tgt_ids"]}
                if not ids["source"] or not ids["target"]:
                    for side in ids:
                        for k in ids[side]:
                            marks["any"].add((side, k))
                            marks["warning"].add((side, k))
                    continue
                spans = {
                    side: spans_of(bead["src" if side == "source" else "tgt"], [lines[side][k] for k in ids[side]])
                    for side in ids
                }
                for flag in bead.get("flags", []):
                    side = {"omission": "source", "addition": "target"}.get(flag["kind"])
                    if side is None:
                        continue
                    for s in flag["spans"]:
                        if s["side"] != side:
                            continue
                        for k, (start, end) in zip(ids[side], spans[side]):
                            if s["start"] < end and s["end"] > start:
                                marks["any"].add((side, k))
                                if flag["severity"] != "info":
                                    marks["warning"].add((side, k))
        for level in marks:
            found[level] += len(marks[level] & plant)
            marked[level][0] += len(marks[level] & empty)
            marked[level][1] += len(marks[level])
    for level, label in (("any", "any severity"), ("warning", "warning or error")):
        right, total = marked[level]
        print(
            f"found or flagged ({label}): recall {found[level] / max(planted, 1):.3f} "
            f"({found[level]} of {planted} planted), precision {right / max(total, 1):.3f} "
            f"({right} of {total} marked sentences)"
        )


if __name__ == "__main__":
    main()

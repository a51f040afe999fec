#!/usr/bin/env python3
"""Means over seeds of the figures `scripts/omissions.sh` prints.

Reads the concatenated output of several runs (one per seed) on standard
input and prints, per document set, the mean and the range of: the F1 gap
between the unmodified and the modified texts, the recall of the planted
empty-side beads, the precision of the predicted empty-side beads, and (on
the Bible) that precision by sentence. `SEEDS=… scripts/omissions.sh` calls it.
"""
import re
import sys
from collections import defaultdict

PATTERNS = [
    ("F1 gap", re.compile(r"^(.+?) F1 gap, .* = (-?[0-9.]+) ")),
    ("planted found (recall)", re.compile(r"^(.+?) planted empty-side beads: recall ([0-9.]+)")),
    ("empty-side precision", re.compile(r"^(.+?) predicted empty-side beads: precision ([0-9.]+)")),
    (
        "empty-side precision by sentence",
        re.compile(r"^(.+?) predicted empty-side beads, by sentence \(before verse merging\): precision ([0-9.]+)"),
    ),
]


def main() -> None:
    values = defaultdict(list)
    order = []
    for line in sys.stdin:
        for name, pattern in PATTERNS:
            m = pattern.match(line.strip())
            if m:
                key = (m.group(1), name)
                if key not in values:
                    order.append(key)
                values[key].append(float(m.group(2)))
                break
    if not order:
        sys.exit("omissions_mean.py: no figures found in the runs' output")
    for key in order:
        v = values[key]
        mean = sum(v) / len(v)
        print(f"{key[0]} {key[1]}: mean {mean:.4f} over {len(v)} seeds (min {min(v):.4f}, max {max(v):.4f})")


if __name__ == "__main__":
    main()

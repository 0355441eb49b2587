#!/usr/bin/env python3
"""Money F1 of plankit beside JioNLP's ``ner.extract_money`` on an annotated folder.

    pip install jionlp   # a benchmark-only peer, not a plankit dependency
    python benchmarks/money_vs_jionlp.py GOLD_DIR

Both read the same texts (GOLD_DIR/texts/NAME.txt, decoded as plankit
decodes them). A prediction matches a gold money target when it is on the
same line with the same value (relative 1e-6), as the accuracy benchmark
matches; optional gold targets neither reward nor punish.
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from pathlib import Path

from plankit import parse_file


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[dict], predicted: list[tuple[int, float]]) -> tuple[int, int, int]:
    by_line = defaultdict(list)
    for line, value in predicted:
        by_line[line].append(value)
    tp = fn = 0
    used: set[tuple[int, int]] = set()
    for g in sorted(gold, key=lambda t: bool(t.get("optional"))):
        hit = None
        for k, v in enumerate(by_line.get(g["line"], [])):
            if (g["line"], k) not in used and math.isclose(v, float(g["value"]), rel_tol=1e-6):
                hit = (g["line"], k)
                break
        if hit:
            used.add(hit)
            tp += not g.get("optional")
        elif not g.get("optional"):
            fn += 1
    fp = len(predicted) - len(used)
    return tp, fp, fn


def jionlp_money(text: str) -> list[tuple[int, float]]:
    import jionlp

    out = []
    for item in jionlp.ner.extract_money(text, with_parsing=True):
        num = item["detail"]["num"]
        value = float(num[0] if isinstance(num, list) else num)
        out.append((text.count("\n", 0, item["offset"][0]) + 1, value))
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    gold_dir = Path(argv[0])
    totals = {"plankit": [0, 0, 0], "jionlp": [0, 0, 0]}
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        money = [t for t in gold.get("targets", []) if t["kind"] == "money"]
        result = parse_file(gold_dir / "texts" / (gold_path.stem + ".txt"))
        text = (gold_dir / "texts" / (gold_path.stem + ".txt")).read_bytes().decode(result.encoding)
        mine = [(t.line, float(t.value)) for d in result.documents for t in d.targets if t.kind.value == "money"]
        scope = gold.get("scope")
        theirs = jionlp_money(text)
        if scope:
            lo, hi = scope["from"], scope["to"]
            mine = [p for p in mine if lo <= p[0] <= hi]
            theirs = [p for p in theirs if lo <= p[0] <= hi]
        for name, pred in (("plankit", mine), ("jionlp", theirs)):
            for k, v in enumerate(score(money, pred)):
                totals[name][k] += v
    for name, (tp, fp, fn) in totals.items():
        p, r, f = _f1(tp, fp, fn)
        print(f"{name:8} money  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp} fp {fp} fn {fn})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Accuracy gate: run plankit over an annotated folder and score it.

    python benchmarks/accuracy.py GOLD_DIR [--check FLOORS.json] [--misses] [--save-pred DIR]

GOLD_DIR holds NAME.json annotations (see the annotation guide) and
texts/NAME.txt. Matching follows the guide's scorer: a heading matches by
line (depth compared on matches); a target matches a gold one on the same
line with the same value (and value_max when gold has one); optional gold
targets neither reward nor punish; a gold ``scope`` limits targets to lines.
With ``--check``, exits 1 when any score is below its floor.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from plankit import parse_file

ATTRS = ("unit", "kind", "qualifier", "status", "category")


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _dice(a, b) -> float:
    """Character-bigram overlap of two metric names (1.0 = same bigrams), as the
    guide's scorer computes it."""
    a, b = "".join(str(a or "").split()), "".join(str(b or "").split())
    if not a or not b:
        return float(a == b)

    def grams(s):
        return Counter(s[i : i + 2] for i in range(len(s) - 1)) if len(s) > 1 else Counter([s])

    ga, gb = grams(a), grams(b)
    return 2 * sum((ga & gb).values()) / (sum(ga.values()) + sum(gb.values()))


def _walk(sections, depth, out):
    for s in sections:
        out.append((s["line"], depth))
        _walk(s.get("children", []), depth + 1, out)


def score_file(gold: dict, pred: dict, totals: Counter, attr_ok: Counter, misses: list, name: str) -> None:
    docs = pred["documents"]
    heads, targets = [], []
    for d in docs:
        _walk(d["sections"], 1, heads)
        targets.extend(d["targets"])
    scope = gold.get("scope")
    if scope:
        targets = [t for t in targets if scope["from"] <= t["line"] <= scope["to"]]
    gdocs = {d["line"] for d in gold.get("documents", [])}
    totals["doc_gold"] += len(gdocs)
    totals["doc_found"] += len(gdocs & {d["line"] for d in docs})
    gh = {h["line"]: h["depth"] for h in gold.get("headings", [])}
    ph: dict[int, int] = {}
    for line, depth in heads:
        ph.setdefault(line, depth)
    totals["head_gold"] += len(gh)
    totals["head_pred"] += len(ph)
    for line, depth in ph.items():
        if line in gh:
            totals["head_tp"] += 1
            totals["head_depth_ok"] += depth == gh[line]
            if depth != gh[line]:
                misses.append(f"{name}:{line} heading depth {depth}, gold {gh[line]}")
        else:
            misses.append(f"{name}:{line} extra heading")
    for line in gh:
        if line not in ph:
            misses.append(f"{name}:{line} missed heading")
    gts = sorted(gold.get("targets", []), key=lambda t: bool(t.get("optional")))
    by_line = defaultdict(list)
    for t in targets:
        by_line[t["line"]].append(t)
    used = set()
    for g in gts:
        hit = None
        for p in by_line.get(g["line"], []):
            if id(p) not in used and _close(p["value"], g["value"]) and (
                g.get("value_max") is None or _close(p.get("value_max"), g["value_max"])
            ):
                hit = p
                break
        if hit is not None:
            used.add(id(hit))
            if g.get("optional"):
                continue
            totals["tgt_tp"] += 1
            for a in ATTRS:
                ok = str(hit.get(a) or "") == str(g.get(a) or "")
                attr_ok[a] += ok
                if not ok:
                    misses.append(f"{name}:{g['line']} {g['text']} {a}: {hit.get(a)}, gold {g.get(a)}")
            dice = _dice(hit.get("metric"), g.get("metric"))
            totals["metric_dice"] += dice
            totals["metric_close"] += dice >= 0.5
            if dice < 0.5:
                misses.append(f"{name}:{g['line']} {g['text']} metric: {hit.get('metric')}, gold {g.get('metric')}")
        elif not g.get("optional"):
            totals["tgt_fn"] += 1
            misses.append(f"{name}:{g['line']} missed {g['text']} ({g['value']})")
    for p in targets:
        if id(p) not in used:
            totals["tgt_fp"] += 1
            misses.append(f"{name}:{p['line']} extra {p['text']} ({p['value']})")


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(gold_dir: Path, save_pred: Path | None = None) -> tuple[dict, list[str], float]:
    totals: Counter = Counter()
    attr_ok: Counter = Counter()
    misses: list[str] = []
    chars = 0
    elapsed = 0.0
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text_path = gold_dir / "texts" / (gold_path.stem + ".txt")
        t0 = time.perf_counter()
        result = parse_file(text_path)
        elapsed += time.perf_counter() - t0
        chars += sum(1 for _ in text_path.read_text(encoding="utf-8", errors="replace"))
        pred = result.model_dump(mode="json")
        if save_pred:
            save_pred.mkdir(parents=True, exist_ok=True)
            (save_pred / gold_path.name).write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
        score_file(gold, pred, totals, attr_ok, misses, gold_path.stem[:3])
    hp, hr, hf = _f1(totals["head_tp"], totals["head_pred"] - totals["head_tp"], totals["head_gold"] - totals["head_tp"])
    tp, tr, tf = _f1(totals["tgt_tp"], totals["tgt_fp"], totals["tgt_fn"])
    n = totals["tgt_tp"] or 1
    scores = {
        "documents_recall": totals["doc_found"] / (totals["doc_gold"] or 1),
        "heading_f1": hf,
        "heading_depth": totals["head_depth_ok"] / (totals["head_tp"] or 1),
        "target_precision": tp,
        "target_recall": tr,
        "target_f1": tf,
        **{f"attr_{a}": attr_ok[a] / n for a in ATTRS},
        # metric names are free text: mean character-bigram Dice with the gold
        # name, and the share of names sharing at least half their bigrams
        "metric_dice": totals["metric_dice"] / n,
        "metric_close": totals["metric_close"] / n,
    }
    return scores, misses, chars / elapsed if elapsed else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("--check", type=Path, help="JSON of floors; exit 1 if a score is below its floor")
    ap.add_argument("--misses", action="store_true", help="list every miss")
    ap.add_argument("--save-pred", type=Path, help="write the predictions here")
    args = ap.parse_args(argv)
    scores, misses, speed = evaluate(args.gold_dir, args.save_pred)
    if args.misses:
        print("\n".join(misses))
    for key, value in scores.items():
        print(f"{key:18} {value:.3f}")
    print(f"{'chars_per_second':18} {speed:,.0f}")
    if args.check:
        floors = json.loads(args.check.read_text(encoding="utf-8"))
        low = {k: (scores[k], v) for k, v in floors.items() if scores[k] + 1e-9 < v}
        for k, (got, floor) in low.items():
            print(f"accuracy gate: {k} {got:.3f} is below its floor {floor:.3f}", file=sys.stderr)
        if low:
            return 1
        print("accuracy gate: all scores at or above their floors")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Accuracy of ``plankit compare`` on hand-linked plan -> report pairs.

    python benchmarks/compare_accuracy.py LINKS_DIR [--check FLOORS.json] [--misses]

LINKS_DIR holds PLAN__REPORT.json gold files, texts/PLAN.txt and
texts/REPORT.txt, and the scorer score_links.py (../shared/gold/links). Each
pair is compared in this process; the scorer's figures are printed (plan
recall, link P/R/F1, abstention, outcome accuracy, totals over the pairs).
With ``--check``, exits 1 when a total is below its floor.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from plankit import compare, parse_file


def run(links: Path, out: Path) -> float:
    """Compare every pair of ``links`` into ``out``; the seconds it took."""
    elapsed = 0.0
    for gold in sorted(links.glob("*__*.json")):
        plan, report = gold.stem.split("__")
        t0 = time.perf_counter()
        result = compare(parse_file(links / "texts" / f"{plan}.txt"), parse_file(links / "texts" / f"{report}.txt"))
        elapsed += time.perf_counter() - t0
        (out / gold.name).write_text(result.model_dump_json(), encoding="utf-8")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("links_dir", type=Path)
    ap.add_argument("--check", type=Path, help="JSON of floors; exit 1 if a total is below its floor")
    ap.add_argument("--misses", action="store_true", help="list every wrong or missing link")
    args = ap.parse_args(argv)
    scorer = args.links_dir / "score_links.py"
    with tempfile.TemporaryDirectory() as tmp:
        seconds = run(args.links_dir, Path(tmp))
        shown = subprocess.run([sys.executable, str(scorer), str(args.links_dir), tmp]
                               + (["--misses"] if args.misses else []), capture_output=True, text=True, check=True)
        print(shown.stdout, end="")
        report = json.loads(subprocess.run([sys.executable, str(scorer), str(args.links_dir), tmp, "--json"],
                                           capture_output=True, text=True, check=True).stdout)
    print(f"compared {len(list(args.links_dir.glob('*__*.json')))} pairs in {seconds:.2f} s")
    if not args.check:
        return 0
    totals = _totals(report)
    floors = json.loads(args.check.read_text(encoding="utf-8"))
    low = {k: (totals[k], v) for k, v in floors.items() if totals[k] + 1e-9 < v}
    for k, (got, floor) in low.items():
        print(f"compare gate: {k} {got:.3f} is below its floor {floor:.3f}", file=sys.stderr)
    if not low:
        print("compare gate: all totals at or above their floors")
    return 1 if low else 0


def _totals(report: dict) -> dict[str, float]:
    """The scorer's total figures: plan_recall, link_f1, abstention, outcome_accuracy, ..."""
    return {k: v for k, v in report["total"]["metrics"].items() if isinstance(v, (int, float))}


if __name__ == "__main__":
    sys.exit(main())

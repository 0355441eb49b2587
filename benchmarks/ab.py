#!/usr/bin/env python3
"""Which of two versions of plankit parses faster: pass by pass, in turns.

    python benchmarks/ab.py REV                 # git revision REV against the working tree
    python benchmarks/ab.py SRC_A SRC_B         # two source folders (each holding plankit/)
    python benchmarks/ab.py ... --passes 80      # turns a duel (default 40)

A shared machine's speed drifts by more than most changes are worth (here a
pass over the dev texts took 38 to 65 ms within minutes), so two runs one
after the other compare the minutes, not the code. Here each version runs in
a process of its own, warmed, and the two take turns, one pass over the dev
texts each (caches cleared, as ``throughput.py``), A first then B first; the
figure is the median of the per-turn ratios B/A. The whole duel is run
twice, the second time with the processes started the other way round, and
both figures are printed: the same code against itself (from two folders)
read 0.99-1.02 here, and once 1.095 in one order only.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from throughput import DEV_TEXTS, ROOT

FOLDERS = [DEV_TEXTS] if DEV_TEXTS.is_dir() else [ROOT / "samples"]
BENCHMARKS = Path(__file__).resolve().parent

#: a worker (plankit from its PYTHONPATH): parse once to warm, say so, then
#: one timed pass per line read
WORKER = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from throughput import load_texts
from plankit import parse_text
from plankit.pipeline import clear_caches
texts = load_texts([Path(folder) for folder in sys.argv[2:]])
for t in texts:
    parse_text(t)
print("ready", flush=True)
for _ in sys.stdin:
    clear_caches()
    t0 = time.perf_counter()
    for t in texts:
        parse_text(t)
    print(time.perf_counter() - t0, flush=True)
"""


def _worker(src: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(src)}
    p = subprocess.Popen([sys.executable, "-c", WORKER, str(BENCHMARKS), *map(str, FOLDERS)], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True, env=env)
    if p.stdout.readline().strip() != "ready":
        raise SystemExit(f"the worker on {src} did not start")
    return p


def _pass(p: subprocess.Popen) -> float:
    p.stdin.write("go\n")
    p.stdin.flush()
    return float(p.stdout.readline())


def duel(src_a: Path, src_b: Path, passes: int = 40) -> tuple[float, float, float]:
    """Median seconds of a pass of A and of B, and the median ratio B/A."""
    a, b = _worker(src_a), _worker(src_b)
    try:
        times_a, times_b = [], []
        for k in range(passes):
            if k % 2:
                tb, ta = _pass(b), _pass(a)
            else:
                ta, tb = _pass(a), _pass(b)
            times_a.append(ta)
            times_b.append(tb)
    finally:
        for p in (a, b):
            p.stdin.close()
            p.wait()
    ratio = statistics.median(y / x for x, y in zip(times_a, times_b))
    return statistics.median(times_a), statistics.median(times_b), ratio


def main(argv: list[str]) -> int:
    passes = 40
    if "--passes" in argv:
        k = argv.index("--passes")
        passes = int(argv[k + 1])
        argv = argv[:k] + argv[k + 2 :]
    with tempfile.TemporaryDirectory() as tmp:
        if len(argv) == 1:  # a git revision against the working tree
            tree = Path(tmp) / "rev"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree), argv[0]],
                           check=True)
            srcs, names = (tree / "src", ROOT / "src"), (argv[0], "the working tree")
        elif len(argv) == 2:
            srcs, names = (Path(argv[0]), Path(argv[1])), tuple(argv)
        else:
            print(__doc__)
            return 2
        try:
            ta, tb, ratio = duel(srcs[0], srcs[1], passes)
            tb2, ta2, inverse = duel(srcs[1], srcs[0], passes)
        finally:
            if len(argv) == 1:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    print(f"A {names[0]}: {statistics.median([ta, ta2]) * 1000:.1f} ms a pass; "
          f"B {names[1]}: {statistics.median([tb, tb2]) * 1000:.1f} ms "
          f"(medians of {passes} turns, twice, over {', '.join(map(str, FOLDERS))})")
    print(f"B/A {ratio:.3f} with A started first, {1 / inverse:.3f} with B started first "
          f"(medians of the turns' ratios; below 1: B is faster)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Instructions a pass over the dev texts costs: plankit's full ``parse_text``
beside JioNLP's ``ner.extract_money``, counted by valgrind's callgrind.

    pip install -e '.[bench]'          # JioNLP
    python benchmarks/instructions.py  # needs valgrind; about a minute and a half

The wall-clock ratio (``throughput.py``) swings with the machine: from one
machine to another, and from one minute to the next on a shared one. An
instruction count does not: it is the same for the same code and texts
wherever it runs. It is not a speed either: the Python interpreter retires
fewer instructions a cycle than a regex engine's C loops, so the same count
can take longer. Print both, and read them together.

Each side runs in a child process under callgrind twice, with one pass and
with eleven after the same imports and warm-up; a tenth of the difference is
one pass, without the start-up (over fewer passes, whether one of the
collector's full sweeps falls among them moves the figure by a few per cent).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from throughput import DEV_TEXTS as DEV, load_texts


def child(who: str, passes: int) -> None:
    """``passes`` passes of one side, after its imports and warm-up; the
    other side is not imported (its objects would make the collector's full
    sweeps dearer)."""
    texts = load_texts([DEV])
    if who == "plankit":
        from plankit import parse_text
        from plankit.pipeline import clear_caches

        parse_text("预热:一、目标\n新增企业5家,投资300万元。")  # lazy loads outside the difference
        for _ in range(passes):
            clear_caches()  # every pass from cold caches, as throughput.py
            for t in texts:
                parse_text(t)
    else:
        import jionlp

        jionlp.ner.extract_money("预热:投资300万元")
        for _ in range(passes):
            for t in texts:
                jionlp.ner.extract_money(t)


def count(who: str, passes: int) -> int:
    """Instructions of a child process, as callgrind's summary gives them."""
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, __file__, "--child", who, str(passes)],
        capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", out.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count from callgrind:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        child(argv[1], int(argv[2]))
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind not found - instructions not counted")
        return 0
    if not DEV.is_dir():
        print(f"{DEV} not found - instructions not counted")
        return 0
    runs = [(who, n) for who in ("plankit", "jionlp") for n in (1, 11)]
    with ThreadPoolExecutor(2) as pool:  # two children at a time: the counts do not depend on it
        counts = dict(zip(runs, pool.map(lambda r: count(*r), runs)))
    per_pass = {who: (counts[who, 11] - counts[who, 1]) / 10 for who in ("plankit", "jionlp")}
    chars = sum(map(len, load_texts([DEV])))
    print(f"instructions a pass over the dev texts ({chars:,} characters), callgrind:")
    print(f"   plankit parse_text (full pipeline): {per_pass['plankit'] / 1e6:,.0f} M")
    print(f"   JioNLP ner.extract_money (money only): {per_pass['jionlp'] / 1e6:,.0f} M"
          f"  -> plankit does {per_pass['jionlp'] / per_pass['plankit']:.2f}x less work")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""How long normalising 1 MB of plan text takes, step by step.

    python benchmarks/normalize_speed.py [FILE...]

Without files it builds 1 MB from the bundled samples (traditional, pinyin,
full-width and plain text mixed). Prints the best of five runs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from plankit.parse.normalize import STEPS, NormalizeConfig, normalize

ROOT = Path(__file__).resolve().parent.parent


def corpus(paths: list[str]) -> str:
    texts = []
    for p in paths or sorted((ROOT / "samples").glob("*.txt")):
        raw = Path(p).read_bytes()
        for enc in ("utf-8", "gb18030"):
            try:
                texts.append(raw.decode(enc))
                break
            except UnicodeDecodeError:
                continue
    # add the pinyin-annotated form of a traditional sentence
    texts.append("科學(xué)技術(shù)局超過200萬(wàn)元的項(xiàng)目。\n" * 20)
    blob = "\n".join(texts).encode("utf-8")
    target = 1024 * 1024
    return (blob * (target // len(blob) + 1))[:target].decode("utf-8", errors="ignore")


def best_of(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    text = corpus(sys.argv[1:])
    mb = len(text.encode("utf-8")) / (1024 * 1024)
    normalize("预热 warm-up")
    total = best_of(lambda: normalize(text))
    explained = best_of(lambda: normalize(text, explain=True))
    print(f"text: {len(text):,} characters, {mb:.2f} MB as UTF-8")
    print(f"normalize, all steps: {total:.3f} s  ({mb / total:.1f} MB/s); counting changes (--explain): {explained:.3f} s")
    for step in STEPS:
        only = NormalizeConfig(**{s: s == step for s in STEPS})
        print(f"  {step:11} alone: {best_of(lambda: normalize(text, only)):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

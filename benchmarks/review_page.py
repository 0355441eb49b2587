#!/usr/bin/env python3
"""How the review page of a long document behaves in headless Chromium.

    python benchmarks/review_page.py [FILE]   # default: the largest corpus text

Prints the time to write the page, to load it, to sort the targets table
and to jump from the last row to its highlight (needs Debian's chromium and
chromium-driver: bash scripts/install-test-browser.sh).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main(argv: list[str]) -> int:
    import browser
    from plankit.batch import Source, source_text
    from plankit.pipeline import parse_text
    from plankit.report import Input, render

    corpus = ROOT.parent / "shared" / "corpus"
    path = Path(argv[0]) if argv else max(corpus.glob("*.txt"), key=lambda p: p.stat().st_size)
    t0 = time.perf_counter()
    text, used, size = source_text(Source(name=str(path), path=str(path)))
    page = render([Input(text, parse_text(text, source=str(path), encoding=used))])
    build = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "review.html"
        out.write_text(page, encoding="utf-8")
        driver = browser.start()
        try:
            t0 = time.perf_counter()
            driver.get(out.as_uri())
            load = time.perf_counter() - t0
            marks, elements = driver.execute_script(
                "return [document.querySelectorAll('mark.target').length, document.getElementsByTagName('*').length]")
            t0 = time.perf_counter()
            driver.execute_script("document.querySelector('.targets th[data-type=num]').click()")
            sort = time.perf_counter() - t0
            t0 = time.perf_counter()
            driver.execute_script("const r = document.querySelectorAll('.targets tbody tr'); r[r.length - 1].click()")
            jump = time.perf_counter() - t0
        finally:
            browser.stop(driver)
    print(f"{path.name}: {size / 1024:.0f} KB, {marks} highlights, {elements} elements, page {len(page.encode()) / 1024:.0f} KB")
    print(f"parse + render {build * 1000:.0f} ms; browser load {load * 1000:.0f} ms; "
          f"sort table {sort * 1000:.0f} ms; jump to last highlight {jump * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""What each reader of ``plankit.parse.formats`` costs (issue 14).

    python benchmarks/formats.py [TEXT_DIR ...]

The texts (default: the bundled samples, plus the shared dev texts and
corpus when they sit beside the checkout) are turned into each format, and
each reader is timed on the files it reads (best of three rounds, after a
warm-up, caches cleared before each file): files, MB in, milliseconds a file,
milliseconds a MB, MB a second, and the reader's share of a full
``parse_bytes`` of the same files.

Rows (one function a format family in :data:`ROWS`, each returning
(label, format, files)):
- Word: .docx (python-docx, one paragraph a line), numbered .docx (heading
  markers turned into Word numbering, rendered back from numbering.xml),
  .doc and numbered .doc (LibreOffice from those, when ``soffice`` is
  installed; a .wps is the same bytes).
- OFD: the texts laid out as official documents (tests/make_ofd.py: 28
  characters a line, 22 lines a page, page numbers), paragraphs rebuilt.
- Web pages (tests/make_html.py), site chrome around the text: a page of
  today, the same with a title and rich-text paragraphs, and an old layout
  (a table cell, ``<br>`` between lines); trafilatura when installed.
- PDF (tests/make_pdf.py, headless Chromium): the texts printed as official
  documents (A4, indented justified paragraphs, a running header, ``— N —``
  page numbers), text layers rebuilt into paragraphs.

Then the figures of :data:`FIGURES`: PDF pages a second, text extraction
with reflow, on one PDF of all the dev texts (issue 14 asks for 50 or more),
and what OCR costs a page.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))  # the test files' builders


def load_texts(folders: list[Path]) -> list[tuple[str, str]]:
    from plankit.parse.read import decode_bytes

    texts = []
    for folder in folders:
        for p in sorted(folder.glob("*.txt")):
            texts.append((p.stem, decode_bytes(p.read_bytes()).text))
    return texts


def word_rows(texts: list[tuple[str, str]]) -> list[tuple[str, str, list[bytes]]]:
    from wordfiles import SOFFICE, convert, number_headings, plain_docx

    plain = {f"{i:03d}.docx": plain_docx(text.split("\n")) for i, (_stem, text) in enumerate(texts)}
    numbered = {f"{i:03d}.docx": number_headings(text)[0] for i, (_stem, text) in enumerate(texts)}
    rows = [("docx", "docx", list(plain.values())), ("docx, numbered", "docx", list(numbered.values()))]
    if SOFFICE:
        rows.append(("doc (LibreOffice)", "doc", list(convert(plain).values())))
        rows.append(("doc, numbered", "doc", list(convert(numbered).values())))
    else:
        print("doc rows skipped: no soffice (bash scripts/install-test-browser.sh)", file=sys.stderr)
    return rows


def ofd_rows(texts: list[tuple[str, str]]) -> list[tuple[str, str, list[bytes]]]:
    from make_ofd import build_ofd

    files = [build_ofd(text) for _stem, text in texts]
    pages = sum(len(page_texts) for _data, page_texts in files)
    return [(f"ofd ({pages} pages)", "ofd", [data for data, _pages in files])]


def html_rows(texts: list[tuple[str, str]]) -> list[tuple[str, str, list[bytes]]]:
    from make_html import modern_page, table_page

    try:
        import trafilatura  # noqa: F401
    except ImportError:
        print("html rows: no trafilatura, the stdlib reader alone (pip install 'plankit[html]')", file=sys.stderr)
    return [
        ("html", "html", [modern_page(text).encode("utf-8") for _stem, text in texts]),
        ("html, styled", "html", [modern_page(text, styled=True).encode("utf-8") for _stem, text in texts]),
        ("html, old table", "html", [table_page(text).encode("utf-8") for _stem, text in texts]),
    ]


def _printed(texts: list[tuple[str, str]]) -> list[bytes]:
    """The texts printed to PDF by Chromium, two at a time."""
    from concurrent.futures import ThreadPoolExecutor

    from make_pdf import chromium_pdf, text_html

    def one(text: str) -> bytes:
        title = next((line.strip() for line in text.split("\n") if line.strip()), "")[:30]
        return chromium_pdf(text_html(text, header=title))

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(one, [text for _stem, text in texts]))


def _page_count(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def pdf_rows(texts: list[tuple[str, str]]) -> list[tuple[str, str, list[bytes]]]:
    from make_pdf import CHROMIUM

    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        print("pdf rows skipped: no pypdfium2 (pip install 'plankit[pdf]')", file=sys.stderr)
        return []
    if not CHROMIUM:
        print("pdf rows skipped: no chromium to print the texts (bash scripts/install-test-browser.sh)",
              file=sys.stderr)
        return []
    files = _printed(texts)
    return [(f"pdf ({sum(map(_page_count, files))} pages)", "pdf", files)]


#: builders of benchmark rows, one a format family
ROWS: list[Callable[[list[tuple[str, str]]], list[tuple[str, str, list[bytes]]]]] = [
    word_rows, ofd_rows, html_rows, pdf_rows]


def pdf_pages_per_second(texts: list[tuple[str, str]]) -> None:
    """PDF text extraction with reflow, on one long PDF of all the dev texts."""
    from make_pdf import CHROMIUM, chromium_pdf, text_html

    from plankit.parse.formats.pdf import pdf_text

    dev = sorted((SHARED / "gold" / "dev" / "texts").glob("*.txt"))
    if not CHROMIUM or not dev:
        print("pdf pages/s skipped: needs chromium and ../shared/gold/dev/texts", file=sys.stderr)
        return
    data = chromium_pdf(text_html("\n".join(p.read_text(encoding="utf-8") for p in dev), header="某区人民政府文件"))
    pages = _page_count(data)
    seconds = best_of(lambda: pdf_text(data))
    print(f"pdf text with reflow: {pages} pages of the {len(dev)} dev texts in {seconds * 1000:.0f} ms: "
          f"{pages / seconds:.0f} pages/s (issue 14 asks for 50 or more)")


def ocr_seconds_a_page(texts: list[tuple[str, str]]) -> None:
    """What OCR of one scanned page costs (once: it takes seconds)."""
    from make_pdf import CHROMIUM, chromium_pdf, scanned_pdf, text_html

    from plankit.parse.formats import pdf

    if not CHROMIUM or not texts or not pdf._ocr_available():
        print("ocr skipped: needs chromium and rapidocr-onnxruntime (pip install 'plankit[ocr]')", file=sys.stderr)
        return
    scan = scanned_pdf(chromium_pdf(text_html(texts[0][1])), pages=[0])
    pdf.pdf_text(scan)  # the models load outside the clock
    t0 = time.perf_counter()
    pdf.pdf_text(scan)
    print(f"pdf OCR (rapidocr): {time.perf_counter() - t0:.1f} s a page")


#: figures printed after the table, each given the texts
FIGURES: list[Callable[[list[tuple[str, str]]], None]] = [pdf_pages_per_second, ocr_seconds_a_page]


def clear_caches() -> None:
    """No help from what an earlier file kept: the pipeline's caches and the
    .docx reader's styles of the last templates (files made from one
    template, as a batch's often are, read faster than these figures)."""
    from plankit.parse.formats import docx
    from plankit.pipeline import clear_caches as clear_pipeline

    clear_pipeline()
    docx._styles.cache_clear()


def best_of(fn: Callable[[], object], rounds: int = 3) -> float:
    fn()  # warm-up: imports outside the clock
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str]) -> None:
    from plankit import parse_bytes
    from plankit.parse.formats import reader
    from plankit.parse.formats.docx import _styles

    clear_styles = _styles.cache_clear

    folders = [Path(a) for a in argv] or [
        f for f in (ROOT / "samples", SHARED / "gold" / "dev" / "texts", SHARED / "corpus") if f.is_dir()]
    texts = load_texts(folders)
    print(f"{len(texts)} texts, {sum(len(t) for _s, t in texts):,} characters, from "
          + ", ".join(str(f) for f in folders))
    print(f"{'reader':<20} {'files':>5} {'MB in':>7} {'ms/file':>8} {'ms/MB':>8} {'MB/s':>7} {'of parse':>8}")
    for build in ROWS:
        for label, fmt, files in build(texts):
            read = reader(fmt)
            megabytes = sum(map(len, files)) / 1e6
            seconds = best_of(lambda: [(clear_styles(), read(data)) for data in files])
            parse = best_of(lambda: [(clear_caches(), parse_bytes(data)) for data in files])
            print(f"{label:<20} {len(files):>5} {megabytes:>7.2f} {1000 * seconds / len(files):>8.2f} "
                  f"{1000 * seconds / megabytes:>8.1f} {megabytes / seconds:>7.1f} {seconds / parse:>8.0%}")
    for figure in FIGURES:
        figure(texts)


if __name__ == "__main__":
    main(sys.argv[1:])

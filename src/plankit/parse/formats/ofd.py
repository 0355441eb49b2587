"""OFD (GB/T 33190, China's standard for electronic official documents): the
text in reading order, one paragraph a line, with the page starts.

ofdkit (the ``ofd`` extra) opens the package and places every text run on
its page; its layout module orders lines and reads column regions column by
column. An OFD page, like a PDF page, breaks every visual line, so the
paragraphs are rebuilt here: a line that reaches the right edge of the text
continues on the next one unless that one is indented, starts another size
of type, a table row, or a heading after a finished sentence; a paragraph
that runs over a page break is one line, the page starting inside it. Page
numbers (``— 3 —``, ``第3页``) and running headers and footers (the same
line at the top or bottom of most pages) are dropped.

Every part of the zip is checked before anything is unpacked: over 50 MB,
or expanding more than 200-fold, or XML parts over 200 MB in all, the file
is refused (a zip's declared size
bounds what zipfile unpacks: a part that lies about it fails its CRC check).
ofdkit refuses XML with a DTD or entity declarations (no entity expansion).
"""

from __future__ import annotations

import io
import re
import statistics
import zipfile
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from plankit import regex
from plankit.errors import DecodeFailed, InputTooLarge, PlankitError
from plankit.parse import read

#: the XML of all parts together (a plan of a thousand pages has a few tens of MB)
MAX_XML = 4 * read.MAX_BYTES
#: ofdkit keeps text runs this far outside the page box as on the page (mm)
_PAGE_MARGIN = 2.0

_PAGE_NUMBER = regex.compile(
    r"^[\s\-—–－―·•]*(?:第\s*)?[0-9０-９]+\s*(?:页)?\s*(?:(?:[/／]|共)\s*[0-9０-９]+\s*页?)?[\s\-—–－―·•]*$"
    r"|^[\s\-—–－―·•]*(?:Page|page|PAGE)\s*\d+(?:\s*(?:of|/)\s*\d+)?[\s\-—–－―·•]*$"
)
#: a line that opens with a heading marker starts a paragraph after a finished sentence
_HEADING = regex.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十百]+[)）]|第[一二三四五六七八九十百零〇0-9]+[章节条部分篇]"
    r"|[0-9]{1,2}[、.．](?![0-9])|[(（][0-9]{1,2}[)）]|[①-⑳])"
)
_SENTENCE_END = tuple("。；;：:！!？?」』”)）")


@dataclass
class _Line:
    page: int
    text: str
    x0: float
    x1: float
    y: float
    size: float
    block: int
    cells: bool  # pieces far apart: a table row


def ofd_text(data: bytes, name: str = "input", encoding: Optional[str] = None):
    """An OFD file's text as the registry returns it (``encoding`` does not apply)."""
    from plankit.parse.formats import ExtractedText, MissingExtra

    _check_parts(data, name)
    try:
        import ofdkit
        from ofdkit.errors import OFDError, OFDLimitError
    except ImportError:
        raise MissingExtra(f"{name} is an OFD file: reading it needs ofdkit: pip install 'plankit[ofd]'") from None
    notes: list[str] = []
    lines: list[_Line] = []
    blank_pages = 0
    try:
        with ofdkit.open(data) as document:
            count = len(document.pages)
            block = 0
            for page in document.pages:
                try:
                    runs, box = page.runs, page.box
                except OFDLimitError:
                    raise
                except OFDError as exc:
                    notes.append(f"page {page.index + 1} could not be read ({_one_line(exc)})")
                    continue
                x0, y0, width, height = box
                visible = [r for r in runs if r.text.strip()
                           and x0 - _PAGE_MARGIN <= r.x <= x0 + width + _PAGE_MARGIN
                           and y0 - _PAGE_MARGIN <= r.y <= y0 + height + _PAGE_MARGIN]
                if not visible:
                    blank_pages += 1
                page_lines, block = _page_lines(visible, page.index, block)
                lines.extend(_without_page_numbers(page_lines, y0, height))
            notes.extend(_one_line(w) for w in document.warnings)
    except OFDLimitError as exc:
        raise InputTooLarge(f"{name}: refused: {_one_line(exc)}") from None
    except OFDError as exc:
        raise DecodeFailed(f"{name} is not a readable OFD file ({_one_line(exc)})") from None
    except (PlankitError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # anything else ofdkit meets in a damaged file
        raise DecodeFailed(f"{name} is a damaged OFD file ({type(exc).__name__}: {_one_line(exc)})") from None
    if count and blank_pages == count:
        notes.append(f"no text on any of its {count} pages (scanned images?): OFD pages are not OCRed")
    elif blank_pages:
        notes.append(f"{blank_pages} of {count} pages have no text (scanned images?)")
    lines = _without_running_lines(lines, count)
    text, starts = _reflow(lines, count)
    return ExtractedText(text, "ofd", starts, tuple(notes))


def _one_line(exc: object) -> str:
    return " ".join(str(exc).split())


def _check_parts(data: bytes, name: str) -> None:
    """Refuse the file when any part is over the size limit or a zip bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise DecodeFailed(f"{name} is not a readable OFD file ({_one_line(exc)})") from None
    xml = sum(info.file_size for info in infos if info.filename.lower().endswith(".xml"))
    if xml > MAX_XML:
        raise InputTooLarge(f"{name}: its XML parts unpack to {xml / (1024 * 1024):.0f} MB, over the "
                            f"{MAX_XML // (1024 * 1024)} MB limit; skipped")
    for info in infos:
        read.check_zip_part(info, f"{name}: its part {info.filename}")


# ------------------------------------------------------------------ lines of a page


def _page_lines(runs: list, page: int, block: int) -> tuple[list[_Line], int]:
    """The page's lines in reading order (ofdkit's column regions read column
    by column), each knowing its block; and the next block number."""
    try:
        from ofdkit.layout import _blocks, _dedupe, _group_lines
    except ImportError:  # another ofdkit: lines top to bottom, one block
        blocks = [_simple_lines(runs)]
    else:
        blocks = _blocks(_group_lines(list(_dedupe(runs)))) if runs else []
    out: list[_Line] = []
    for lines in blocks:
        for line in lines:
            text, cells = _join(line)
            if text:
                size = statistics.median(max(r.size, 1.0) for r in line)
                out.append(_Line(page, text, line[0].x, max(r.x + r.width for r in line), line[0].y, size, block, cells))
        block += 1
    return out, block


def _simple_lines(runs: list) -> list[list]:
    lines: list[list] = []
    for run in sorted(runs, key=lambda r: (r.y, r.x)):
        if lines and abs(run.y - lines[-1][0].y) <= 0.5 * max(min(run.size, lines[-1][0].size), 1.0):
            lines[-1].append(run)
        else:
            lines.append([run])
    for line in lines:
        line.sort(key=lambda r: r.x)
    return lines


def _join(line: list) -> tuple[str, bool]:
    """A line's text: a space for a word gap, a tab between cells."""
    parts = [line[0].text]
    cells = False
    for previous, run in zip(line, line[1:]):
        size = max(min(previous.size, run.size), 1.0)
        gap = run.x - (previous.x + previous.width)
        if gap > 1.5 * size:
            parts.append("\t")
            cells = True
        elif gap > 0.25 * size:
            parts.append(" ")
        parts.append(run.text)
    return " ".join("".join(parts).split(" ")).strip(), cells


def _without_page_numbers(lines: list[_Line], top: float, height: float) -> list[_Line]:
    """Drop a page number: the first or last line of the page, in its top or
    bottom sixth, that is only a number (``— 3 —``, ``第3页 共9页``, ``3/9``)."""
    if not lines:
        return lines
    by_y = sorted(lines, key=lambda line: line.y)
    drop = set()
    for line in (by_y[0], by_y[-1]):
        margin = line.y < top + height / 6 or line.y > top + height * 5 / 6
        if margin and _PAGE_NUMBER.match(line.text):
            drop.add(id(line))
    return [line for line in lines if id(line) not in drop]


def _without_running_lines(lines: list[_Line], pages: int) -> list[_Line]:
    """Drop running headers and footers: a page's first or last line whose
    text (digits aside) is at the same height on most pages (three at least)."""
    if pages < 3 or not lines:
        return lines
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    edges: list[tuple[tuple[str, int], _Line]] = []
    for page_lines in by_page.values():
        ordered = sorted(page_lines, key=lambda line: line.y)
        for line in {id(ordered[0]): ordered[0], id(ordered[-1]): ordered[-1]}.values():
            edges.append(((re.sub(r"\d+", "#", line.text), round(line.y / 3)), line))
    seen = Counter(key for key, _ in edges)
    drop = {id(line) for key, line in edges if seen[key] >= max(3, pages // 2 + 1)}
    return [line for line in lines if id(line) not in drop]


# ------------------------------------------------------------------ paragraphs


def _mode(values: list[float], pick) -> Optional[float]:
    if not values:
        return None
    counts = Counter(round(v * 2) / 2 for v in values)
    best = max(counts.values())
    return pick(v for v, c in counts.items() if c == best)


def _reflow(lines: list[_Line], pages: int) -> tuple[str, tuple[int, ...]]:
    """Join the visual lines into paragraphs; the offset where each page starts."""
    if not lines:
        return "", tuple([0] * pages)
    weights = Counter()
    for line in lines:
        weights[round(line.size, 1)] += len(line.text)
    body = weights.most_common(1)[0][0]
    blocks: dict[int, list[_Line]] = {}
    for line in lines:
        blocks.setdefault(line.block, []).append(line)
    # the text area: the usual left and right edges of the pages' body lines
    edges_of_pages: dict[int, tuple[float, float]] = {}
    for line in lines:
        if abs(line.size - body) <= 0.15 * body:
            x0, x1 = edges_of_pages.get(line.page, (line.x0, line.x1))
            edges_of_pages[line.page] = (min(x0, line.x0), max(x1, line.x1))
    lefts = [x0 for x0, _ in edges_of_pages.values()]
    rights = [x1 for _, x1 in edges_of_pages.values()]
    left, right = _mode(lefts, min), _mode(rights, max)
    edges: dict[int, tuple[float, float]] = {}
    for number, block in blocks.items():
        b_left = min(line.x0 for line in block)
        b_right = max(line.x1 for line in block)
        if left is None or right is None:
            edges[number] = (b_left, b_right)
        elif b_right - b_left < 0.7 * (right - left) and len(block) >= 3:
            edges[number] = (b_left, b_right)  # a column of a column region: its own edges
        else:
            edges[number] = (min(b_left, left), max(b_right, right))
    steps = [b.y - a.y for a, b in zip(lines, lines[1:])
             if a.page == b.page and a.block == b.block and b.y > a.y and abs(a.size - b.size) < 0.1]
    pitch = statistics.median(steps) if steps else 1.5 * body

    out: list[str] = []
    written = 0  # characters of the finished paragraphs, with their newlines
    starts: list[int] = []
    current = ""
    previous: Optional[_Line] = None
    for line in lines:
        if previous is not None and _continues(previous, line, edges, pitch):
            pass  # Chinese wraps anywhere: the lines join without a space
        else:
            if previous is not None:
                out.append(current)
                written += len(current) + 1
                if line.page == previous.page and line.y - previous.y > 1.6 * pitch:
                    out.append("")  # a blank line: a gap of more than a line
                    written += 1
            current = ""
        while len(starts) <= line.page:  # this page, and any empty one before it
            starts.append(written + len(current))
        current += line.text
        previous = line
    out.append(current)
    while len(starts) < pages:  # empty pages at the end
        starts.append(written + len(current))
    return "\n".join(out), tuple(starts)


def _continues(a: _Line, b: _Line, edges: dict[int, tuple[float, float]], pitch: float) -> bool:
    """Whether line ``b`` goes on with the paragraph of line ``a``."""
    if a.cells or b.cells:
        return False
    size = max(a.size, b.size)
    if abs(a.size - b.size) > 0.15 * size:
        return False
    if a.page == b.page and not 0 < b.y - a.y <= 1.6 * pitch and a.block == b.block:
        return False
    _, a_right = edges[a.block]
    b_left, _ = edges[b.block]
    if a.x1 < a_right - 1.5 * a.size:
        return False  # a stops short of the right edge: its paragraph ends
    if b.x0 > b_left + 0.8 * b.size:
        return False  # b is indented: a paragraph starts
    if a.text.endswith(_SENTENCE_END) and _HEADING.match(b.text):
        return False
    return True

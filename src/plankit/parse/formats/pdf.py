"""PDF: the text layer read with pypdfium2 and rebuilt into paragraphs;
pages without one OCRed with rapidocr when the ``ocr`` extra is installed.

Every extractor breaks a PDF's text at each visual line and keeps the running
headers and page numbers, so the later stages would see half sentences and
``— 3 —`` lines. Here the characters' boxes rebuild the text:

* rows: characters in the order the file draws them, one row per visual
  line; a wide gap between two characters that lines up with one in the row
  above or below is a table cell's edge (cells are tab-joined, so tables come
  row by row);
* flows: the rows of one column (a jump up or sideways starts another), in
  the file's order, which is reading order for the programs that make plans
  (Word, WPS, LibreOffice, browsers write a column before the next);
* paragraphs: a row that stops short of its column's right edge ends one (by
  more than the next row's first word would need, or, mid-sentence, by more
  than three characters), an indented row starts one, so do a row in
  another font size, one after a wider gap, a table row and a row opening
  with a heading marker (``一、`` ``（一）`` ``1.``) after a full stop; the
  columns' edges are those many rows of the document share;
* furniture: a page number (``— 3 —``, ``- 3 -``, ``第3页``, ``3/10``) in the
  top or bottom margin, and a line repeated at the same height on most pages
  (running headers), are dropped; so is text at another angle than the
  page's (a watermark), and a page whose text is turned is read upright.

The text is otherwise kept as the file has it: a space LibreOffice puts
between a number and Chinese (``192.3 亿元``) stays, Kangxi radicals (``⼈⺠``)
are left to the normalising stage. ``pages`` holds where each page's text
starts.

A page without a text layer (a scan: an image and no text, or only a few
characters or unmapped glyphs over it) is OCRed when rapidocr is installed
(its models ship in the wheel: nothing is downloaded); :data:`progress` is
told page by page. ``notes`` say which pages were OCRed and where OCR may
have dropped lines; without rapidocr, such pages are skipped with a note, or
the file fails with :class:`NeedsOCR` when no page has text.

Bad input is refused with one line: encrypted files (no password is taken),
damaged files, more than :data:`MAX_PAGES` pages, a stream that inflates like
a zip bomb (checked before PDFium reads the file), more than 50 MB of text.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
import threading
import zlib
from functools import lru_cache
from typing import Callable, Optional

from plankit import regex
from plankit.errors import DecodeFailed, InputTooLarge
from plankit.parse import read
from plankit.parse.formats import ExtractedText, MissingExtra

__all__ = ["MAX_PAGES", "NeedsOCR", "pdf_text"]

#: a plan has tens of pages, a yearbook a few hundred; more is refused unread
MAX_PAGES = 2000
#: the text a PDF may hold, as for any input (characters)
MAX_CHARS = read.MAX_BYTES
#: a stream may expand this many times and this much before it is a bomb
#: (text and fonts compress 2-10 fold; PDF bombs a thousand fold and more)
MAX_STREAM_RATIO = 1000
MAX_STREAM_BYTES = 256 * 1024 * 1024
MAX_STREAMS_TOTAL = 1024 * 1024 * 1024
#: pixels OCR renders a page at, per PDF point (2 = 144 dpi), and at most
#: in all (an A4 page is 2 million at 144 dpi)
OCR_SCALE = 2.0
OCR_PIXELS = 4_000_000
#: a page holding an image larger than this is not rendered for OCR
MAX_IMAGE_PIXELS = 100_000_000

#: called as progress(name, done, total) while pages are OCRed; the command
#: line sets it when standard error is a terminal (the library never prints)
progress: Optional[Callable[[str, int, int], None]] = None

_PDFIUM_MISSING = "reading PDF needs pypdfium2: pip install 'plankit[pdf]'"
# PDFium is not thread-safe: one document at a time per process
_LOCK = threading.Lock()


class NeedsOCR(MissingExtra):
    """Every page is a scan and the OCR extra is not installed."""


# ------------------------------------------------------------------- rows

#: a gap this many line heights wide between two characters of a row may be
#: a table cell's edge (if it lines up with one in the row before or after)
CELL_GAP = 0.45
#: OCR finds lines, not characters: a gap this wide between two of a line's boxes is a cell's edge
OCR_CELL_GAP = 0.6
_CLOSING = set("，。、；：？！）》」』”’%％,.;:?!)]}·…—-")
_OPENING = set("（《「『“‘([{【〔")
_SKIP = set("\r\n\x00\x02\ufffe\uffff")
_SPACES = set(" \t\u3000\xa0\u2002\u2003\u2009")


class Row:
    """One visual line: its text and box (PDF points, y upwards)."""

    __slots__ = ("text", "l", "b", "r", "t", "h", "page", "cells", "unit", "flow", "gaps")

    def __init__(self, text: str, l: float, b: float, r: float, t: float, h: float, page: int,
                 cells: bool = False, unit: float = 0.0):
        self.text, self.l, self.b, self.r, self.t, self.h = text, l, b, r, t, h
        self.page, self.cells, self.unit = page, cells, unit
        self.flow: Optional[Flow] = None
        #: wide gaps in the row, each marked by a NUL in ``text`` until
        #: :func:`_cells` decides: (left, right, the text if no cell edge, sure edge)
        self.gaps: list[tuple[float, float, str, bool]] = []

    def __repr__(self) -> str:  # for debugging
        return f"Row({self.text[:20]!r}, l={self.l:.0f}, r={self.r:.0f}, b={self.b:.0f}, p={self.page})"


def _is_word(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _turn(raw, text: str, n: int) -> int:
    """Quarter turns of most of a page's text, clockwise (3: it runs
    upwards, a landscape table on a portrait page), from a sample of its
    characters."""
    import pypdfium2.raw as pdfium_c

    votes = [0, 0, 0, 0]
    for i in range(0, n, max(1, n // 24)):
        if text[i] > " ":
            angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
            if angle >= 0:
                votes[round(angle / _QUARTER) % 4] += 1
    return votes.index(max(votes))


_QUARTER = math.pi / 2


def _page_rows(textpage, page: int, width: float, height: float) -> tuple[list[Row], int, int, float]:
    """The rows of a page's text layer in drawing order, the number of
    characters and of unusable ones (private use, unmapped glyphs), and the
    page's height as its text stands.

    Text at another angle than most of the page's (a watermark) is left out;
    a page whose text is turned (a landscape table) is read turned back."""
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    if n <= 0:
        return [], 0, 0, height
    text = textpage.get_text_range()
    if len(text) != n:  # characters outside the BMP or PDFium's inserted ones: one by one
        unicode = pdfium_c.FPDFText_GetUnicode
        text = "".join(chr(unicode(raw, i)) for i in range(n))
    turn = _turn(raw, text, n)
    upright = turn * _QUARTER
    get_angle = pdfium_c.FPDFText_GetCharAngle
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)
    rows: list[Row] = []
    bad = 0
    chars: list[str] = []
    # the row being built: its band (b, t), height, right edge, last character
    rb = rt = h = rr = rl = 0.0
    last = ""
    last_l = 0.0
    unit_r = 0.0
    # the row's first unbreakable piece: 1 after an opening bracket, 2 in a
    # Latin word or number, 3 after a Chinese character (closing punctuation
    # may follow), 0 ended
    unit = 0
    gaps: list[tuple[float, float, str, bool]] = []
    space = 0  # 1: PDFium saw a gap and put a space; 2: the file has spaces (kept as they are)
    spaces = ""
    generated = pdfium_c.FPDFText_IsGenerated
    for i in range(n):
        c = text[i]
        if c in _SPACES:
            if c != " " or generated(raw, i) != 1:
                spaces = spaces + c if space == 2 else c
                space = 2
            elif not space:
                space, spaces = 1, " "
            continue
        if c in _SKIP or c < " ":
            continue
        o = ord(c)
        if 0xE000 <= o <= 0xF8FF or c == "\ufffd":
            bad += 1
            continue
        angle = get_angle(raw, i)
        if abs(angle - upright) > 0.05 and abs(angle - upright - 2 * math.pi) > 0.05 and angle >= 0:
            continue  # turned against the page's text: a watermark, a stamp
        get_box(raw, i, ref)
        if turn == 0:
            l, b, r, t = rect.left, rect.bottom, rect.right, rect.top
        elif turn == 1:  # runs downwards (PDFium's angles go clockwise)
            l, b, r, t = height - rect.top, rect.left, height - rect.bottom, rect.right
        elif turn == 2:
            l, b, r, t = width - rect.right, height - rect.top, width - rect.left, height - rect.bottom
        else:  # runs upwards
            l, b, r, t = rect.bottom, width - rect.right, rect.top, width - rect.left
        if chars:
            cy = (b + t) * 0.5
            if rb - 0.2 * h <= cy <= rt + 0.2 * h and l >= rr - 0.5 * h:  # same line, onwards
                gap = l - rr
                if c == last and abs(l - last_l) < 0.25 * (r - l):  # drawn twice (fake bold)
                    continue
                if space == 2 or (space and (_is_word(c) or _is_word(last))) or (
                        gap > 0.2 * h and _is_word(c) and _is_word(last)):
                    # the file's own spaces; else a gap beside a Latin word
                    # or number (not a justified line's spacing of Chinese)
                    sep = spaces if space == 2 else " "
                else:
                    sep = ""
                if gap >= 2.5 * h or (space != 2 and gap >= CELL_GAP * h):
                    gaps.append((rr, l, sep, gap >= 2.5 * h))  # a table cell's edge?
                    chars.append("\0")
                    unit = 0
                elif sep:
                    chars.append(sep)
                    unit = 0
                elif unit:
                    if unit == 1:
                        unit = 1 if c in _OPENING else 3 if c >= "\u2e80" else 2
                        unit_r = r
                    elif c in "\"'":  # no break either side of an ASCII quote
                        unit, unit_r = 1, r
                    elif c in _CLOSING or (unit == 2 and c < "\u2e80"):
                        unit_r = r
                    elif c in _OPENING:  # no line ends at an opening bracket
                        unit, unit_r = 1, r
                    else:
                        unit = 0
                chars.append(c)
                if r > rr:
                    rr = r
                if t - b >= 0.7 * h:
                    if b < rb:
                        rb = b
                    if t > rt:
                        rt = t
                last, last_l, space = c, l, 0
                continue
            rows.append(_row(chars, rl, rb, rr, rt, h, page, gaps, unit_r - rl))
        chars = [c]
        rl, rb, rr, rt = l, b, r, t
        h = t - b if t > b else 1.0
        unit_r, gaps = r, []
        unit = 1 if c in _OPENING else 3 if c >= "\u2e80" else 2
        last, last_l, space = c, l, 0
    if chars:
        rows.append(_row(chars, rl, rb, rr, rt, h, page, gaps, unit_r - rl))
    _cells(rows)
    return rows, n, bad, width if turn % 2 else height


def _row(chars: list[str], l: float, b: float, r: float, t: float, h: float, page: int,
         gaps: list[tuple[float, float, str, bool]], unit: float) -> Row:
    row = Row("".join(chars), l, b, r, t, h, page, False, unit)
    row.gaps = gaps
    return row


def _cells(rows: list[Row]) -> None:
    """Decide the wide gaps of each row: a table's cells, whose edges line up
    with a gap of the row before or after (the column between them), are
    tab-joined; another gap (a space and LibreOffice's spacing beside a
    number, a justified line spread out) is what it would be without cells,
    and so is a row whose pieces are single characters."""
    for i, row in enumerate(rows):
        if not row.gaps:
            continue
        near = [other.gaps for other in rows[max(0, i - 1):i + 2] if other is not row and other.gaps]
        pieces = row.text.split("\0")
        spread = len(pieces) >= 3 and all(len(piece) == 1 for piece in pieces[:-1])
        out = [pieces[0]]
        for (x0, x1, sep, sure), piece in zip(row.gaps, pieces[1:]):
            edge = not spread and (sure or any(min(x1, y1) - max(x0, y0) > 0 for gaps in near
                                               for y0, y1, _sep, _sure in gaps))
            out.append("\t" if edge else sep)
            out.append(piece)
            row.cells = row.cells or edge
        row.text = "".join(out)


# -------------------------------------------------------------- furniture

_PAGE_NUMBER = regex.compile(
    r"[-—–―‒─－~·•\s]*\d{1,4}[-—–―‒─－~·•一\s]*"  # (OCR may read the last dash as 一)
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?"
)
#: the top and bottom share of a page where headers, footers and page numbers sit
MARGIN = 0.13


def _drop_furniture(pages: list[list[Row]], heights: list[float]) -> None:
    """Remove page numbers and running headers and footers, in place."""
    candidates: list[list[Row]] = []
    for rows, height in zip(pages, heights):
        found = []
        if rows:
            by_height = sorted(rows, key=lambda row: -row.t)
            for row in by_height[:3] + by_height[-3:]:
                middle = (row.b + row.t) / 2
                if (middle > height * (1 - MARGIN) or middle < height * MARGIN) and row not in found:
                    found.append(row)
        candidates.append(found)
    seen: dict[str, list[tuple[int, float]]] = {}
    for number, found in enumerate(candidates):
        for row in found:
            seen.setdefault(_furniture_key(row), []).append((number, (row.b + row.t) / 2))
    with_text = sum(1 for rows in pages if rows)
    repeated = max(2, 0.4 * with_text)
    for rows, found in zip(pages, candidates):
        for row in found:
            middle = (row.b + row.t) / 2
            # the pages that have it at the same height (give or take half a line)
            near = max(6.0, row.h / 2)
            pages_with = {number for number, y in seen[_furniture_key(row)] if abs(y - middle) <= near}
            if _PAGE_NUMBER.fullmatch(row.text.strip()) or len(pages_with) >= repeated:
                rows.remove(row)


def _furniture_key(row: Row) -> str:
    """A header's text whatever its numbers (``第3页`` and ``第4页`` are one)."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", row.text))


# ------------------------------------------------------------ paragraphs


class Flow:
    """The rows of one column, one after the other, and the column's edges."""

    __slots__ = ("rows", "l", "r", "pitch", "sure")

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.l = self.r = 0.0
        #: the usual distance from a row's baseline to the next one's
        self.pitch = 0.0
        #: the right edge is one other rows share (not only the longest row's end)
        self.sure = False


def _flows(rows: list[Row]) -> list[Flow]:
    """Split a page's rows into flows: a row that moves up, clear of the row
    before to the right or left, or far left of the flow, starts another."""
    flows: list[Flow] = []
    flow: Optional[Flow] = None
    lo = 0.0
    prev: Optional[Row] = None
    for row in rows:
        if prev is not None and flow is not None:
            h = max(row.h, prev.h)
            if row.t > prev.t + 0.5 * h and row.l > lo + 2 * h:
                # up and to the right: the next column. The rows of this flow
                # beside it were a column too, not the text above them.
                k = len(flow.rows)
                while k > 0 and flow.rows[k - 1].t <= row.t + 0.5 * h:
                    k -= 1
                if 0 < k < len(flow.rows):
                    column = Flow()
                    column.rows = flow.rows[k:]
                    del flow.rows[k:]
                    for moved in column.rows:
                        moved.flow = column
                    flows.append(column)
                flow = None
            elif (row.t > prev.t + 0.5 * h or row.l > prev.r - 0.5 * h or row.r < prev.l + 0.5 * h
                  or row.l < lo - 6 * h):
                flow = None
        if flow is None:
            flow = Flow()
            flows.append(flow)
            lo = row.l
        flow.rows.append(row)
        row.flow = flow
        lo = min(lo, row.l)
        prev = row
    for flow in flows:
        steps = [a.b - b.b for a, b in zip(flow.rows, flow.rows[1:]) if a.b > b.b]
        flow.pitch = statistics.median(steps) if len(steps) >= 2 else 0.0
    return flows


def _peaks(values: list[float], least: float, first: bool) -> list[float]:
    """Edges many rows share: clusters of values no more than 1.5 pt apart
    holding at least ``least`` of them, each as its smallest (``first``) or
    largest value."""
    peaks = []
    values = sorted(values)
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] - values[i - 1] > 1.5:
            if i - start >= least:
                peaks.append(values[start] if first else values[i - 1])
            start = i
    return peaks


def _set_edges(pages: list[list[Flow]]) -> None:
    """Each flow's column edges: the left and right edges rows of the
    document share (the right ones on the page too), nearest the flow's own.

    A flow's own rows cannot always say: a list of short lines reaches no
    right edge, a block of indented lines hides the margin. The left edge is
    the smallest shared one up to two and a half lines left of the flow's
    (indents are two characters), the right edge the smallest shared one it
    reaches."""
    body = [row for flows in pages for flow in flows for row in flow.rows if not row.cells]
    lefts = _peaks([row.l for row in body], 3, True)
    shared = _peaks([row.r for row in body], max(3, 0.05 * len(body)), False)
    for flows in pages:
        rows = [row for flow in flows for row in flow.rows if not row.cells]
        rights = sorted(set(shared + _peaks([row.r for row in rows], max(3, 0.2 * len(rows)), False)))
        for flow in flows:
            own = [row for row in flow.rows if not row.cells] or flow.rows
            h = statistics.median(row.h for row in own)
            lo = min(row.l for row in own)
            ends = sorted((row.r for row in own), reverse=True)
            # one row running past the others (a long number, a URL) is no edge
            hi = ends[1] if len(ends) >= 3 and ends[0] - ends[1] > h else ends[0]
            flow.l = min((x for x in lefts if lo - 2.5 * h <= x <= lo + 0.5 * h), default=lo)
            flow.r = min((x for x in rights if x >= hi - 0.5 * h), default=hi)
            flow.sure = flow.r in rights or sum(1 for x in ends if x >= hi - 0.5 * h) >= 2


_CN = "一二三四五六七八九十百零〇两"
_HEADING = regex.compile(
    rf"(?:第[{_CN}\d]{{1,4}}[章节条部篇]|[{_CN}]{{1,3}}[、．.]|[(（][{_CN}\d]{{1,3}}[)）]"
    r"|\d{1,2}[、．.](?![\d.．])|\d{1,2}[)）]|[①-⑳])"
)
_SENTENCE_END = set("。；：！？;:!?”）)")
_CLOSERS = "”’」』）)》】〕\"' "


def _ends_sentence(text: str) -> bool:
    """Whether a row ends a sentence (a full stop, maybe in quotes or brackets)
    or a heading (a row that ends mid-sentence does neither)."""
    end = text.rstrip(_CLOSERS)
    return not end or end[-1] in "。！？；：…!?;:" or len(end) < len(text.rstrip(" "))


def _starts_paragraph(prev: Row, row: Row) -> bool:
    """Whether ``row`` begins a new paragraph after ``prev``."""
    if row.cells or prev.cells:
        return True
    a, b = prev.flow, row.flow
    h = max(prev.h, row.h)
    if abs(prev.h - row.h) > 0.2 * h:  # another font size
        return True
    if row.l > b.l + 0.5 * row.h:  # indented (or centred, right-aligned)
        return True
    # stops short: by more than the next row's first word needs; a row that
    # ends mid-sentence may stop up to three characters short (ragged right,
    # LibreOffice's spaces around numbers), a paragraph ends at a full stop
    slack = 0.6 * prev.h if _ends_sentence(prev.text) else 3 * prev.h
    if prev.r < a.r - max(slack, row.unit + 0.25 * prev.h):
        return True
    if prev.page != row.page and not a.sure:  # the longest row of its flow: maybe short too
        return True
    if _HEADING.match(row.text) and prev.text[-1] in _SENTENCE_END:
        return True
    if prev.page == row.page and row.t < prev.b:  # further down than usual
        if a is b and a.pitch and prev.b - row.b > 1.45 * a.pitch:
            return True
        if a is not b and prev.b - row.t > h:
            return True
    return False


def _joiner(prev: str, row: str) -> str:
    return " " if _is_word(prev[-1]) and _is_word(row[0]) else ""


def _assemble(pages: list[list[Row]]) -> tuple[str, tuple[int, ...]]:
    parts: list[str] = []
    size = 0
    starts: list[Optional[int]] = []
    prev: Optional[Row] = None
    for rows in pages:
        start = None
        for row in rows:
            if prev is not None:
                sep = "\n" if _starts_paragraph(prev, row) else _joiner(prev.text, row.text)
                parts.append(sep)
                size += len(sep)
            if start is None:
                start = size
            parts.append(row.text)
            size += len(row.text)
            prev = row
        starts.append(start)
    # a page with no text starts where the next text does
    following = size
    for i in range(len(starts) - 1, -1, -1):
        if starts[i] is None:
            starts[i] = following
        following = starts[i]
    return "".join(parts), tuple(starts)  # type: ignore[arg-type]


def layout(pages: list[list[Row]], heights: list[float]) -> tuple[str, tuple[int, ...]]:
    """Text and page starts from each page's rows (in drawing order)."""
    _drop_furniture(pages, heights)
    _set_edges([_flows(rows) for rows in pages])
    return _assemble(pages)


# ------------------------------------------------------------- bad input

_ENDSTREAM = b"endstream"


_FLATE = regex.compile(rb"/(?:FlateDecode|Fl)\b")


def _check_streams(data: bytes, name: str) -> None:
    """Refuse a decompression bomb before PDFium inflates it: every Flate
    stream but images (which reading text never decodes) is inflated here, a
    piece at a time, through each of its Flate filters, and counted."""
    total = 0
    for keyword, start, end in _streams(data):
        head = data[max(0, keyword - 1024):keyword]
        dictionary = head[head.rfind(b"obj") + 3:] if b"obj" in head else head
        layers = len(_FLATE.findall(dictionary))
        if not layers or b"/Image" in dictionary:
            continue
        raw = memoryview(data)[start:end]
        limit = max(MAX_STREAM_RATIO * len(raw), 1 << 23)  # over 8 MB and a thousand-fold: a bomb
        try:
            piece: object = raw
            for layer in range(layers):
                piece, out = _inflate(piece, min(limit, MAX_STREAM_BYTES), keep=layer < layers - 1)
        except zlib.error:
            continue  # encrypted, or damaged: PDFium will say
        total += out
        if out > min(limit, MAX_STREAM_BYTES):
            raise InputTooLarge(f"{name}: a stream of this PDF expands from {len(raw):,} bytes to over "
                                f"{out // (1024 * 1024)} MB: a decompression bomb, not a plan; skipped")
        if total > MAX_STREAMS_TOTAL:
            raise InputTooLarge(f"{name}: this PDF's streams expand to over "
                                f"{MAX_STREAMS_TOTAL // (1024 * 1024)} MB; skipped")


def _streams(data: bytes):
    """(where ``stream`` is, where its data starts, where it ends) for each
    stream of a PDF file, found without scanning the streams' data twice."""
    pos = 0
    while True:
        keyword = data.find(b"stream", pos)
        if keyword < 0:
            return
        start = keyword + 6
        if data[keyword - 3:keyword] == b"end":
            pos = start
            continue
        if data[start:start + 2] == b"\r\n":
            start += 2
        elif data[start:start + 1] in (b"\n", b"\r"):
            start += 1
        else:
            pos = start
            continue
        end = data.find(_ENDSTREAM, start)
        if end < 0:
            end = len(data)
        yield keyword, start, end
        pos = end + len(_ENDSTREAM)


def _inflate(data, limit: int, keep: bool) -> tuple[Optional[bytes], int]:
    """Inflate ``data`` 4 MB at a time until it ends or passes ``limit``
    bytes: what came out (when ``keep``) and how much."""
    inflate = zlib.decompressobj()
    kept: list[bytes] = []
    chunk = inflate.decompress(data, 1 << 22)
    out = len(chunk)
    while True:
        if keep:
            kept.append(chunk)
        if out > limit or inflate.eof or not inflate.unconsumed_tail:
            break
        chunk = inflate.decompress(inflate.unconsumed_tail, 1 << 22)
        if not chunk:
            break
        out += len(chunk)
    return (b"".join(kept) if keep else None), out


def _open(data: bytes, name: str):
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c
    except ImportError:
        raise MissingExtra(_PDFIUM_MISSING) from None
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise DecodeFailed(f"{name}: the PDF is encrypted (it needs a password); "
                               "passing a password is not supported: save an unprotected copy") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise DecodeFailed(f"{name}: the PDF uses an unsupported security scheme (encryption)") from None
        if code == pdfium_c.FPDF_ERR_SUCCESS:
            raise DecodeFailed(f"{name}: the PDF has no pages") from None
        raise DecodeFailed(f"{name} is a damaged PDF file ({_reason(exc)})") from None


def _reason(exc: Exception) -> str:
    text = str(exc).strip().rstrip(".")
    m = re.search(r"PDFium: ([^)]*)", text)
    return (m.group(1) if m else text).splitlines()[0] if text else type(exc).__name__


# ------------------------------------------------------------------- OCR


@lru_cache(maxsize=1)
def _ocr_engine():
    import logging

    from rapidocr_onnxruntime import RapidOCR  # models ship in the wheel: nothing is downloaded

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return RapidOCR()


def _ocr_available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _is_scan(page, chars: int, bad: int) -> bool:
    """A page whose text layer is missing (or only a stamp, or garbage) over an image."""
    import pypdfium2.raw as pdfium_c

    if chars - bad >= 30 and bad <= 0.3 * chars:
        return False
    width, height = page.get_size()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        try:  # pypdfium2 5 calls it get_bounds, 4 get_pos
            left, bottom, right, top = (getattr(obj, "get_bounds", None) or obj.get_pos)()
        except Exception:
            continue
        if (right - left) * (top - bottom) >= 0.3 * width * height:
            return True
    return False


class _NoOCR(Exception):
    """This page cannot be OCRed (why, in a few words)."""


def _ocr_rows(page, number: int) -> tuple[list[Row], float]:
    """The rows OCR reads on a rendered page, in reading order, and the
    page's height as rendered (turned as the page says)."""
    import numpy
    import pypdfium2.raw as pdfium_c

    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        try:  # pypdfium2 5 calls it get_px_size, 4 get_size
            w, h = (getattr(obj, "get_px_size", None) or obj.get_size)()
        except Exception:
            continue
        if w * h > MAX_IMAGE_PIXELS:  # rendering would decode it whole
            raise _NoOCR(f"an image of {w:,} x {h:,} pixels")
    width, height = page.get_size()
    if page.get_rotation() % 180:
        width, height = height, width
    scale = min(OCR_SCALE, math.sqrt(OCR_PIXELS / max(1.0, width * height)))  # a poster is not rendered huge
    bitmap = page.render(scale=scale, grayscale=False)
    image = numpy.ascontiguousarray(bitmap.to_numpy()[:, :, :3])
    result, _ = _ocr_engine()(image)
    boxes = []
    for box, text, _score in result or ():
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        text = text.strip()
        if text:
            boxes.append((min(xs) / scale, height - max(ys) / scale, max(xs) / scale, height - min(ys) / scale, text))
    boxes.sort(key=lambda box: -box[3])
    lines: list[list[tuple]] = []
    for box in boxes:  # one line: the boxes whose middles fall in the first one's band
        if lines and lines[-1][0][1] <= (box[1] + box[3]) / 2 <= lines[-1][0][3]:
            lines[-1].append(box)
        else:
            lines.append([box])
    for line in lines:
        line.sort()
    rows: list[Row] = []
    for line in _in_columns(lines):
        l, b, r, t, text = line[0]
        h = t - b
        cells = False
        for nl, nb, nr, nt, more in line[1:]:
            wide = nl - r >= OCR_CELL_GAP * h
            cells = cells or wide
            text += ("\t" if wide else "") + more
            b, t, r = min(b, nb), max(t, nt), max(r, nr)
        word = re.match(r"[0-9A-Za-z.,%]*", text).group()
        unit = 0.55 * h * len(word) if word else h
        rows.append(Row(text, l, b, r, t, h, number, cells, unit))
    if rows:  # OCR's boxes vary in height from line to line: one size but for titles
        usual = statistics.median(row.h for row in rows)
        for row in rows:
            if 0.7 * usual <= row.h <= 1.4 * usual:
                row.h = usual
    return rows, height


def _in_columns(lines: list[list[tuple]]) -> list[list[tuple]]:
    """OCR's lines (boxes by height, each sorted left to right) in reading
    order: where three lines or more share a gutter with wide text on both
    sides, the left column's pieces come before the right one's (a table's
    cells are narrow and stay in rows)."""
    if not lines:
        return lines
    width = max(box[2] for line in lines for box in line) - min(box[0] for line in lines for box in line)
    out: list[list[tuple]] = []
    i = 0
    while i < len(lines):
        gutter = _gutter(lines[i], width)
        if gutter is None:
            out.append(lines[i])
            i += 1
            continue
        x0, x1 = gutter
        j, split, last = i + 1, 1, i
        while j < len(lines):
            line = lines[j]
            middle = (x0 + x1) / 2
            if all(box[2] <= middle for box in line) or all(box[0] >= middle for box in line):
                j += 1  # on one side: a column's short line
                continue
            gaps = [(a[2], b[0]) for a, b in zip(line, line[1:]) if a[2] < x1 and b[0] > x0]
            if not gaps:
                break
            x0, x1 = max(x0, gaps[0][0]), min(x1, gaps[0][1])
            split += 1
            last = j
            j += 1
        # below the last line with both columns: the longer column's last
        # line (balanced columns differ by one), at the usual distance
        pitch = statistics.median(a[0][1] - b[0][1] for a, b in zip(lines[i:last + 1], lines[i + 1:last + 1])) \
            if last > i else 0.0
        j = last + 1
        if j < len(lines) and lines[j - 1][0][1] - lines[j][0][1] <= 1.25 * pitch:
            j += 1
        if split < 3:
            out.append(lines[i])
            i += 1
            continue
        middle = (x0 + x1) / 2
        block = lines[i:j]
        out.extend(part for part in ([box for box in line if box[2] <= middle] for line in block) if part)
        out.extend(part for part in ([box for box in line if box[2] > middle] for line in block) if part)
        i = j
    return out


def _gutter(line: list[tuple], width: float) -> Optional[tuple[float, float]]:
    """The widest gap of a line with a quarter of the text's width or more
    written on each side of it."""
    best = None
    for k in range(1, len(line)):
        left = sum(box[2] - box[0] for box in line[:k])
        right = sum(box[2] - box[0] for box in line[k:])
        gap = (line[k - 1][2], line[k][0])
        h = line[k][3] - line[k][1]
        if left >= 0.25 * width and right >= 0.25 * width and gap[1] - gap[0] >= OCR_CELL_GAP * h:
            if best is None or gap[1] - gap[0] > best[1] - best[0]:
                best = gap
    return best


def _gaps(rows: list[Row], height: float) -> bool:
    """Whether OCR left a gap over three lines high between rows of a page's
    text (it can drop a whole line without a word); a header or footer in
    the margins is apart from the text anyway."""
    body = [row for row in rows if height * MARGIN < (row.b + row.t) / 2 < height * (1 - MARGIN)]
    if len(body) < 2:
        return False
    h = statistics.median(row.h for row in body)
    ordered = sorted(body, key=lambda row: -row.t)
    return any(a.b - b.t > 3 * h for a, b in zip(ordered, ordered[1:]))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _pages(numbers: list[int]) -> str:
    """``page 3`` or ``pages 3, 5, 8`` (the first 20 and how many more)."""
    shown = ", ".join(str(n) for n in numbers[:20])
    more = f" and {len(numbers) - 20} more" if len(numbers) > 20 else ""
    return ("page " if len(numbers) == 1 else "pages ") + shown + more


# ------------------------------------------------------------------ reader


def pdf_text(data: bytes, name: str = "input", encoding: Optional[str] = None) -> ExtractedText:
    """The text of a PDF, in paragraphs, with the offset where each page starts
    (``encoding`` does not apply)."""
    _check_streams(data, name)
    with _LOCK:
        return _read(data, name)


def _read(data: bytes, name: str) -> ExtractedText:
    pdf = _open(data, name)  # says so when pypdfium2 is missing
    import pypdfium2 as pdfium
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise InputTooLarge(f"{name}: the PDF has {count:,} pages, over the {MAX_PAGES:,} pages plankit reads; "
                                "skipped")
        pages: list[list[Row]] = []
        heights: list[float] = []
        scans: list[int] = []
        unreadable: list[str] = []
        total = 0
        for number in range(count):
            rows, height = [], 842.0
            try:
                page = pdf[number]
                try:
                    width, height = page.get_size()
                    textpage = page.get_textpage()
                    try:
                        rows, chars, bad, height = _page_rows(textpage, number, width, height)
                    finally:
                        textpage.close()
                    if _is_scan(page, chars, bad):
                        scans.append(number)
                        rows = []
                finally:
                    page.close()
            except pdfium.PdfiumError as exc:  # a damaged page: the others are still read
                unreadable.append(f"{number + 1} ({_reason(exc)})")
            heights.append(height)
            total += sum(len(row.text) for row in rows)
            if total > MAX_CHARS:
                raise InputTooLarge(f"{name}: the PDF holds over {MAX_CHARS // (1024 * 1024)} MB of text; skipped")
            pages.append(rows)
        notes: list[str] = []
        if unreadable:
            notes.append(f"{'page' if len(unreadable) == 1 else 'pages'} {', '.join(unreadable)} "
                         "could not be read and skipped")
        if scans:
            if not _ocr_available():
                if not any(pages):
                    raise NeedsOCR(f"{name}: needs OCR: {_count(len(scans), 'page')} "
                                   f"{'has' if len(scans) == 1 else 'have'} no text layer; "
                                   "pip install 'plankit[ocr]'")
                notes.append(f"{_count(len(scans), 'page')} without a text layer skipped "
                             f"({_pages([n + 1 for n in scans])}): pip install 'plankit[ocr]' to read them")
            else:
                gappy, refused = [], []
                for done, number in enumerate(scans):
                    if progress is not None:
                        progress(name, done, len(scans))
                    page = pdf[number]
                    try:
                        pages[number], heights[number] = _ocr_rows(page, number)
                    except _NoOCR as exc:
                        refused.append(f"{number + 1} ({exc})")
                        continue
                    finally:
                        page.close()
                    if _gaps(pages[number], heights[number]):
                        gappy.append(number + 1)
                if refused:
                    said = f"{'page' if len(refused) == 1 else 'pages'} {', '.join(refused)} not OCRed"
                    if not any(pages):
                        raise InputTooLarge(f"{name}: no text: {said}; skipped")
                    notes.append(said)
                if progress is not None:
                    progress(name, len(scans), len(scans))
                notes.append(f"OCR of {_count(len(scans), 'page')} ({_pages([n + 1 for n in scans])})")
                if gappy:
                    notes.append(f"OCR may have dropped lines on {_pages(gappy)}: gaps over three lines high "
                                 "in the text; check against the scan")
        text, starts = layout(pages, heights)
        return ExtractedText(text, "pdf", starts, tuple(notes))
    finally:
        pdf.close()

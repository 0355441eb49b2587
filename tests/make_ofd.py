"""Build OFD files (GB/T 33190) from plain text for the tests and benchmarks.

ofdkit reads OFD but does not write it, so this lays a text out by hand the
way official documents are laid out (GB/T 9704: A4, a 156 x 225 mm text
area, 16 pt type, 28 characters a line, 22 lines a page, every paragraph
indented two characters, the page number ``— N —`` under the text): each
paragraph is wrapped into visual lines, each visual line a ``TextObject``
(some pages one ``TextCode`` a character with its own X, as many producers
write them, the others one ``TextCode`` a line with ``DeltaX``).

:func:`build_ofd` returns the file's bytes and, for each page, the text put
on it (paragraph pieces without the wrapping), to check page numbers.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from xml.sax.saxutils import escape, quoteattr

NS = "http://www.ofdspec.org/2016"
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, TOP = 28.0, 37.0
AREA_W, AREA_H = 156.0, 225.0
SIZE = AREA_W / 28  # 5.57 mm: 28 full-width characters a line
PITCH = AREA_H / 22  # 22 lines a page


def _width(char: str, size: float = SIZE) -> float:
    return size if unicodedata.east_asian_width(char) in ("W", "F") else size / 2


def wrap(paragraph: str, width: float = AREA_W, indent: int = 2) -> list[tuple[float, str]]:
    """A paragraph's visual lines as (x offset, text): the first indented."""
    lines: list[tuple[float, str]] = []
    x0 = indent * SIZE
    current, used = "", x0
    for char in paragraph:
        w = _width(char)
        if used + w > width + 1e-6 and current:
            lines.append((x0, current))
            x0, current, used = 0.0, "", 0.0
            if char == " ":
                continue
        current += char
        used += w
    if current or not lines:
        lines.append((x0, current))
    return lines


def _text_object(oid: int, x: float, y: float, text: str, size: float, per_char: bool, fill: float = 0.0) -> str:
    """A line of text at (x, baseline y); ``fill``: justified to that width."""
    widths = [_width(c, size) for c in text]
    if fill and len(text) > 1 and sum(widths) < fill:
        extra = (fill - sum(widths)) / (len(text) - 1)
        widths = [w + extra for w in widths[:-1]] + widths[-1:]
    box = f"{x:.3f} {y - size:.3f} {sum(widths) + size:.3f} {size * 1.4:.3f}"
    head = f'<ofd:TextObject ID="{oid}" Boundary="{box}" Font="2" Size="{size:.3f}">'
    if per_char:
        codes, cx = [], 0.0
        for char, w in zip(text, widths):
            if char != " ":  # producers draw no glyph for a space: it is a gap
                codes.append(f'<ofd:TextCode X="{cx:.3f}" Y="{size:.3f}">{escape(char)}</ofd:TextCode>')
            cx += w
        body = "".join(codes)
    else:
        deltas = " ".join(f"{w:.3f}" for w in widths[:-1])
        body = f'<ofd:TextCode X="0" Y="{size:.3f}" DeltaX="{deltas}">{escape(text)}</ofd:TextCode>'
    return head + body + "</ofd:TextObject>"


def build_ofd(text: str, *, page_numbers: bool = True, header: str = "", center_title: bool = True,
              lines_per_page: int = 22, justify: bool = False) -> tuple[bytes, list[str]]:
    """An OFD file of ``text`` (one paragraph a line; an empty line is an
    empty visual line), and the text of each page. ``header``: a running
    header on every page; ``justify``: a paragraph's lines but its last
    spread to the right edge."""
    visual: list[tuple[float, str, int]] = []  # (x offset, text, paragraph number)
    paragraphs = text.split("\n")
    first = next((i for i, p in enumerate(paragraphs) if p.strip()), -1)
    for number, paragraph in enumerate(paragraphs):
        paragraph = paragraph.strip()
        if not paragraph:
            visual.append((0.0, "", number))
            continue
        if center_title and number == first and sum(map(_width, paragraph)) < AREA_W:
            visual.append(((AREA_W - sum(map(_width, paragraph))) / 2, paragraph, number))
            continue
        visual.extend((x, line, number) for x, line in wrap(paragraph))
    pages = [visual[i:i + lines_per_page] for i in range(0, len(visual), lines_per_page)] or [[]]
    page_texts: list[str] = []
    contents: list[str] = []
    oid = 10
    for index, lines in enumerate(pages):
        objects: list[str] = []
        if header:
            oid += 1
            objects.append(_text_object(oid, LEFT, TOP - 8, header, SIZE * 0.7, False))
        pieces: list[str] = []
        for row, (x, line, number) in enumerate(lines):
            if pieces and number == lines[row - 1][2] and line:
                pieces[-1] += line
            else:
                pieces.append(line)
            if not line:
                continue
            oid += 1
            last = row + 1 == len(lines) or lines[row + 1][2] != number or not lines[row + 1][1]
            if index + 1 < len(pages) and row + 1 == len(lines):
                following = pages[index + 1][0]
                last = following[2] != number or not following[1]
            fill = AREA_W - x if justify and not last else 0.0
            objects.append(_text_object(oid, LEFT + x, TOP + (row + 1) * PITCH - 2.5, line, SIZE, index % 2 == 1, fill))
        if page_numbers:
            label = f"— {index + 1} —"
            oid += 1
            width = sum(_width(c, SIZE * 0.875) for c in label)
            objects.append(_text_object(oid, (PAGE_W - width) / 2, TOP + AREA_H + 12, label, SIZE * 0.875, False))
        page_texts.append("\n".join(p for p in pieces if p))
        contents.append(f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
                        f'<ofd:Layer ID="{index + 3}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')
    return package(contents, title=paragraphs[first].strip() if first >= 0 else ""), page_texts


def package(contents: list[str], *, title: str = "", document_xml: str = "", ofd_xml: str = "") -> bytes:
    """The zip of an OFD file with these pages' Content.xml."""
    pages = "".join(f'<ofd:Page ID="{i + 1000}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(contents)))
    ofd_xml = ofd_xml or (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
        f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>plankit-test</ofd:DocID><ofd:Title>{escape(title[:60])}</ofd:Title>"
        "<ofd:CreationDate>2024-01-01</ofd:CreationDate></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    document_xml = document_xml or (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        f"<ofd:MaxUnitID>{10 ** 6}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W} {PAGE_H}"
        "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
        f"<ofd:Pages>{pages}</ofd:Pages></ofd:Document>")
    public_res = (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
                  f'<ofd:Font ID="2" FontName={quoteattr("宋体")} FamilyName={quoteattr("宋体")}/>'
                  "</ofd:Fonts></ofd:Res>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", ofd_xml)
        z.writestr("Doc_0/Document.xml", document_xml)
        z.writestr("Doc_0/PublicRes.xml", public_res)
        for i, content in enumerate(contents):
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", content)
    return buffer.getvalue()

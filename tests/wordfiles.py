"""Word files for the reader tests: numbered .docx (python-docx with a
numbering part written by hand), Word 97 binaries built byte by byte (an OLE
compound file holding a FIB and a piece table), and LibreOffice conversions."""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path
from typing import Iterable, Optional, Sequence

import pytest

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


# ------------------------------------------------------------------ .docx


def level_xml(ilvl: int, fmt: str, text: str, start: int = 1, *, suffix: Optional[str] = "nothing",
              restart: Optional[int] = None, legal: bool = False, style: Optional[str] = None) -> str:
    """One ``w:lvl`` of an abstract numbering definition."""
    parts = [f'<w:lvl w:ilvl="{ilvl}">', f'<w:start w:val="{start}"/>', f'<w:numFmt w:val="{fmt}"/>']
    if restart is not None:
        parts.append(f'<w:lvlRestart w:val="{restart}"/>')
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if legal:
        parts.append("<w:isLgl/>")
    if suffix:
        parts.append(f'<w:suff w:val="{suffix}"/>')
    parts.append(f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')
    return "".join(parts)


def numbering_xml(abstracts: dict[int, Sequence[str]], nums: dict[int, tuple[int, str]], extra: str = "") -> str:
    """A numbering part: abstract id -> its ``w:lvl`` elements (or any
    child XML), num id -> (abstract id, the ``w:lvlOverride`` XML)."""
    body = "".join(f'<w:abstractNum w:abstractNumId="{a}">{"".join(levels)}</w:abstractNum>'
                   for a, levels in abstracts.items())
    body += "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{a}"/>{overrides}</w:num>'
                    for n, (a, overrides) in nums.items())
    return f'<w:numbering xmlns:w="{W_NS}">{body}{extra}</w:numbering>'


#: the five levels of a Chinese plan: 一、 （一） 1. （1） ①
PLAN_LEVELS = [
    level_xml(0, "chineseCounting", "%1、"),
    level_xml(1, "chineseCounting", "（%2）"),
    level_xml(2, "decimal", "%3."),
    level_xml(3, "decimal", "（%4）"),
    level_xml(4, "decimalEnclosedCircle", "%5"),
]


def numbered_docx(paragraphs: Iterable[tuple], numbering: str, styles: Sequence[tuple] = ()) -> bytes:
    """A .docx built by python-docx whose numbering part is ``numbering``.

    ``paragraphs``: (text,) or (text, numId, ilvl, style); numId/ilvl/style
    may be None (numId 0 removes numbering). ``styles``: (style id, basedOn,
    numId, ilvl) of paragraph styles to add, in order (a style's parent first)."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    doc = docx.Document()
    for sid, based, num, ilvl in styles:
        style = doc.styles.add_style(sid, WD_STYLE_TYPE.PARAGRAPH)
        if based:
            style.base_style = doc.styles[based]
        if num is not None or ilvl is not None:
            ppr = style.element.get_or_add_pPr()
            numpr = ppr.get_or_add_numPr()
            if ilvl is not None:
                numpr.get_or_add_ilvl().val = ilvl
            if num is not None:
                numpr.get_or_add_numId().val = num
    doc.part.numbering_part._element = parse_xml(numbering)
    for item in paragraphs:
        text, num, ilvl, style = (tuple(item) + (None, None, None))[:4]
        p = doc.add_paragraph(text, style=doc.styles[style] if style else None)
        if num is not None or ilvl is not None:
            numpr = p._p.get_or_add_pPr().get_or_add_numPr()
            if ilvl is not None:
                numpr.get_or_add_ilvl().val = ilvl
            if num is not None:
                numpr.get_or_add_numId().val = num
        assert p._p.pPr is None or p._p.pPr.find(qn("w:numPr")) is not None or num is None
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def number_headings(text: str) -> tuple[bytes, int]:
    """A .docx of ``text`` whose heading markers (as plankit finds them in
    the text) become Word numbering: one multilevel list, level n the marker
    form first seen at depth n, marker text taken off the paragraph; where
    the text's numbers restart (a collection of documents), a new list
    instance restarts them, as Word's "restart numbering" does. Returns the
    file and how many paragraphs were numbered."""
    from plankit import parse_text
    from plankit.parse.headings import _match_marker, _number

    formats = {"cn": "chineseCounting", "cn_paren": "chineseCounting", "ar_dot": "decimal", "ar_dun": "decimal",
               "ar_paren": "decimal", "ar_close": "decimal", "circled": "decimalEnclosedCircle"}
    lines = text.split("\n")
    numbered: dict[int, tuple[int, int, str]] = {}  # line index -> (numId, ilvl, text after the marker)
    level_of: dict[int, tuple[str, str]] = {}  # ilvl -> (style, lvlText)
    nums = {1: (0, "")}
    counts: list = [None] * 9
    starts: dict[int, int] = {}
    for level, line_no in _sections(parse_text(text)):
        stripped = lines[line_no - 1].lstrip()
        found = _match_marker(stripped)
        if found is None or found[0] not in formats or level > 9:
            continue
        style, m = found
        ilvl = level - 1
        lvl_text = re.sub(r"\s+", "", stripped[:m.start("n")] + f"%{level}" + stripped[m.end("n"):m.end()])
        if level_of.setdefault(ilvl, (style, lvl_text))[0] != style:
            continue  # another form at this depth stays written out
        number = _number(style, m.group("n"))
        if number is None:
            continue
        if number != (counts[ilvl] + 1 if counts[ilvl] is not None else starts.get(ilvl, 1)):
            # restart here, at the text's number (a new list instance: its own counters, and that level
            # starts again from this number whenever a higher level restarts it)
            nums[len(nums) + 1] = (0, f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{number}"/>'
                                      "</w:lvlOverride>")
            counts, starts = [None] * 9, {ilvl: number}
        counts[ilvl] = number
        counts[ilvl + 1:] = [None] * (8 - ilvl)
        numbered[line_no - 1] = (len(nums), ilvl, stripped[m.end():])
    levels = [level_xml(i, formats[style], lvl_text) for i, (style, lvl_text) in sorted(level_of.items())]
    paragraphs = [(numbered[i][2], numbered[i][0], numbered[i][1]) if i in numbered else (line,)
                  for i, line in enumerate(lines)]
    return numbered_docx(paragraphs, numbering_xml({0: levels}, nums)), len(numbered)


def _sections(result) -> list[tuple[int, int]]:
    """(level, line) of every section, in order."""
    out = []

    def walk(sections):
        for s in sections:
            out.append((s.level, s.line))
            walk(s.children)

    for doc in result.documents:
        walk(doc.sections)
    return out


def plain_docx(lines: Iterable[str]) -> bytes:
    """A .docx of one paragraph a line, as python-docx writes it."""
    import docx

    doc = docx.Document()
    for line in lines:
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ OLE compound files

_END, _FREE, _FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file holding ``streams`` at its root. Each stream
    is padded to 4096 bytes, so that all live in the big-sector FAT (no mini
    stream to write)."""
    sectors: list[bytes] = []
    fat: list[int] = []
    entries = []
    for name, data in streams.items():
        size = max(len(data), 4096)
        data = data.ljust(size, b"\0")
        data += b"\0" * (-len(data) % 512)
        first = len(sectors)
        count = len(data) // 512
        for k in range(count):
            sectors.append(data[512 * k:512 * (k + 1)])
            fat.append(first + k + 1 if k < count - 1 else _END)
        entries.append((name, 2, first, size))

    def entry(name: str, kind: int, start: int, size: int, right: int, child: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, _FREE, right, child)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, _END, 0, _FREE, 1 if entries else _FREE)
    for i, (name, kind, start, size) in enumerate(entries, start=1):
        directory += entry(name, kind, start, size, i + 1 if i < len(entries) else _FREE, _FREE)
    directory += b"\0" * (-len(directory) % 512)
    dir_first = len(sectors)
    count = len(directory) // 512
    for k in range(count):
        sectors.append(directory[512 * k:512 * (k + 1)])
        fat.append(dir_first + k + 1 if k < count - 1 else _END)
    n_fat = 1
    while len(fat) + n_fat > 128 * n_fat:
        n_fat += 1
    fat_first = len(sectors)
    fat += [_FATSECT] * n_fat
    fat += [_FREE] * (128 * n_fat - len(fat))
    table = struct.pack(f"<{len(fat)}I", *fat)
    sectors += [table[512 * k:512 * (k + 1)] for k in range(n_fat)]
    assert n_fat <= 109
    difat = [fat_first + k for k in range(n_fat)] + [_FREE] * (109 - n_fat)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, n_fat, dir_first, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<109I", *difat))
    assert len(header) == 512
    return header + b"".join(sectors)


def word97(pieces: Sequence[tuple[str, bool]], *, ccp_text: Optional[int] = None, flags: int = 0x0200,
           ident: int = 0xA5EC, nfib: int = 0x00C1, clx: Optional[bytes] = None, prc: bytes = b"",
           extra_streams: Optional[dict[str, bytes]] = None) -> bytes:
    """A Word 97 binary whose main text is ``pieces``: (text, compressed)
    each, laid out in the WordDocument stream in reverse order (so that the
    piece table, not the byte order, gives the text's order). ``flags`` is
    the FIB's flag word (0x0200: the table stream is 1Table; 0x0100:
    encrypted)."""
    text_bytes = b""
    placed = []
    base = 1024
    for text, compressed in reversed(pieces):
        data = text.encode("cp1252") if compressed else text.encode("utf-16-le")
        placed.append((base + len(text_bytes), compressed, len(text)))
        text_bytes += data + b"\0" * (len(data) % 2)
    placed.reverse()
    cps = [0]
    for _offset, _compressed, length in placed:
        cps.append(cps[-1] + length)
    pcds = b"".join(struct.pack("<HIH", 0, (offset * 2) | 0x40000000 if compressed else offset, 0)
                    for offset, compressed, _length in placed)
    plc = struct.pack(f"<{len(cps)}i", *cps) + pcds
    if clx is None:
        clx = prc + b"\x02" + struct.pack("<I", len(plc)) + plc
    table = b"\0" * 16 + clx
    fclcb = [0] * (2 * 93)
    fclcb[2 * 33], fclcb[2 * 33 + 1] = 16, len(clx)
    fib = struct.pack("<HHHHHHHI", ident, nfib, 0, 0x0804, 0, flags, 0xBF, 0) + b"\0" * 14  # FibBase
    fib += struct.pack("<H", 14) + b"\0" * 28
    lw = [0] * 22
    lw[3] = cps[-1] if ccp_text is None else ccp_text
    fib += struct.pack("<H", 22) + struct.pack("<22i", *lw)
    fib += struct.pack("<H", 93) + struct.pack(f"<{2 * 93}I", *fclcb) + b"\0\0"
    word = fib.ljust(base, b"\0") + text_bytes
    streams = {"WordDocument": word, "1Table" if flags & 0x0200 else "0Table": table}
    streams.update(extra_streams or {})
    return ole_file(streams)


# ------------------------------------------------------------------ LibreOffice


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "false", "0", "no")


def require_soffice() -> None:
    """Skip without LibreOffice on a developer's machine; fail in CI, where
    scripts/install-test-browser.sh installs it."""
    if not SOFFICE:
        message = "needs LibreOffice (soffice) to convert test files to .doc (bash scripts/install-test-browser.sh)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


def convert(files: dict[str, bytes], to: str = "doc", timeout: int = 300) -> dict[str, bytes]:
    """``files`` (name -> bytes, e.g. plan.docx) converted by LibreOffice in
    one run: name with the new suffix -> bytes. Its own profile folder, so
    that it never waits for another LibreOffice."""
    require_soffice()
    with tempfile.TemporaryDirectory(prefix="plankit-soffice-") as tmp:
        folder = Path(tmp)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        out = folder / "out"
        cmd = [SOFFICE, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--norestore",
               "--convert-to", to, "--outdir", str(out), *(str(folder / name) for name in files)]
        subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        result = {}
        for name in files:
            target = out / (Path(name).stem + "." + to)
            assert target.exists(), f"LibreOffice did not convert {name}"
            result[target.name] = target.read_bytes()
        return result

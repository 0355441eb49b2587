"""Word 97-2003 .doc and Kingsoft .wps (the same OLE binary): the main
document's text from the piece table.

The File Information Block at the start of the ``WordDocument`` stream
says which table stream (``0Table`` or ``1Table``) holds the piece table
(``fcClx``/``lcbClx``) and how many characters the main document has
(``ccpText``). Each piece maps a run of character positions to bytes of
``WordDocument``: cp1252 bytes when compressed, else UTF-16LE (Chinese
text always is). Paragraph marks become line ends, table cells are
tab-joined one row a line (as in .docx), a field keeps its result and
drops its code, other control characters go.
"""

from __future__ import annotations

import io
import re
import struct
from bisect import bisect_right
from typing import Optional

from plankit.errors import DecodeFailed, InputTooLarge
from plankit.parse import read

_WORD97 = 0xA5EC
_WORD95 = 0xA5DC
_ENCRYPTED = 0x0100
_TABLE_1 = 0x0200
#: what an OLE file that is no Word document holds, by its streams
_OTHERS = (("EncryptedPackage", "a password-protected Office file; save it without a password and try again"),
           ("Workbook", "an Excel workbook, not a Word document"),
           ("Book", "an Excel workbook, not a Word document"),
           ("PowerPoint Document", "a PowerPoint file, not a Word document"))
#: a compressed piece's bytes, read as Latin-1, to cp1252 (the five bytes cp1252 leaves out stay themselves)
_CP1252_TABLE = {i: c for i, c in enumerate(bytes(range(256)).decode("cp1252", errors="replace"))
                 if c != chr(i) and c != "\ufffd"}


class _Damaged(Exception):
    pass


def doc_text(data: bytes, name: str = "input", encoding: Optional[str] = None):
    """The text of a Word 97-2003 (.doc) or WPS (.wps) file, as the registry
    returns it (``encoding`` does not apply: the file says how it is encoded)."""
    from plankit.parse.formats import ExtractedText

    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if not ole.exists("WordDocument"):
                streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
                what = next((say for stream, say in _OTHERS if stream in streams),
                            "an OLE file but not a Word document (no WordDocument stream)")
                raise DecodeFailed(f"{name} is {what}")
            word = ole.openstream("WordDocument").read()
            flags = _fib_flags(word, name)
            table_name = "1Table" if flags & _TABLE_1 else "0Table"
            if not ole.exists(table_name):
                raise _Damaged(f"no {table_name} stream")
            table = ole.openstream(table_name).read()
    except (DecodeFailed, InputTooLarge):
        raise
    except _Damaged as exc:
        raise DecodeFailed(f"{name} is a damaged Word document ({exc})") from None
    except OSError as exc:  # olefile's own errors
        raise DecodeFailed(f"{name} is a damaged Word or WPS file ({_first_line(exc)})") from None
    except Exception:  # what else a damaged compound file makes olefile raise (ValueError, IndexError ...)
        raise DecodeFailed(f"{name} is a damaged Word or WPS file (its OLE structure cannot be read)") from None
    try:
        text = _text(word, table, name)
    except (_Damaged, struct.error, IndexError, ValueError) as exc:
        raise DecodeFailed(f"{name} is a damaged Word document ({_first_line(exc)})") from None
    return ExtractedText(text, "doc")


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _fib_flags(word: bytes, name: str) -> int:
    if len(word) < 0x20:
        raise _Damaged("its WordDocument stream is too short")
    ident, nfib = struct.unpack_from("<HH", word, 0)
    if ident == _WORD95 or (ident == _WORD97 and nfib < 101):
        raise DecodeFailed(f"{name} is a Word 6.0/95 document, which plankit does not read; "
                           "save it as .docx and try again")
    if ident != _WORD97:
        raise _Damaged("no Word file information block")
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & _ENCRYPTED:
        raise DecodeFailed(f"{name} is password-protected (encrypted); save it without a password and try again")
    return flags


def _fib(word: bytes) -> tuple[int, list[int]]:
    """ccpText and the fc/lcb pairs of the FIB."""
    pos = 0x20
    csw = struct.unpack_from("<H", word, pos)[0]
    pos += 2 + 2 * csw
    cslw = struct.unpack_from("<H", word, pos)[0]
    pos += 2
    if cslw < 4:
        raise _Damaged("its file information block is too short")
    ccp_text = struct.unpack_from("<i", word, pos + 3 * 4)[0]
    pos += 4 * cslw
    count = struct.unpack_from("<H", word, pos)[0]
    pos += 2
    if count < 34 or pos + 8 * count > len(word):
        raise _Damaged("its file information block is too short")
    return ccp_text, list(struct.unpack_from(f"<{2 * count}I", word, pos))


def _pieces(table: bytes, fc_clx: int, lcb_clx: int) -> list[tuple[int, int, int, bool]]:
    """(first cp, last cp + 1, byte offset in WordDocument, compressed) of each piece."""
    if lcb_clx == 0 or fc_clx + lcb_clx > len(table):
        raise _Damaged("its piece table lies outside the table stream")
    clx = table[fc_clx:fc_clx + lcb_clx]
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: property modifiers, skipped
        pos += 3 + struct.unpack_from("<h", clx, pos + 1)[0]
    if pos >= len(clx) or clx[pos] != 0x02:
        raise _Damaged("no piece table")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5:pos + 5 + lcb]
    if len(plc) != lcb or lcb < 16 or (lcb - 4) % 12:
        raise _Damaged("a piece table of the wrong size")
    n = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    pieces = []
    for i in range(n):
        raw = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * i + 2)[0]
        compressed = bool(raw & 0x40000000)
        fc = raw & 0x3FFFFFFF
        if cps[i + 1] < cps[i]:
            raise _Damaged("pieces out of order")
        pieces.append((cps[i], cps[i + 1], fc // 2 if compressed else fc, compressed))
    return pieces


class _Paragraphs:
    """Whether a paragraph mark ends a table row (sprmPFTtp) or a paragraph
    inside a cell (sprmPFInTable), from the paragraph properties (PAPX) of
    the file's formatted disk pages."""

    def __init__(self, word: bytes, table: bytes, fc: int, lcb: int):
        self.word = word
        self.fcs: tuple[int, ...] = ()
        self.pages: tuple[int, ...] = ()
        self.cache: dict[tuple[int, int], tuple[bool, bool]] = {}
        if lcb >= 12 and (lcb - 4) % 8 == 0 and fc + lcb <= len(table):
            n = (lcb - 4) // 8
            self.fcs = struct.unpack_from(f"<{n + 1}I", table, fc)
            self.pages = tuple(p & 0x3FFFFF for p in struct.unpack_from(f"<{n}I", table, fc + 4 * (n + 1)))

    def __bool__(self) -> bool:
        return bool(self.pages)

    def props(self, fc: int) -> Optional[tuple[bool, bool]]:
        """(in a table, ends a row) for the paragraph mark at byte ``fc``; None if unknown."""
        i = bisect_right(self.fcs, fc) - 1
        if not 0 <= i < len(self.pages):
            return None
        base = self.pages[i] * 512
        page = self.word[base:base + 512]
        if len(page) < 512:
            return None
        crun = page[511]
        if not crun or 4 * (crun + 1) + 13 * crun > 511:
            return None
        rgfc = struct.unpack_from(f"<{crun + 1}I", page, 0)
        j = bisect_right(rgfc, fc) - 1
        if not 0 <= j < crun:
            return None
        key = (i, j)
        if key not in self.cache:
            self.cache[key] = self._papx(page, page[4 * (crun + 1) + 13 * j])
        return self.cache[key]

    @staticmethod
    def _papx(page: bytes, offset: int) -> tuple[bool, bool]:
        if offset == 0:
            return False, False
        o = 2 * offset
        cb = page[o]
        if cb:
            start, end = o + 1, o + 2 * cb  # 2*cb - 1 bytes
        else:
            start, end = o + 2, o + 2 + 2 * page[o + 1]
        grpprl = page[start + 2:min(end, 512)]  # after the style index
        in_table = ttp = False
        pos = 0
        while pos + 2 <= len(grpprl):
            sprm = struct.unpack_from("<H", grpprl, pos)[0]
            pos += 2
            spra = sprm >> 13
            if spra == 6:
                if pos >= len(grpprl):
                    break
                if sprm == 0xD608 and pos + 2 <= len(grpprl):  # sprmTDefTable: a 2-byte size
                    size = 2 + struct.unpack_from("<H", grpprl, pos)[0] - 1
                elif sprm == 0xC615 and grpprl[pos] == 255:  # sprmPChgTabs, long form: stop reading
                    break
                else:
                    size = 1 + grpprl[pos]
            else:
                size = (1, 1, 2, 4, 2, 2, 0, 3)[spra]
            if sprm == 0x2416 and pos < len(grpprl):
                in_table = bool(grpprl[pos])
            elif sprm == 0x2417 and pos < len(grpprl):
                ttp = bool(grpprl[pos])
            pos += size
        return in_table, ttp


def _text(word: bytes, table: bytes, name: str) -> str:
    ccp_text, fclcb = _fib(word)
    if ccp_text < 0:
        raise _Damaged("a negative text length")
    if ccp_text > read.MAX_BYTES:
        raise InputTooLarge(f"{name}: its text has {ccp_text} characters, over the "
                            f"{read.MAX_BYTES // (1024 * 1024)} MB limit; skipped")
    paragraphs = _Paragraphs(word, table, fclcb[2 * 13], fclcb[2 * 13 + 1])
    lines: list[str] = []
    row: list[str] = []  # pieces of the current line
    fields: list[bool] = []  # per open field: True once past its separator (showing its result)
    hidden = False  # inside a field's code
    for cp_first, cp_last, offset, compressed in _pieces(table, fclcb[2 * 33], fclcb[2 * 33 + 1]):
        cp_last = min(cp_last, ccp_text)
        if cp_first >= cp_last:
            continue
        width = 1 if compressed else 2
        end = offset + (cp_last - cp_first) * width
        if end > len(word):
            raise _Damaged("a piece lies outside the WordDocument stream")
        raw = word[offset:end]
        chunk = raw.decode("latin-1").translate(_CP1252_TABLE) if compressed else raw.decode("utf-16-le", "replace")
        pos = 0
        for m in _SPECIAL.finditer(chunk):
            k = m.start()
            if not hidden and k > pos:
                row.append(chunk[pos:k])
            pos = k + 1
            c = ord(chunk[k])
            if c in (0x13, 0x14, 0x15):
                if c == 0x13:
                    fields.append(False)
                elif c == 0x14 and fields:
                    fields[-1] = True
                elif c == 0x15 and fields:
                    fields.pop()
                hidden = not all(fields)
            elif hidden:
                continue
            elif c == 0x07 or c == 0x0D:
                props = paragraphs.props(offset + k * width) if paragraphs else None
                if c == 0x0D:
                    if props is None or not props[0]:
                        lines.append("".join(row))
                        row = []
                    # else: a paragraph inside a table cell, whose text runs on
                elif props[1] if props is not None else bool(row) and row[-1] == "\t":
                    if row and row[-1] == "\t":
                        row.pop()
                    lines.append("".join(row))  # the end of a table row
                    row = []
                else:
                    row.append("\t")  # the end of a cell
            else:
                row.append(_OTHER.get(c, ""))
        if not hidden and pos < len(chunk):
            row.append(chunk[pos:])
    lines.append("".join(row))
    return "\n".join(lines).rstrip("\n")


#: control characters (a tab stays as it is): breaks (line, page, column) end
#: a line, the non-breaking hyphen is a hyphen; the others (pictures, footnote
#: marks, drawn objects, the optional hyphen) are no text
_SPECIAL = re.compile("[\x00-\x08\x0a-\x1f]")
_OTHER = {0x0B: "\n", 0x0C: "\n", 0x0E: "\n", 0x1E: "-"}

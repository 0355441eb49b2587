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

Automatic numbering is not in the text either: a paragraph's properties
(PAPX, or its style's in the stylesheet) name a list (LFO) and a level, and
the list tables (PlfLst, PlfLfo) give each level's start, number format and
number text, which :mod:`plankit.parse.formats.numbering` counts and shows
as it does for .docx.
"""

from __future__ import annotations

import io
import struct
from bisect import bisect_right
from dataclasses import replace
from typing import NamedTuple, Optional

from plankit import regex
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
    notes: list[str] = []
    try:
        text = _text(word, table, name, notes)
    except (_Damaged, struct.error, IndexError, ValueError) as exc:
        raise DecodeFailed(f"{name} is a damaged Word document ({_first_line(exc)})") from None
    return ExtractedText(text, "doc", notes=tuple(notes))


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


class _Paragraph(NamedTuple):
    in_table: bool = False  # sprmPFInTable
    row_end: bool = False  # sprmPFTtp: the mark ends a table row
    style: int = 0  # istd
    list: Optional[int] = None  # sprmPIlfo: 1-based index of the list (LFO), 0 for none
    level: Optional[int] = None  # sprmPIlvl


class _Paragraphs:
    """What a paragraph mark's paragraph properties (PAPX, in the file's
    formatted disk pages) say: in a table cell, end of a table row, style,
    list and list level."""

    def __init__(self, word: bytes, table: bytes, fc: int, lcb: int):
        self.word = word
        self.fcs: tuple[int, ...] = ()
        self.pages: tuple[int, ...] = ()
        self.cache: dict[tuple[int, int], _Paragraph] = {}
        if lcb >= 12 and (lcb - 4) % 8 == 0 and fc + lcb <= len(table):
            n = (lcb - 4) // 8
            self.fcs = struct.unpack_from(f"<{n + 1}I", table, fc)
            self.pages = tuple(p & 0x3FFFFF for p in struct.unpack_from(f"<{n}I", table, fc + 4 * (n + 1)))

    def __bool__(self) -> bool:
        return bool(self.pages)

    def props(self, fc: int) -> Optional[_Paragraph]:
        """The properties of the paragraph whose mark is at byte ``fc``; None if unknown."""
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
    def _papx(page: bytes, offset: int) -> _Paragraph:
        if offset == 0:
            return _Paragraph()
        o = 2 * offset
        cb = page[o]
        if cb:
            start, end = o + 1, o + 2 * cb  # 2*cb - 1 bytes
        else:
            start, end = o + 2, o + 2 + 2 * page[o + 1]
        data = page[start:min(end, 512)]
        if len(data) < 2:
            return _Paragraph()
        found = _sprms(data[2:], {0x2416, 0x2417, 0x460B, 0x260A})
        return _Paragraph(bool(found.get(0x2416)), bool(found.get(0x2417)), struct.unpack_from("<H", data, 0)[0],
                          found.get(0x460B), found.get(0x260A))


def _sprms(grpprl: bytes, wanted: set[int]) -> dict[int, int]:
    """The operands of the ``wanted`` one- and two-byte sprms in ``grpprl``
    (a two-byte operand read as a signed number, as sprmPIlfo is)."""
    found: dict[int, int] = {}
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
        if sprm in wanted and pos + size <= len(grpprl):
            found[sprm] = grpprl[pos] if size == 1 else struct.unpack_from("<h", grpprl, pos)[0]
        pos += size
    return found


# ------------------------------------------------------------------ lists

#: the number formats of a list level (MS-DOC MSONFC) by their numFmt name
_NFC = dict(enumerate((
    "decimal", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "ordinal", "cardinalText", "ordinalText",
    "hex", "chicago", "ideographDigital", "japaneseCounting", "aiueo", "iroha", "decimalFullWidth",
    "decimalHalfWidth", "japaneseLegal", "japaneseDigitalTenThousand", "decimalEnclosedCircle", "decimalFullWidth2",
    "aiueoFullWidth", "irohaFullWidth", "decimalZero", "bullet", "ganada", "chosung", "decimalEnclosedFullstop",
    "decimalEnclosedParen", "decimalEnclosedCircleChinese", "ideographEnclosedCircle", "ideographTraditional",
    "ideographZodiac", "ideographZodiacTraditional", "taiwaneseCounting", "ideographLegalTraditional",
    "taiwaneseCountingThousand", "taiwaneseDigital", "chineseCounting", "chineseLegalSimplified",
    "chineseCountingThousand")))
_NFC[255] = "none"
_NO_STYLE = 0x0FFF


def _lvl(table: bytes, pos: int):
    """A list level (LVL: LVLF, its paragraph and character properties, its
    number text) at ``pos``, and where the next one starts."""
    from plankit.parse.formats.numbering import MAX_TEXT, Level

    start, nfc, flags = struct.unpack_from("<iBB", table, pos)
    follow = table[pos + 15]
    cb_chpx, cb_papx, restart_limit = table[pos + 24], table[pos + 25], table[pos + 26]
    pos += 28 + cb_papx + cb_chpx
    cch = struct.unpack_from("<H", table, pos)[0]
    xst = table[pos + 2:pos + 2 + 2 * cch]
    if len(xst) != 2 * cch:
        raise _Damaged("a list level runs past the table stream")
    # the number text: characters 0-8 stand for the numbers of levels 1-9
    text = "".join(f"%{ord(c) + 1}" if ord(c) < 9 else c for c in xst.decode("utf-16-le", "replace")[:MAX_TEXT])
    level = Level(start=start, fmt=_NFC.get(nfc, "decimal"), text=text,
                  restart=restart_limit if flags & 0x08 else None, suffix={1: " ", 2: ""}.get(follow, "\t"),
                  legal=bool(flags & 0x04))
    return level, pos + 2 + 2 * cch


def _styles(table: bytes, fc: int, lcb: int):
    """Paragraph styles (STSH): their base style and their list and level."""
    from plankit.parse.formats.numbering import Styles

    styles = Styles()
    if lcb < 4 or fc + lcb > len(table):
        return styles
    cb_stshi = struct.unpack_from("<H", table, fc)[0]
    if cb_stshi < 4:
        return styles
    cstd, cb_base = struct.unpack_from("<HH", table, fc + 2)
    pos, end = fc + 2 + cb_stshi, fc + lcb
    for istd in range(cstd):
        if pos + 2 > end:
            break
        cb = struct.unpack_from("<H", table, pos)[0]
        std = table[pos + 2:pos + 2 + cb]
        pos += 2 + cb
        if cb < max(cb_base, 10) + 2 or len(std) != cb:
            continue
        kind_base, upx_count = struct.unpack_from("<HH", std, 2)
        if kind_base & 0xF != 1 or not upx_count & 0xF:  # not a paragraph style
            continue
        base = kind_base >> 4
        if base != _NO_STYLE:
            styles.parent[str(istd)] = str(base)
        p = cb_base
        p += 2 + 2 * (struct.unpack_from("<H", std, p)[0] + 1)  # the name, and its terminating 0
        p += p % 2
        if p + 2 > len(std):
            continue
        cb_upx = struct.unpack_from("<H", std, p)[0]
        found = _sprms(std[p + 4:p + 2 + cb_upx], {0x460B, 0x260A})  # after the UPX's istd
        if found:
            ilfo, ilvl = found.get(0x460B), found.get(0x260A)
            styles.num[str(istd)] = (str(ilfo) if ilfo is not None else None,
                                     str(ilvl) if ilvl is not None else None)
    return styles


def _numbering(table: bytes, fclcb: list[int]):
    """The document's lists (PlfLst and PlfLfo) as a numbering engine, or
    None for a document without lists."""
    from plankit.parse.formats.numbering import ListInstance, Numbering

    if len(fclcb) < 2 * 75:
        return None
    fc_lst, lcb_lst, fc_lfo, lcb_lfo = fclcb[2 * 73], fclcb[2 * 73 + 1], fclcb[2 * 74], fclcb[2 * 74 + 1]
    if lcb_lst < 2 or lcb_lfo < 4 or fc_lst + lcb_lst > len(table) or fc_lfo + lcb_lfo > len(table):
        return None
    numbering = Numbering(None, _styles(table, fclcb[2], fclcb[3]))
    count = struct.unpack_from("<h", table, fc_lst)[0]
    if count <= 0 or 2 + 28 * count > lcb_lst:
        return None
    lists = []
    for i in range(count):
        pos = fc_lst + 2 + 28 * i
        lsid = struct.unpack_from("<i", table, pos)[0]
        linked = struct.unpack_from("<9H", table, pos + 8)
        lists.append((lsid, linked, table[pos + 26] & 0x01))
    pos = fc_lst + lcb_lst  # the levels follow the PlfLst
    for lsid, linked, simple in lists:
        levels = {}
        for i in range(1 if simple else 9):
            level, pos = _lvl(table, pos)
            if linked[i] != _NO_STYLE:
                level = replace(level, style=str(linked[i]))
            levels[i] = level
        numbering.abstract[str(lsid)] = levels
    lfo_count = struct.unpack_from("<I", table, fc_lfo)[0]
    if 4 + 16 * lfo_count > lcb_lfo:
        raise _Damaged("a list table of the wrong size")
    pos = fc_lfo + 4 + 16 * lfo_count
    for n in range(lfo_count):
        lsid = struct.unpack_from("<i", table, fc_lfo + 4 + 16 * n)[0]
        overrides = table[fc_lfo + 4 + 16 * n + 12]
        num = ListInstance(str(lsid), {}, {})
        pos += 4  # the LFOData's cp
        for _ in range(overrides):
            start, bits = struct.unpack_from("<iI", table, pos)
            pos += 8
            ilvl = bits & 0x0F
            if bits & 0x20:  # fFormatting: a whole level follows
                level, pos = _lvl(table, pos)
                num.levels[ilvl] = level
            if bits & 0x10:  # fStartAt
                num.starts[ilvl] = start
        numbering.nums[str(n + 1)] = num
    return numbering


def _text(word: bytes, table: bytes, name: str, notes: Optional[list[str]] = None) -> str:
    """The main text; what a person should know of it goes to ``notes``."""
    notes = notes if notes is not None else []
    ccp_text, fclcb = _fib(word)
    if ccp_text < 0:
        raise _Damaged("a negative text length")
    if ccp_text > read.MAX_BYTES:
        raise InputTooLarge(f"{name}: its text has {ccp_text} characters, over the "
                            f"{read.MAX_BYTES // (1024 * 1024)} MB limit; skipped")
    paragraphs = _Paragraphs(word, table, fclcb[2 * 13], fclcb[2 * 13 + 1])
    numbering = None
    if paragraphs:
        try:
            numbering = _numbering(table, fclcb)
        except (_Damaged, struct.error, IndexError, ValueError):
            notes.append("its list numbering is damaged: numbered paragraphs are read without their numbers")
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
                    if props is None or not props.in_table:
                        line = "".join(row)
                        if numbering is not None and props is not None:
                            line = _marker(numbering, props, bool(line)) + line
                        lines.append(line)
                        row = []
                    # else: a paragraph inside a table cell, whose text runs on
                elif props.row_end if props is not None else bool(row) and row[-1] == "\t":
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
    text = "\n".join(lines).rstrip("\n")
    if len(text) > read.MAX_BYTES:
        raise InputTooLarge(f"{name}: its text with its list numbers is over the "
                            f"{read.MAX_BYTES // (1024 * 1024)} MB limit; skipped")
    return text


def _marker(numbering, props: _Paragraph, text_follows: bool) -> str:
    """The list marker Word shows before a paragraph: its own list (ilfo)
    and level, else its style's (up the base styles)."""
    style = str(props.style)
    ilfo, level = props.list, props.level
    style_level = None
    if ilfo is None or level is None:
        s_ilfo, s_level = numbering.styles.numbering(style)
        if ilfo is None and s_ilfo is not None:
            ilfo = int(s_ilfo)
        style_level = int(s_level) if s_level is not None else None
    if not ilfo or ilfo < 0:
        return ""
    return numbering.show(str(ilfo), level, style, style_level, text_follows)


#: control characters (a tab stays as it is): breaks (line, page, column) end
#: a line, the non-breaking hyphen is a hyphen; the others (pictures, footnote
#: marks, drawn objects, the optional hyphen) are no text
_SPECIAL = regex.compile("[\x00-\x08\x0a-\x1f]")
_OTHER = {0x0B: "\n", 0x0C: "\n", 0x0E: "\n", 0x1E: "-"}

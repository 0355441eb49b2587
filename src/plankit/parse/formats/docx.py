"""Word .docx: the paragraphs of ``word/document.xml``, one a line, with the
automatic numbering Word shows before them (``一、`` ``（一）`` ``1.``, from
``word/numbering.xml`` and ``word/styles.xml``: see
:mod:`plankit.parse.formats.numbering`)."""

from __future__ import annotations

import io
import zipfile
import zlib
from functools import lru_cache
from typing import Optional
from xml.etree import ElementTree
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from plankit import regex
from plankit.errors import DecodeFailed, InputTooLarge
from plankit.parse import read

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT = "word/document.xml"
#: the parts read besides the text, when the file has them
NUMBERING, STYLES = "word/numbering.xml", "word/styles.xml"


def _parts(data: bytes, name: str) -> dict[str, bytes]:
    """The XML parts plankit reads, checked before anything is unpacked: a
    part over ``read.MAX_BYTES`` (50 MB) or expanding more than
    ``read.MAX_RATIO`` fold, or parts over ``read.MAX_BYTES`` in all, and the
    file is refused."""
    limit = read.MAX_BYTES
    parts: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = []
            for part in (DOCUMENT, NUMBERING, STYLES):
                try:
                    infos.append(z.getinfo(part))
                except KeyError:
                    if part == DOCUMENT:
                        raise
            for info in infos:
                read.check_zip_part(info, f"{name}: its text ({info.filename})")
            total = sum(info.file_size for info in infos)
            if total > limit:
                raise InputTooLarge(f"{name}: its XML parts ({', '.join(i.filename for i in infos)}) unpack to "
                                    f"{total / (1024 * 1024):.1f} MB in all, over the {limit // (1024 * 1024)} MB "
                                    "limit; skipped")
            for info in infos:
                with z.open(info) as f:
                    xml = f.read(limit + 1)  # never trust the header's size
                if len(xml) > limit:
                    raise InputTooLarge(f"{name}: its text ({info.filename}) unpacks to over the "
                                        f"{limit // (1024 * 1024)} MB limit; skipped")
                parts[info.filename] = xml
    except KeyError:
        raise DecodeFailed(f"{name} is not a readable .docx file (no word/document.xml)") from None
    except zipfile.BadZipFile as exc:
        raise DecodeFailed(f"{name} is not a readable .docx file ({exc})") from None
    except (zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise DecodeFailed(f"{name} is a damaged .docx file ({exc})") from None
    return parts


class _Refused(Exception):
    pass


def _refuse(*_args) -> None:
    raise _Refused


def parse_xml(xml: bytes, name: str, part: str):
    """``xml`` parsed, hardened: a document type declaration, where entities
    are declared (an entity expansion bomb, an external entity), is refused
    in one line; no word processor writes one. Expat checks for it in C, with
    no handler but that one (3.5 ms on python-docx's styles.xml), before
    ElementTree's C parser builds the tree: defusedxml, which refuses the
    same, calls Python for every element (31 ms on that styles.xml)."""
    try:
        _check(xml)
        return ElementTree.fromstring(xml)
    except _Refused:
        raise DecodeFailed(f"{name}: its XML ({part}) declares a DTD, which no word processor writes "
                           "(an XML entity bomb?); refused") from None
    except (expat.ExpatError, ParseError, ValueError):
        raise DecodeFailed(f"{name}: its XML ({part}) is damaged") from None


def _check(xml: bytes) -> None:
    """Raise _Refused on a DTD, expat's error on XML that is not well-formed."""
    check = expat.ParserCreate()
    check.StartDoctypeDeclHandler = _refuse
    check.EntityDeclHandler = _refuse
    check.Parse(xml, True)


@lru_cache(maxsize=4)
def _styles(xml: bytes, parse: bool = True):
    """The styles of a styles.xml (with ``parse`` false: only checked, for a
    file whose numbering needs none), kept for the next file made from the
    same template, as a batch's files often are; raises DecodeFailed unnamed."""
    from plankit.parse.formats.numbering import Styles

    try:
        _check(xml)
    except _Refused:
        parse_xml(xml, "{name}", STYLES)  # the one-line refusal
    except expat.ExpatError:
        if parse:
            parse_xml(xml, "{name}", STYLES)  # the one-line "damaged"
        return Styles()  # damaged, but never read
    if not parse:
        return Styles()
    reduced = _list_styles(xml)
    if reduced is not None:
        try:
            return Styles(ElementTree.fromstring(reduced))
        except ParseError:
            pass  # not laid out as Word writes it: read it whole
    return Styles(ElementTree.fromstring(xml))


_STYLES_START = regex.compile(rb"\s*(?:<\?xml[^>]*\?>\s*)?<w:styles\b[^>]*>")


def _list_styles(xml: bytes) -> Optional[bytes]:
    """styles.xml cut to the styles numbering reads, paragraph and numbering
    styles (a template's table and character styles are most of it: python-
    docx's took 22 ms to parse whole), or None if it is not laid out as Word
    writes it (style elements with the w prefix)."""
    start = _STYLES_START.match(xml)
    if start is None:
        return None
    kept = [start.group()]
    pos = start.end()
    while True:
        i = xml.find(b"<w:style", pos)
        if i < 0:
            break
        head_end = xml.find(b">", i)
        if head_end < 0:
            return None
        if xml[i + 8:i + 9] not in (b" ", b">", b"/", b"\t", b"\n", b"\r"):
            pos = i + 8  # <w:styleId ...>, <w:styles ...>: not a style element
            continue
        if xml[head_end - 1:head_end] == b"/":
            end = head_end + 1  # an empty style
        else:
            end = xml.find(b"</w:style>", head_end)
            if end < 0:
                return None
            end += len(b"</w:style>")
        head = xml[i:head_end]
        if b'w:type="character"' not in head and b'w:type="table"' not in head:
            kept.append(xml[i:end])
        pos = end
    kept.append(b"</w:styles>")
    return b"".join(kept)


def docx_text(data: bytes, name: str = "input") -> str:
    """The paragraphs of a .docx, one a line (tables row by row, cell text
    tab-joined), each with the list marker Word shows before it."""
    from plankit.parse.formats.numbering import Numbering

    parts = _parts(data, name)
    root = parse_xml(parts[DOCUMENT], name, DOCUMENT)
    numbering = Numbering(parse_xml(parts[NUMBERING], name, NUMBERING) if NUMBERING in parts else None)
    if STYLES in parts:  # styles matter only to numbering; any part with a DTD is refused
        try:
            numbering.styles = _styles(parts[STYLES], bool(numbering.nums))
        except DecodeFailed as exc:
            raise DecodeFailed(str(exc).replace("{name}", name)) from None
    body = root.find(f"{_W}body")
    if body is None:
        return ""
    lines: list[str] = []
    try:
        _blocks(body, lines, numbering)
    except RecursionError:
        raise DecodeFailed(f"{name}: its tables or content controls nest too deep to read") from None
    text = "\n".join(lines)
    if len(text) > read.MAX_BYTES:
        raise InputTooLarge(f"{name}: its text with its list numbers is over the "
                            f"{read.MAX_BYTES // (1024 * 1024)} MB limit; skipped")
    return text


def _blocks(parent, lines: list[str], numbering) -> None:
    for block in parent:
        if block.tag == f"{_W}p":
            lines.append(_numbered(block, numbering))
        elif block.tag == f"{_W}tbl":
            for row in block.findall(f"{_W}tr"):
                lines.append("\t".join(_cell(cell, numbering) for cell in row.findall(f"{_W}tc")))
        elif block.tag == f"{_W}sdt" and not _is_toc(block):
            content = block.find(f"{_W}sdtContent")
            if content is not None:
                _blocks(content, lines, numbering)


def _cell(cell, numbering) -> str:
    """A table cell's paragraphs run together (nested tables' cells too)."""
    lines: list[str] = []
    _blocks(cell, lines, numbering)
    return "".join(line.replace("\t", " ") for line in lines)


def _is_toc(sdt) -> bool:
    """A content control holding a table of contents: its lines repeat the headings."""
    gallery = sdt.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
    return gallery is not None and "content" in (gallery.get(f"{_W}val") or "").lower()


def _numbered(p, numbering) -> str:
    text = _paragraph(p)
    return numbering.marker(p.find(f"{_W}pPr"), bool(text)) + text


def _paragraph(p) -> str:
    parts = []
    for node in p.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def docx_extract(data: bytes, name: str = "input", encoding: Optional[str] = None):
    """A .docx's text as the registry returns it (``encoding`` does not apply)."""
    from plankit.parse.formats import ExtractedText

    return ExtractedText(docx_text(data, name), "docx")

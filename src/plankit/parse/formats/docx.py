"""Word .docx: the paragraphs of ``word/document.xml``, one a line."""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Optional
from xml.etree import ElementTree

from plankit.errors import DecodeFailed, InputTooLarge
from plankit.parse import read

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: a .docx's text that expands more than this from its compressed size is a
#: zip bomb (Word's XML compresses about 5-15 fold); the same bound as a zip
#: archive's entries (plankit.batch.ZIP_MAX_RATIO)
MAX_RATIO = 200


def docx_text(data: bytes, name: str = "input") -> str:
    """The paragraphs of a .docx, one a line (tables row by row, cell text tab-joined).

    The XML is checked before it is unpacked: over ``MAX_BYTES`` (50 MB), or
    expanding more than ``MAX_RATIO`` fold, it is refused."""
    limit = read.MAX_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > limit:
                raise InputTooLarge(f"{name}: its text (word/document.xml) unpacks to "
                                    f"{info.file_size / (1024 * 1024):.1f} MB, over the "
                                    f"{limit // (1024 * 1024)} MB limit; skipped")
            if info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise InputTooLarge(f"{name}: its text (word/document.xml) expands "
                                    f"{info.file_size // max(info.compress_size, 1)}-fold: "
                                    "a zip bomb, not a plan; skipped")
            with z.open(info) as f:
                xml = f.read(limit + 1)  # never trust the header's size
    except KeyError:
        raise DecodeFailed(f"{name} is not a readable .docx file (no word/document.xml)") from None
    except zipfile.BadZipFile as exc:
        raise DecodeFailed(f"{name} is not a readable .docx file ({exc})") from None
    except (zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise DecodeFailed(f"{name} is a damaged .docx file ({exc})") from None
    if len(xml) > limit:
        raise InputTooLarge(f"{name}: its text (word/document.xml) unpacks to over the "
                            f"{limit // (1024 * 1024)} MB limit; skipped")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise DecodeFailed(f"{name}: its Word XML is damaged") from None
    lines: list[str] = []
    body = root.find(f"{_W}body")
    if body is None:
        return ""
    for block in body:
        if block.tag == f"{_W}p":
            lines.append(_paragraph(block))
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = ["".join(_paragraph(p) for p in cell.iter(f"{_W}p")) for cell in row.iter(f"{_W}tc")]
                lines.append("\t".join(cells))
    return "\n".join(lines)


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

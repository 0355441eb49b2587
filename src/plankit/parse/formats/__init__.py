"""Readers: the text of a file, whatever its format, chosen by content.

Each reader is a module of this package with a function ``bytes ->
ExtractedText``; :data:`READERS` names them and :func:`detect` picks one from
the file's first bytes (``%PDF``, an OLE compound file, a zip holding
``word/document.xml`` or ``OFD.xml``, HTML), never from its name: a .wps
file saved by WPS is a Word binary, a .txt may be a web page. Readers of
optional formats import their library inside the reader, so that the base
install stays small; a missing one is a one-line :class:`MissingExtra` that
names the ``pip install`` to run.

For these inputs the "original text" that spans index is the text a reader
returns (paragraphs joined by ``\\n``), not the file's bytes; ``pages`` says
where each page starts in it, when the source has pages.
"""

from __future__ import annotations

import io
import re
import zipfile
from bisect import bisect_right
from dataclasses import dataclass
from importlib import import_module
from typing import Callable, Optional

from plankit import regex
from plankit.errors import PlankitError

__all__ = ["DOCUMENTS", "ExtractedText", "MissingExtra", "READERS", "SUPPORTED", "detect", "extract", "page_of"]

#: what folders and archives are searched for when no --glob is given: every
#: format plankit reads (the readers choose by content, not by these names)
SUPPORTED = (".txt", ".text", ".md", ".docx", ".doc", ".wps", ".pdf", ".ofd", ".html", ".htm")
#: the --glob that means "every document plankit reads"
DOCUMENTS = "*.{" + ",".join(s[1:] for s in SUPPORTED) + "}"


class MissingExtra(PlankitError):
    """A format needs an optional library that is not installed."""


@dataclass(frozen=True)
class ExtractedText:
    """The text later stages read, and what the reader knows of it."""

    text: str
    #: how the bytes became text: an encoding for text files, else the format (docx, pdf, ...)
    encoding: str
    #: offset in ``text`` where each page starts (page 1 first), when the source has pages
    pages: tuple[int, ...] = ()
    #: what a person should know (pages that need OCR, lines OCR may have dropped)
    notes: tuple[str, ...] = ()


def page_of(pages: tuple[int, ...], offset: int) -> Optional[int]:
    """The 1-based page holding ``offset`` of the text, or None without pages.

    >>> page_of((0, 120, 300), 150), page_of((), 150)
    (2, None)
    """
    return bisect_right(pages, offset) if pages else None


#: format -> "module:function" of its reader
READERS = {
    "text": "plankit.parse.formats.text:text_of",
    "html": "plankit.parse.formats.html:page_text",
    "docx": "plankit.parse.formats.docx:docx_extract",
    "doc": "plankit.parse.formats.doc:doc_text",
    "pdf": "plankit.parse.formats.pdf:pdf_text",
    "ofd": "plankit.parse.formats.ofd:ofd_text",
}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def detect(data: bytes) -> str:
    """The format of ``data`` from its content: pdf, doc (OLE: .doc, .wps),
    docx, ofd, html or text.

    >>> detect(b"%PDF-1.7 ..."), detect(b"<!DOCTYPE html><html>"), detect("一、目标".encode())
    ('pdf', 'html', 'text')
    """
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(_OLE):
        return "doc"
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, ValueError):
            return "text"  # not a readable zip: let the text reader say what it is
        if "word/document.xml" in names:
            return "docx"
        if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
            return "ofd"
        return "zip"
    if looks_like_html(head):
        return "html"
    return "text"


_HTML_START = regex.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table)\b",
                            re.I | re.S)


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a file open an HTML page (a BOM allowed)."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return bool(_HTML_START.match(head[:1024]))


def reader(fmt: str) -> Callable[..., ExtractedText]:
    module, _, function = READERS[fmt].partition(":")
    return getattr(import_module(module), function)


def extract(data: bytes, name: str = "input", encoding: Optional[str] = None) -> ExtractedText:
    """The text of ``data``, read by the reader its content calls for.
    ``encoding`` applies to text and web pages."""
    fmt = detect(data)
    if fmt == "zip":
        raise PlankitError(f"{name} is a zip archive, not a document; pass it as an archive (PATH.zip)")
    return reader(fmt)(data, name=name, encoding=encoding)

"""Text out of the containers archives hold: Word files and scraped web pages.

For these inputs the "original text" that spans index is the text extracted
here (paragraphs joined by ``\\n``), not the file's bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

from plankit.errors import DecodeFailed

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: at most this much XML is read out of a .docx
_DOCX_XML_LIMIT = 64 * 1024 * 1024


def docx_text(data: bytes, name: str = "input") -> str:
    """The paragraphs of a .docx, one a line (tables row by row, cell text tab-joined)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > _DOCX_XML_LIMIT:
                raise DecodeFailed(f"{name}: the Word document is too large to read")
            xml = z.read(info)
    except (zipfile.BadZipFile, KeyError):
        raise DecodeFailed(f"{name} is not a readable .docx file (no word/document.xml)") from None
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


_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "pre", "dd", "dt", "dl", "hr", "title", "td", "th",
}
_HIDDEN = {"script", "style", "noscript", "template", "nav", "head", "iframe", "svg", "select", "button", "form"}
_SPACES = re.compile(r"[ \t\r\f\v]+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of a page: scripts, styles and navigation dropped, one block a line."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)

"""Web pages: the visible text, one block a line."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Optional

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


_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table)\b", re.I | re.S)


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a file open an HTML page (a BOM allowed)."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return bool(_HTML_START.match(head[:1024]))


def page_text(data: bytes, name: str = "input", encoding: Optional[str] = None):
    """A web page's visible text, decoded as a text file is."""
    from plankit.parse.formats import ExtractedText
    from plankit.parse.read import decode_bytes

    decoded = decode_bytes(data, encoding, name=name)
    return ExtractedText(html_text(decoded.text), decoded.encoding)

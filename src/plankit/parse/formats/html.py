"""Web pages: the main text, one block a line.

With the ``html`` extra, trafilatura finds the page's main text and leaves
out the site's chrome (navigation, sidebars, related links, visitor
counters, footers); its XML is turned into lines here: paragraphs, headings
and list items one a line, ``<br>`` a new line, table rows with their cells
tab-joined. Old layouts (a table cell holding the whole text, lines split
by ``<br>``) come out of trafilatura as one long line: then the lines are
those of the stdlib reader below, kept only where trafilatura found text.
Without trafilatura the stdlib reader alone gives the visible text (a note
says so).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Optional

from plankit import regex

_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "pre", "dd", "dt", "dl", "hr", "title", "td", "th",
}
_HIDDEN = {"script", "style", "noscript", "template", "nav", "head", "iframe", "svg", "select", "button", "form"}
_SPACES = regex.compile(r"[ \t\r\f\v]+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.linked: list[bool] = []  # whether each part is the text of a link
        self.hidden = 0
        self.links = 0

    def _break(self) -> None:
        self.parts.append("\n")
        self.linked.append(False)

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self._break()
        elif tag == "a" and any(k == "href" for k, _ in attrs):
            self.links += 1

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self._break()
        elif tag == "a":
            self.links = max(0, self.links - 1)

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)
            self.linked.append(self.links > 0)


_WORDS = regex.compile(r"\w")


def page_lines(html: str) -> list[tuple[str, float]]:
    """The visible lines of a page (scripts, styles and navigation dropped,
    one block a line), each with the share of its letters that are link text."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    out: list[tuple[str, float]] = []
    line: list[str] = []
    in_links = 0

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(line)).strip()
        if text:
            out.append((text, in_links / max(len(_WORDS.findall(text)), 1)))

    for part, linked in zip(parser.parts, parser.linked):
        if part == "\n":
            flush()
            line, in_links = [], 0
            continue
        pieces = part.split("\n")
        for k, piece in enumerate(pieces):
            if k:
                flush()
                line, in_links = [], 0
            line.append(piece)
            if linked:
                in_links += len(_WORDS.findall(piece))
    flush()
    return out


def html_text(html: str) -> str:
    """The visible text of a page: scripts, styles and navigation dropped, one block a line."""
    return "\n".join(line for line, _ in page_lines(html))


#: trafilatura's elements that hold a line (or lines) of text
_MAIN_BLOCKS = {"p", "head", "item", "quote", "code", "list", "table", "main", "div", "lb", "row", "cell", "graphic"}
_NO_SPACE = regex.compile(r"[\s|]+")

#: lines of site chrome whatever the page's layout: visitor counters, the
#: copyright and ICP record lines of a footer, who runs the site
_CHROME = regex.compile(
    r"^(?:您是本站第|您是第|本站访问量|网站访问量|总访问量|访问量|访问人数|访问次数|今日访问|累计访问|访客数|浏览量|点击量)"
    r"\s*[:：]?\s*[0-9０-９]"
    r"|第\s*[0-9０-９]+\s*位访(?:客|问者)"
    r"|^(?:版权所有|Copyright|©|\(c\))"
    r"|ICP备\s*[0-9０-９]+|公网安备|网站标识码"
    r"|^(?:主办|承办|协办|技术支持|主办单位|承办单位|网站维护)\s*[:：]",
    re.I,
)
#: the fields of an article's information bar; a line with two of them is one
_INFO_FIELDS = regex.compile(r"(发布时间|发布日期|更新时间|来源|浏览次数|浏览量|点击数|点击率|阅读次数|阅读量|字号|【打印】|打印本页|关闭窗口)"
                          r"\s*[:：\[【]?")
#: a chrome line is short; a longer line is text
_LONGEST_CHROME = 160


def _no_chrome(lines: list[str]) -> list[str]:
    """The lines but those of site chrome (visitor counters, footers).

    >>> _no_chrome(["一、目标", "访问量: 12345678位", "版权所有 某某市人民政府 京ICP备12345678号",
    ...             "发布时间: 2023-02-01 来源: 市政府 浏览次数: 1234", "来源: 市统计局"])
    ['一、目标', '来源: 市统计局']
    """
    return [line for line in lines if len(line) > _LONGEST_CHROME
            or not (_CHROME.search(line) or len(set(_INFO_FIELDS.findall(line))) >= 2)]


NO_TRAFILATURA = "the html extra (trafilatura) is not installed: site navigation and sidebars are read too " \
                 "(pip install 'plankit[html]')"
COLLAPSED = "the main text lost its line breaks in trafilatura: lines from the page's own layout"


def _main_lines(xml: str) -> list[str]:
    """The lines of trafilatura's XML output."""
    from defusedxml.ElementTree import fromstring

    root = fromstring(xml)
    main = root.find("main")
    if main is None:
        return []
    out: list[str] = []

    def walk(el) -> None:
        tag = el.tag
        if tag == "row" and not any(_has_blocks(cell) for cell in el):
            cells = []
            for cell in el:
                parts: list[str] = []
                _inline(cell, parts)
                cells.append(_SPACES.sub(" ", "".join(parts).replace("\n", " ")).strip())
            out.append("\n" + "\0".join(cells).strip("\0") + "\n")  # \0: a tab once spaces are folded
            return
        # a row of a layout table (cells holding paragraphs): each cell its lines
        block = tag in _MAIN_BLOCKS
        if block:
            out.append("\n")
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if block:
            out.append("\n")

    walk(main)
    lines = (_SPACES.sub(" ", line).strip().replace("\0", "\t") for line in "".join(out).split("\n"))
    return [line for line in lines if line]


def _has_blocks(el) -> bool:
    return any(child.tag in ("p", "list", "head", "table", "quote") for child in el.iter() if child is not el)


def _inline(el, parts: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        if child.tag == "lb":
            parts.append(" ")
        else:
            _inline(child, parts)
        if child.tail:
            parts.append(child.tail)


def collapsed(main: list[str], page: list[str]) -> bool:
    """Whether the main text lost the page's line structure: its longest line
    is far longer than the page's longest line, which it should be one of.

    >>> collapsed(["一行二行三行" * 20], ["一行", "二行", "三行"] * 20), collapsed(["一行"], ["菜单", "一行"])
    (True, False)
    """
    if not main or not page:
        return False
    longest = max(map(len, main))
    return longest > 1.5 * max(map(len, page)) + 40


def main_text(html: str) -> tuple[str, tuple[str, ...]]:
    """A page's main text, one block a line, and notes on how it was found
    (trafilatura missing, the fallback taken).

    trafilatura is asked for recall first; when its text lost the lines
    (short pages get a whole-page fallback in one paragraph), for precision;
    when that lost them too, the page's own lines are kept where they are in
    its text and are not mostly links. Lines that are mostly links on the
    page (menus, link lists trafilatura kept) are dropped in any case.
    """
    lines = [(line, links) for line, links in page_lines(html) if _no_chrome([line])]
    page = [line for line, _ in lines]
    try:
        import trafilatura
    except ImportError:
        return "\n".join(page), (NO_TRAFILATURA,)
    # a line that is a link on the page and never text (a heading in a table of
    # contents is text in the body too)
    menus = ({_NO_SPACE.sub("", line) for line, links in lines if links >= 0.5}
             - {_NO_SPACE.sub("", line) for line, links in lines if links < 0.5})
    main: list[str] = []
    for favor in ("favor_recall", "favor_precision"):
        try:
            xml = trafilatura.extract(html, output_format="xml", include_tables=True, include_comments=False,
                                      include_images=False, include_links=False, deduplicate=False,
                                      with_metadata=False, **{favor: True})
            found = _main_lines(xml) if xml else []
        except (MemoryError, KeyboardInterrupt):
            raise
        except Exception:  # trafilatura or lxml failing on a broken page: the page's own lines
            found = []
        main = [line for line in _no_chrome(found) if _NO_SPACE.sub("", line) not in menus]
        if main and not collapsed(main, page):
            return "\n".join(main), ()
    if not main:  # trafilatura found nothing: the whole page
        return "\n".join(page), ()
    # keep the page's lines that are in trafilatura's main text and are not
    # mostly links, as long as they hold that text
    found = _NO_SPACE.sub("", "".join(main))
    kept = [line for line, links in lines if links < 0.5 and _NO_SPACE.sub("", line) in found]
    if sum(map(len, kept)) < 0.8 * len(found):
        kept = page
    return "\n".join(kept), (COLLAPSED,)


def page_text(data: bytes, name: str = "input", encoding: Optional[str] = None):
    """A web page's main text, decoded as a text file is."""
    from plankit.parse.formats import ExtractedText
    from plankit.parse.read import decode_bytes

    decoded = decode_bytes(data, encoding, name=name)
    text, notes = main_text(decoded.text)
    return ExtractedText(text, decoded.encoding, notes=notes)

"""Headings: find numbered and titled lines, cut their titles, build the tree.

Levels are inferred per document from the order in which marker styles
appear (the first style seen is level 1, a new style one level down, a style
seen before returns to its level) and corrected by the numbering itself: a
stray ``六、`` that continues ``(五)`` stays among the ``(…)`` siblings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from plankit import regex
from plankit.lexicon import load
from plankit.numerals import DIGITS, SMALL_UNITS, chinese_integer
from plankit.parse.lines import Line
from plankit.parse.mask import LineRule
from plankit.text import CJK, has_han

_CN = "一二三四五六七八九十百零〇两"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
#: formal numerals as they stand after traditional->simplified (參 -> 参)
_FORMAL = "壹贰叁参肆伍陆柒捌玖拾"

# (style, pattern). A pattern matches at the start of a stripped line; its
# group "n" is the number. Order matters: the first match wins.
MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("part", regex.compile(rf"第(?P<n>[{_CN}\d]{{1,4}})(?P<w>部分|章|编|节|条)")),
    ("pian", regex.compile(rf"第(?P<n>[{_CN}\d]{{1,4}})篇")),
    # 壹、贰、参、: the formal numerals of Taiwan and Hong Kong plans, a level above 一、
    ("cn_formal", regex.compile(rf"(?P<n>[{_FORMAL}]{{1,3}})\s*[、.．]")),
    ("cn", regex.compile(rf"(?P<n>[{_CN}]{{1,3}})\s*[、.．](?![{_CN}][、是])")),
    ("cn_paren", regex.compile(rf"[(（]\s*(?P<n>[{_CN}]{{1,3}})\s*[)）]")),
    # (甲)(乙) and 甲、乙、: the heavenly stems, in Hong Kong and Taiwan documents
    ("stem_paren", regex.compile(rf"[(（]\s*(?P<n>[{_STEMS}])\s*[)）]")),
    ("stem", regex.compile(rf"(?P<n>[{_STEMS}])\s*、(?![{_STEMS}])")),
    ("ar_paren", regex.compile(r"[(（]\s*(?P<n>\d{1,3})\s*[)）](?!\s*[%％])")),
    ("ar_close", regex.compile(r"(?P<n>\d{1,3})\s*[)）](?!\s*[%％])")),  # 1) 1）
    ("ar_dun", regex.compile(r"(?P<n>\d{1,3})\s*、")),
    ("ar_dot", regex.compile(r"(?P<n>\d{1,3})\s*[.．,，](?![\d.．])")),
    ("circled", regex.compile(rf"(?P<n>[{_CIRCLED}])")),
    ("yishi", regex.compile(rf"(?P<n>[{_CN}]{{1,3}})是(?=[^\s是])")),
    ("box", regex.compile(r"专栏\s*(?P<n>\d{1,3})")),
]

#: the characters each marker can start with; "" for a digit (what \d
#: matches: isdecimal, which none of the others is)
_STARTS = {
    "part": "第", "pian": "第", "cn_formal": _FORMAL, "cn": _CN, "cn_paren": "(（",
    "stem_paren": "(（", "stem": _STEMS, "ar_paren": "(（", "ar_close": "", "ar_dun": "",
    "ar_dot": "", "circled": _CIRCLED, "yishi": _CN, "box": "专",
}  # fmt: skip


def _markers_by_first() -> tuple[dict[str, tuple], tuple]:
    """The markers a line can match, in ``MARKERS`` order, by its first
    character; and those for a line that starts with a digit."""
    by_first: dict[str, tuple] = {}
    for style, pattern in MARKERS:
        for c in _STARTS[style]:
            by_first[c] = by_first.get(c, ()) + ((style, pattern),)
    return by_first, tuple((style, pattern) for style, pattern in MARKERS if not _STARTS[style])


#: a line is tried against the few markers its first character allows
_BY_FIRST, _DIGIT_MARKERS = _markers_by_first()

_MARKDOWN = regex.compile(r"^(#{1,6})\s*")
_TITLE_STOP = regex.compile(r"[。！？!?；;]")
_COLON = regex.compile(r"[:：]")
_GAP = regex.compile(rf"(?<={CJK}|[”」』)])\s+(?={CJK}|[“「『(])")
_TRAILING = " \t\r,，、:：;；。.!！?？*"
#: Markdown bold around a line or its start: "**一、目标**", "**加强领导**"
_BOLD = regex.compile(r"^(?:\*\*|__)(?=\S)")

#: Right-aligned lines (a signature, a date, a continued contact line) stand
#: this far in; a heading never does.
_SIGNATURE_INDENT = 16
_WORD = regex.compile(r"\w")
#: lines longer than this are paragraphs, never a contact or caption line
_SHORT = 80
#: characters of body text after a numbered title, or three times as many in all,
#: that make its line a paragraph rather than a heading line
_PARAGRAPH = 20
_DATE = regex.compile(r"^\d{4}\s*(?:年\s*\d{1,2}\s*月|[-/.]\d{1,2}[-/.]\d{1,2})")


@lru_cache(maxsize=1)
def _not_headings() -> tuple[LineRule, LineRule, re.Pattern[str]]:
    """Lines never headings; lines never plain titles; a count that leads into a list."""
    data = load("sections")["headings"]
    return LineRule(data["never"]), LineRule(data["plain_never"]), regex.compile(data["lead_in"])


@dataclass
class Heading:
    line: int
    start: int  # view offset where the marker (or title) starts
    end: int  # view offset where the title ends
    marker: str
    title: str
    style: str
    number: Optional[int]
    indent: int = 0  # spaces before the line's text (markup not counted)
    paragraph: bool = False  # body text follows the title on its line
    level: int = 0
    children: list["Heading"] = field(default_factory=list)
    parent: Optional["Heading"] = field(default=None, repr=False)


@lru_cache(maxsize=1024)  # few numbers, read again at every heading
def _number(style: str, raw: str) -> Optional[int]:
    try:
        if style == "circled":
            return _CIRCLED.index(raw) + 1
        if style in ("stem", "stem_paren"):
            return _STEMS.index(raw) + 1
        if raw.isdigit():
            return int(raw)
        if style == "cn_formal":
            raw = raw.replace("参", "叁")
        if all(c in DIGITS or c in SMALL_UNITS for c in raw):
            return chinese_integer(raw)
    except ValueError:
        return None
    return None


def cut_title(body: str) -> str:
    """The title part of a heading line's text after its marker.

    >>> cut_title("科技项目工作取得新突破。在项目争取上,对今年申报的项目积极争取")
    '科技项目工作取得新突破'
    >>> cut_title("存在问题:一是镇、村基层科普网络建设基层薄弱,科技服务机构不健全")
    '存在问题'
    """
    text = body.strip()
    m = _TITLE_STOP.search(text)
    if m:
        text = text[: m.start()]
    m = _COLON.search(text)
    if m and len(text) - m.end() >= 8:
        text = text[: m.start()]
    # a gap stands between two words: without a space inside the text there
    # is none, and the gap regex would try its look-behind at every character
    m = _GAP.search(text) if len(text.split(None, 1)) > 1 else None
    if m and m.start() >= 4 and len(text) - m.end() >= 12:
        text = text[: m.start()]
    return text.strip(_TRAILING)


def _match_marker(stripped: str) -> Optional[tuple[str, re.Match[str]]]:
    if not stripped:
        return None
    first = stripped[0]
    candidates = _BY_FIRST.get(first) or (_DIGIT_MARKERS if first.isdecimal() else ())
    for style, pattern in candidates:  # most lines: none to try
        m = pattern.match(stripped)
        if m:
            return style, m
    return None


_CLAUSE_MARK = regex.compile("[,，;；:：]")
#: a formula; a phone, group or account number
_FORMULA_OR_NUMBER = regex.compile(r"[=÷×+<>|]|\d{5}")


def _is_plain_title(s: str, line: Line, nxt: Optional[Line], source: Optional[str]) -> bool:
    """A short line (``s``, its text) that holds only a title and opens a
    block of body text; ``source`` as for :func:`_indent`."""
    s = s.strip()
    if s.endswith(("**", "__")):
        s = s[:-2].rstrip()
    if not (4 <= len(s) <= 30) or not has_han(s) or nxt is None:
        return False
    never, plain_never, lead_in = _not_headings()
    if s[-1] in ",，、:：;；!！?？…—-" or plain_never.search(s) or never.search(s):
        return False
    if "。" in s[:-1] or s.count("。") > 1:
        return False
    if s[-1] == "。" and (len(s) > 24 or _CLAUSE_MARK.search(s)):
        return False  # a sentence of body text, not a title closed by 。
    if s.startswith(("——", "--", "-", "·", "•", "*", "“", "《", "(", "（", "[", "【")):
        return False
    if _FORMULA_OR_NUMBER.search(s):
        return False  # a formula; a phone, group or account number
    if _indent(line, source) >= _SIGNATURE_INDENT and (
        _indent(nxt, source) >= _SIGNATURE_INDENT or _DATE.search(nxt.stripped)
    ):
        return False  # right-aligned above a date or more of the same: a signature block
    if s[-1] == "。" and lead_in.search(s) and _match_marker(nxt.stripped):
        return False  # "重点做好八个方面工作。" introduces the list below
    return len(nxt.stripped) >= len(s) + 15


def _indent(line: Line, source: Optional[str]) -> int:
    """Spaces before the line's text; with ``source`` (the text before markup
    was blanked) a tag is text, not indentation."""
    text = line.text if source is None else source[line.start : line.end]
    return len(text) - len(text.lstrip())


def detect_headings(lines: list[Line], title_line: Optional[int] = None, source: Optional[str] = None) -> list[Heading]:
    """Headings among ``lines`` (a document's lines, from the analysis view).

    ``title_line`` (the document's title) is never a heading. ``source`` is
    the text the view was made from, markup still in it: indentation is
    measured there.
    """
    # lines with a word: a rule (=====, -----) opens no block and is none
    content = [ln for ln in lines if ln.number != title_line and _WORD.search(ln.text)]
    never = _not_headings()[0]
    found: list[Heading] = []
    yishi_ok: set[int] = set()
    for i, line in enumerate(content):
        s = line.text.lstrip()
        lead = len(line.text) - len(s)
        md_level = 0
        if s.startswith("#"):  # (the marks' regexes only on lines that start with one)
            md = _MARKDOWN.match(s)
            md_level = len(md.group(1))
            lead += md.end()
            s = s[md.end():]
        if s.startswith(("**", "__")):
            bold = _BOLD.match(s)
            if bold:
                lead += bold.end()
                s = s[bold.end():]
        if not s or s.isspace():
            continue
        nxt = content[i + 1] if i + 1 < len(content) else None
        hit = _match_marker(s)
        if hit:
            style, m = hit
            marker = m.group(0)
            number = _number(style, m.group("n"))
            if style == "part":
                style = "part" + m.group("w")
            if md_level:
                style = f"md{md_level}"  # Markdown says the level: "## 一、" and "## 进度" are siblings
            if style == "yishi":
                if not _yishi_heading(content, i, number, yishi_ok):
                    continue
                yishi_ok.add(i)
            body = s[m.end():]
            if style not in ("yishi", "box") and body.startswith("、"):
                continue
            if len(body) <= _SHORT and never.search(body.strip()):
                continue  # (a contact or caption line is short: long ones are not searched)
            title = cut_title(body)
            if not title and style not in ("part", "pian") and not (nxt and not _match_marker(nxt.stripped)):
                continue
            start = line.start + lead
            end = start + m.end() + _title_end(body, title)
            length = len(s.rstrip())
            paragraph = length - (end - start) >= _PARAGRAPH or length >= 3 * _PARAGRAPH
            found.append(Heading(line.number, start, end, marker.strip(), title, style, number, _indent(line, source), paragraph))
        elif md_level:
            if never.search(s.strip()):
                continue
            title = cut_title(s)
            start = line.start + lead
            found.append(Heading(line.number, start, start + _title_end(s, title), "", title, f"md{md_level}", None))
        elif found and nxt and _is_plain_title(s, line, nxt, source):
            title = cut_title(s)
            start = line.start + lead
            found.append(Heading(line.number, start, start + _title_end(s, title), "", title, "plain", None))
    return found


def _title_end(body: str, title: str) -> int:
    """Offset in ``body`` just after ``title``."""
    if not title:
        return len(body) - len(body.lstrip())
    at = body.find(title)
    return (at if at >= 0 else 0) + len(title)


def _yishi_heading(content: list[Line], i: int, number: Optional[int], accepted: set[int]) -> bool:
    """一是 opens a block when 二是 opens a later paragraph (not inline)."""
    if number is None:
        return False
    line = content[i].stripped
    if number == 1:
        nxt_word = "二是"
        if nxt_word in line:
            return False
        for later in content[i + 1 : i + 40]:
            s = later.stripped
            if s.startswith(nxt_word):
                return True
            hit = _match_marker(s)
            if hit and hit[0] != "yishi":
                return False
        return False
    return (i - 1) in accepted or any(j in accepted for j in range(max(0, i - 40), i))


# ------------------------------------------------------------------ levels


def assign_levels(headings: list[Heading]) -> None:
    """Set ``level`` on each heading, tolerant of gaps, restarts and stray styles."""
    stack: list[list] = []  # [style, last number, indent]
    above = _titles_above_lists(headings)
    for k, h in enumerate(headings):
        if h.style == "box":
            h.level = max(1, len(stack))
            continue
        if k in above:
            # a title among numbered paragraphs: it heads the ones after it
            idx = next((j for j in range(len(stack) - 1, -1, -1) if stack[j][0] == above[k][0]), None)
            if idx is not None:
                if idx and stack[idx - 1][0] == h.style:
                    idx -= 1
                del stack[idx:]
                stack.append([h.style, None, h.indent])
                h.level = len(stack)
                stack.append(list(above[k]))
                continue
        idx = _open_list(stack, h)
        if idx is not None:
            deepest = stack[-1]
            if (
                h.number == 1
                and stack[idx][1] is not None
                and _family(deepest[0]) == _family(h.style)
                and h.indent > deepest[2]
            ):
                # 1. restarting deeper in under a 1. item: a child list
                stack.append([h.style, h.number, h.indent])
                h.level = len(stack)
                continue
            if (
                idx < len(stack) - 1
                and h.number is not None
                and stack[idx][1] is not None
                and h.number != stack[idx][1] + 1
                and h.number != 1
                and deepest[1] is not None
                and h.number == deepest[1] + 1
                and _family(deepest[0]) != "yishi"
            ):
                # a mistyped marker continuing the deepest sequence
                deepest[1] = h.number
                h.level = len(stack)
                continue
            del stack[idx + 1 :]
            stack[idx][1] = h.number
            h.level = idx + 1
            continue
        if (
            stack
            and h.number is not None
            and stack[-1][1] is not None
            and h.number == stack[-1][1] + 1
            and (_family(stack[-1][0]) == _family(h.style) or _stray(headings, k, stack[-1][0]))
        ):
            # 1、 then 2. : the same list written two ways; or (四) 五、 (六):
            # a mistyped marker among its siblings
            stack[-1][1] = h.number
            h.level = len(stack)
            continue
        stack.append([h.style, h.number, h.indent])
        h.level = len(stack)


def _titles_above_lists(headings: list[Heading]) -> dict[int, tuple]:
    """Plain titles that stand between two numbered paragraphs whose
    numbering runs on across them (``12. …正文`` ``经济概况`` ``13. …正文``),
    as the HKSAR budget numbers its paragraphs: such a title heads the
    paragraphs after it. Maps each to the list entry (style, number, indent)
    of the paragraph before it."""
    out: dict[int, tuple] = {}
    marked = [k for k, h in enumerate(headings) if h.style != "plain"]
    for a, b in zip(marked, marked[1:]):
        p, q = headings[a], headings[b]
        if (
            b - a > 1
            and p.style == q.style
            and p.style not in ("yishi", "box")
            and not p.style.startswith("md")
            and p.number is not None
            and q.number == p.number + 1
            and p.paragraph
        ):
            for k in range(a + 1, b):
                out[k] = (p.style, p.number, p.indent)
    return out


def _open_list(stack: list[list], h: Heading) -> Optional[int]:
    """Index of the open list ``h`` continues: the deepest of its style, or
    of several (a child list), the deepest not indented further than ``h``."""
    same = [k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == h.style]
    if len(same) > 1:
        return next((k for k in same if stack[k][2] <= h.indent), same[-1])
    return same[0] if same else None


def _stray(headings: list[Heading], k: int, sibling_style: str) -> bool:
    """Whether ``headings[k]``, of a style not open, stands among siblings of
    ``sibling_style``: the next heading of either style continues the siblings'
    numbering past it ((四) 五、 (六))."""
    h = headings[k]
    for later in headings[k + 1 :]:
        if later.style == h.style:
            return False
        if later.style == sibling_style:
            return later.number == (h.number or 0) + 1
    return False


def _family(style: str) -> str:
    if style in ("ar_dun", "ar_dot"):
        return "arabic"
    return style


def build_tree(headings: list[Heading]) -> list[Heading]:
    """Nest headings by level; returns the top-level ones."""
    roots: list[Heading] = []
    path: list[Heading] = []
    for h in headings:
        h.children = []
        while path and path[-1].level >= h.level:
            path.pop()
        if path:
            h.level = path[-1].level + 1
            h.parent = path[-1]
            path[-1].children.append(h)
        else:
            h.level = 1
            h.parent = None
            roots.append(h)
        path.append(h)
    return roots

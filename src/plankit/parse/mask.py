"""The analysis view: normalised text with what is not plan text blanked out.

Markup (HTML tags, comments, entities), URLs, percent-encoding and page
furniture lines are replaced by spaces, character for character, so offsets
in the view are offsets in the normalised text. The furniture stays in the
text (``plankit normalize`` prints it); headings and targets simply never see
it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import Optional

from plankit import regex
from plankit.lexicon import load
from plankit.text import merge_spans

#: What is markup, each with the character it must start with: a regex that
#: starts with a literal is searched fast, an alternation of them is not.
_MARKUP = (
    ("<", regex.compile(r"<!--.{0,4000}?-->|</?[A-Za-z][^<>\n]{0,400}>", re.S)),  # comments, tags
    # scripts and style sheets of a scraped page, with their content
    ("<", regex.compile(r"<(script|style)\b[^<>]{0,400}>.{0,100000}?</\1\s*>", re.S | re.I)),
    ("&", regex.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,6}|#x[0-9A-Fa-f]{2,6});")),  # entities
    ("www.", regex.compile(r"www\.[A-Za-z0-9.-]+[^\s<>\"'，。、]*")),
    # percent-encoding, two escapes or more (written so that the regex starts with "%")
    ("%", regex.compile(r"%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})+")),
)


#: what makes a pattern's match depend on what lies around it (anchors,
#: look-arounds, word boundaries, back-references), or could: a ^ or $ in a
#: character class is counted too
_CONTEXT = regex.compile(r"[$^]|\(\?(?:<?[=!]|P=)|\\[bBAZ1-9]")


class LineRule:
    """Patterns one of which a line holds, as two regexes: those anchored at
    the line's start (a pattern that starts with ^) are matched there only,
    the rest (``anywhere``) searched. One alternation of both would try every
    anchored branch at every character of every line."""

    __slots__ = ("at_start", "anywhere")

    def __init__(self, patterns: list[str]):
        join = lambda ps: regex.compile("|".join(f"(?:{p})" for p in ps) or "(?!)")  # noqa: E731
        self.at_start = join([p[1:] for p in patterns if p.startswith("^")])
        self.anywhere = join([p for p in patterns if not p.startswith("^")])

    def search(self, s: str) -> bool:
        return bool(self.at_start.match(s) or self.anywhere.search(s))


@lru_cache(maxsize=1)
def _furniture_res() -> tuple[re.Pattern[str], re.Pattern[str], Optional[tuple[re.Pattern[str], ...]]]:
    """The furniture patterns as two regexes: those anchored at the line's
    start (tried there only) and the rest (searched). One alternation of
    both would be tried, branch by branch, at every character of every line.

    Third, the floating patterns one by one, to scan many lines at once: a
    pattern alone starts with a word or a set of characters, which the regex
    engine skips ahead to fast, so the scan finds the few lines worth a
    search. A match within a line is one at the same offset in the lines
    joined, unless the pattern looks around it: then (None) every line is
    searched."""
    patterns = load("furniture")["lines"]
    rule = LineRule(patterns)
    floating = [p for p in patterns if not p.startswith("^")]
    scanners = None if any(_CONTEXT.search(p) for p in floating) else tuple(regex.compile(p) for p in floating)
    return rule.at_start, rule.anywhere, scanners


def _match_starts(text: str, patterns: tuple[re.Pattern[str], ...]) -> list[int]:
    """Offsets in ``text`` where one of ``patterns`` matches, every one (not
    only those of non-overlapping matches)."""
    starts = []
    for pattern in patterns:
        m = pattern.search(text)
        while m:
            starts.append(m.start())
            m = pattern.search(text, m.start() + 1)
    return starts


_NOT_BREAK = regex.compile(r"[^\r\n]")


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    parts, pos = [], 0
    for s, e in spans:
        parts.append(text[pos:s])
        part = text[s:e]
        # most spans lie within a line: spaces, no regex needed
        parts.append(_NOT_BREAK.sub(" ", part) if "\n" in part or "\r" in part else " " * (e - s))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


#: URLs (markup too)
_URL = regex.compile(r"(?:https?|ftp)://[^\s<>\"'，。、]+")


def _urls(text: str) -> list[tuple[int, int]]:
    """The spans ``_URL.finditer`` finds. A URL's scheme ends 3 to 5
    characters before its ``://``, which ``str.find`` reaches far faster
    than the regex engine's scan for an h or an f: the pattern is tried at
    those starts only, in text order."""
    spans: list[tuple[int, int]] = []
    pos = 0
    k = text.find("://")
    while k >= 0:
        for at in (k - 5, k - 4, k - 3):
            if at >= pos and (m := _URL.match(text, at)):
                spans.append(m.span())
                pos = m.end()
                break
        k = text.find("://", max(k + 1, pos))
    return spans


def markup_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for first, pattern in _MARKUP if first in text for m in pattern.finditer(text)]
    return merge_spans(spans + _urls(text))


#: furniture lines are short; a longer line is a paragraph of the plan
_LONGEST_FURNITURE = 240
#: Markdown marks before a line's words: "## ", "> ", "- ", "**"
_MARKDOWN_MARKS = regex.compile(r"^(?:#{1,6}\s*|[>*+-]+\s*|_{2}\s*)+")


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """Spans of whole lines that are page furniture, in Markdown too
    (``**来源：**某某日报``, ``> 导语：…``)."""
    at_start = _furniture_res()[0]
    spans = []
    rest = []  # (span, words) of the short lines the anchored patterns leave
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        stripped = line.strip() if len(line) <= _LONGEST_FURNITURE else ""
        if stripped:
            if stripped[0] in "#>*+-_":
                stripped = _MARKDOWN_MARKS.sub("", stripped) or stripped
            if at_start.match(stripped):
                spans.append((pos, end))
            else:
                rest.append(((pos, end), stripped))
        pos = end + 1
    if rest:
        spans.extend(_floating_hits(rest))
        spans.sort()
    return spans


def _floating_hits(lines: list[tuple[tuple[int, int], str]]) -> list[tuple[int, int]]:
    """The spans of those ``(span, words)`` whose words a floating pattern
    finds. The words of all the lines are scanned at once, pattern by
    pattern; only lines where a match starts get a search of their own."""
    _, anywhere, scanners = _furniture_res()
    if scanners is None:
        return [span for span, words in lines if anywhere.search(words)]
    joined = "\n".join(words for _, words in lines)
    starts = _match_starts(joined, scanners)
    if not starts:
        return []
    # where each line's words start in ``joined``
    offsets = list(accumulate((len(words) + 1 for _, words in lines[:-1]), initial=0))
    hit = sorted({bisect_right(offsets, start) - 1 for start in starts})
    return [lines[k][0] for k in hit if anywhere.search(lines[k][1])]


def analysis_view(text: str) -> str:
    """The view later stages read: markup and furniture blanked."""
    view = _blank(text, markup_spans(text))
    return _blank(view, furniture_lines(view))


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """The furniture lines of normalised ``text``, as ``analysis_view`` finds them."""
    return furniture_lines(_blank(text, markup_spans(text)))

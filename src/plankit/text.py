"""Character classes and span helpers shared by the stages.

Han characters are matched as "a letter that is not Latin" rather than by the
range 一-鿿: Python's ``re`` compiles a range over the CJK block into a
65,536-entry table, about 3 ms for each pattern, paid at every start-up. The
category class compiles in microseconds and, in plan text, means Han.
"""

from __future__ import annotations

import re
from typing import Iterable

#: a letter that is not Latin (Han in practice; kana and Hangul too)
CJK = r"[^\W\d_A-Za-z]"
#: any letter, Latin included
LETTER = r"[^\W\d_]"
#: what ends a clause: the end of a sentence, a comma, a colon
CLAUSE_END = r"[。！？!?；;\n,，:：]"
#: all of a text up to its last clause end (matched from the text's start: no split of all of it)
UP_TO_CLAUSE_END = rf"(?s:.*){CLAUSE_END}"


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` that prefers the longest at each
    place: longest first, the one-character words as one class at the end
    (the same matches as listing them, and far quicker to compile).

    >>> alternation(["万元", "元", "亿元", "万"])
    '万元|亿元|[万元]'
    """
    words = set(words)
    longer = sorted((w for w in words if len(w) > 1), key=lambda w: (-len(w), w))
    single = "".join(re.escape(w) for w in sorted(w for w in words if len(w) == 1))
    return "|".join([re.escape(w) for w in longer] + ([f"[{single}]"] if single else []))


def searched_alternation(words: Iterable[str]) -> str:
    """:func:`alternation` for a pattern searched through a text: the same
    matches, its words grouped under their first characters. A regex whose
    branches all start with a character is searched by skipping ahead to
    those characters, one whose last branch is a class tries every position.
    (At one place only the words of one group can match, in the same order.)

    >>> searched_alternation(["一批", "一系列", "十分", "两手抓"])
    '一(?:系列|[批])|两(?:手抓)|十(?:[分])'
    """
    groups: dict[str, list[str]] = {}
    for w in set(words):
        groups.setdefault(w[0], []).append(w[1:])
    branches = []
    for first in sorted(groups):
        rest = [w for w in groups[first] if w]
        more = alternation(rest) + ("|" if len(rest) < len(groups[first]) else "") if rest else ""
        branches.append(re.escape(first) + (f"(?:{more})" if more else ""))
    return "|".join(branches)


def is_han(c: str) -> bool:
    """True for a character of the CJK Unified Ideographs block or Extension A."""
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def has_han(s: str) -> bool:
    return any(map(is_han, s))


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted ``(start, end)`` spans, those that overlap or touch joined."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out

"""Character classes and span helpers shared by the stages.

Han characters are matched as "a letter that is not Latin" rather than by the
range 一-鿿: Python's ``re`` compiles a range over the CJK block into a
65,536-entry table, about 3 ms for each pattern, paid at every start-up. The
category class compiles in microseconds and, in plan text, means Han.
"""

from __future__ import annotations

#: a letter that is not Latin (Han in practice; kana and Hangul too)
CJK = r"[^\W\d_A-Za-z]"
#: any letter, Latin included
LETTER = r"[^\W\d_]"


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

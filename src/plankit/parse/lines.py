"""Lines of a text with their offsets: the unit headings and documents work in."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass  # not frozen: one per line, and a frozen init costs four times as much
class Line:
    number: int  # 1-based
    start: int  # offset of the first character
    text: str  # without the line break (a trailing \r is kept)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def indent(self) -> int:
        """Offset of the first non-space character."""
        return self.start + len(self.text) - len(self.text.lstrip())


def split_lines(text: str) -> list[Line]:
    out = []
    pos = 0
    for i, chunk in enumerate(text.split("\n"), start=1):
        out.append(Line(i, pos, chunk))
        pos += len(chunk) + 1
    return out


class LineIndex:
    """Offset -> 1-based line number, counting ``\\n`` only."""

    def __init__(self, text: str):
        self._starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            self._starts.append(i + 1)
            i = find("\n", i + 1)

    def line_of(self, offset: int) -> int:
        return bisect_right(self._starts, offset)

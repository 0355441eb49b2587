"""Lines of a text with their offsets: the unit headings and documents work in."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from plankit import regex

#: a carriage return not followed by a line feed: an old Mac line break
LONE_CR = regex.compile(r"\r(?!\n)")


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
    """Offset -> 1-based line number. A line ends at ``\\n``, ``\\r\\n`` or
    a lone ``\\r`` (old Mac files), as the normalised view splits them."""

    def __init__(self, text: str):
        self._starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            self._starts.append(i + 1)
            i = find("\n", i + 1)
        if "\r" in text:
            lone = [m.end() for m in LONE_CR.finditer(text)]
            if lone:
                self._starts = sorted(self._starts + lone)

    def line_of(self, offset: int) -> int:
        return bisect_right(self._starts, offset)

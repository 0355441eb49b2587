"""Lines of a text with their offsets: the unit headings and documents work in."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from plankit import regex

#: a carriage return not followed by a line feed: an old Mac line break
LONE_CR = regex.compile(r"\r(?!\n)")


# not frozen: one per line, and a frozen init costs four times as much; slots:
# a third faster to make, and the stages read its fields often
@dataclass(slots=True)
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
    chunks = text.split("\n")
    # each line starts one past the end of the one before (map stops at the
    # last chunk: the start after it is never used)
    starts = accumulate((len(chunk) + 1 for chunk in chunks), initial=0)
    return list(map(Line, range(1, len(chunks) + 1), starts, chunks))


class LineIndex:
    """Offset -> 1-based line number. A line ends at ``\\n``, ``\\r\\n`` or
    a lone ``\\r`` (old Mac files), as the normalised view splits them."""

    def __init__(self, text: str):
        chunks = text.split("\n")
        self._starts = list(accumulate((len(chunk) + 1 for chunk in chunks[:-1]), initial=0))
        if "\r" in text:
            lone = [m.end() for m in LONE_CR.finditer(text)]
            if lone:
                self._starts = sorted(self._starts + lone)

    def line_of(self, offset: int) -> int:
        return bisect_right(self._starts, offset)

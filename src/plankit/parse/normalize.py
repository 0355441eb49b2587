"""Normalisation with provenance.

Later stages read clean, simplified, half-width text; analysts point at the
original. Each step is named, switchable in :class:`NormalizeConfig`, and
counted in :attr:`Normalized.changes` (an ``explain`` in the manner of ftfy).

Steps come in two shapes:

* deleting steps (zero-width characters, inline pinyin annotations) remove
  characters; they are recorded as deleted spans of the original text, from
  which :class:`OffsetMap` maps every normalised offset back;
* mapping steps (odd spaces, full-width forms, radicals, traditional to simplified)
  replace one character by one character, so offsets do not move.

>>> n = normalize("超過200萬(wàn)元")
>>> n.text
'超过200万元'
>>> s, e = n.offsets.span(0, len(n.text))
>>> n.original[s:e]
'超過200萬(wàn)元'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from plankit import regex
from plankit.parse.lines import LONE_CR
from plankit.text import CJK, merge_spans

# ---------------------------------------------------------------- offset map


class OffsetMap:
    """Maps offsets in a text with some characters deleted back to the original.

    ``deleted`` holds sorted, non-overlapping ``(start, end)`` spans of the
    original that are absent from the normalised text.
    """

    __slots__ = ("_norm_starts", "_shifts", "original_length")

    def __init__(self, deleted: list[tuple[int, int]], original_length: int):
        self.original_length = original_length
        self._norm_starts = [0]
        self._shifts = [0]
        shift = 0
        for start, end in deleted:
            shift += end - start
            # the first normalised offset after this deletion
            self._norm_starts.append(end - shift)
            self._shifts.append(shift)

    def to_original(self, i: int) -> int:
        """Original offset of normalised character ``i``."""
        if len(self._shifts) == 1:
            return i  # nothing deleted
        k = bisect_right(self._norm_starts, i) - 1
        return i + self._shifts[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering normalised ``[start, end)``.

        Deleted characters inside the span are included; those just before or
        after it are not.
        """
        if len(self._shifts) == 1:  # nothing deleted (most texts): the same offsets
            return (start, end) if end > start else (start, start)
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OffsetMap) and (
            self._norm_starts,
            self._shifts,
            self.original_length,
        ) == (other._norm_starts, other._shifts, other.original_length)


def _delete(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    parts, pos = [], 0
    for s, e in spans:
        parts.append(text[pos:s])
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


# ---------------------------------------------------------------- the steps

_CJK_RE = regex.compile(CJK)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH_RE = regex.compile(f"[{ZERO_WIDTH}]+")

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_SYLLABLE = f"[a-z{_TONED}ü]*[{_TONED}][a-z{_TONED}ü]*"
#: One or more ``(xué)`` annotations right after a Han character. A syllable
#: must carry a tone mark, so ``(一)``, ``(GDP)`` and ``(谷硅新材料)`` stay.
PINYIN_RE = regex.compile(rf"(?:[(（]{_PINYIN_SYLLABLE}[)）])+")


def _any_of(chars: str, text: str) -> bool:
    """Whether any of a few ``chars`` occurs in ``text``: one ``in`` each, a
    fast scan, where a regex character class tests every character in turn."""
    return any(c in text for c in chars)


def pinyin_annotations(text: str) -> list[re.Match[str]]:
    """The ``(xué)`` runs that follow a Han character (the regex starts at the
    bracket, so the search skips ahead fast; the character before is checked here)."""
    if not _any_of(_TONED, text):  # most texts have no tone mark at all
        return []
    return [m for m in PINYIN_RE.finditer(text) if m.start() > 0 and _CJK_RE.match(text, m.start() - 1)]

#: Odd spaces folded to an ASCII space.
ODD_SPACES = "\u3000\u00a0\u2002\u2003\u2009\u202f\u205f"

#: Full-width ASCII forms and a few look-alikes, one character each.
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE.update({ord("\ufe52"): ".", ord("\u2215"): "/", ord("\u2016"): "|"})
_SPACE_TABLE = {ord(c): " " for c in ODD_SPACES}
_SPACE_RE = regex.compile(f"[{ODD_SPACES}]")
_WIDTH_RE = regex.compile("[\uff01-\uff5e\ufe52\u2215\u2016]")

#: CJK Radicals Supplement -> the unified ideograph it looks like, as the
#: Unicode Character Database's EquivalentUnifiedIdeograph.txt (14.0) lists
#: them, "radical:ideograph" in hex (U+2E80 and U+2E9A have none). NFKC maps
#: only ⺟ and ⻳ of these; PDF text layers use them for common characters
#: (⺠ for 民, ⻓ for 长), as they use the Kangxi radicals for 一 人 工.
_RADICAL_SUPPLEMENT = """
2E81:5382 2E82:4E5B 2E83:4E5A 2E84:4E59 2E85:4EBB 2E86:5182 2E87:20628 2E88:5200 2E89:5202 2E8A:535C
2E8B:353E 2E8C:5C0F 2E8D:5C0F 2E8E:5140 2E8F:5C23 2E90:5C22 2E91:21BC2 2E92:5DF3 2E93:5E7A 2E94:5F51
2E95:5F50 2E96:5FC4 2E97:5FC3 2E98:624C 2E99:6535 2E9B:65E1 2E9C:65E5 2E9D:6708 2E9E:6B7A 2E9F:6BCD
2EA0:6C11 2EA1:6C35 2EA2:6C3A 2EA3:706C 2EA4:722B 2EA5:722B 2EA6:4E2C 2EA7:725B 2EA8:72AD 2EA9:738B
2EAA:24D14 2EAB:76EE 2EAC:793A 2EAD:793B 2EAE:25AD7 2EAF:7CF9 2EB0:7E9F 2EB1:7F53 2EB2:7F52 2EB3:34C1
2EB4:5197 2EB5:2626B 2EB6:7F8A 2EB7:2634C 2EB8:2634B 2EB9:8002 2EBA:8080 2EBB:807F 2EBC:8089 2EBD:26951
2EBE:8279 2EBF:8279 2EC0:8279 2EC1:864E 2EC2:8864 2EC3:8980 2EC4:897F 2EC5:89C1 2EC6:89D2 2EC7:278B2
2EC8:8BA0 2EC9:8D1D 2ECA:27FB7 2ECB:8F66 2ECC:8FB6 2ECD:8FB6 2ECE:8FB6 2ECF:9091 2ED0:9485 2ED1:9577
2ED2:9578 2ED3:957F 2ED4:95E8 2ED5:28E0F 2ED6:961D 2ED7:96E8 2ED8:9752 2ED9:97E6 2EDA:9875 2EDB:98CE
2EDC:98DE 2EDD:98DF 2EDE:2967F 2EDF:98E0 2EE0:9963 2EE1:29810 2EE2:9A6C 2EE3:9AA8 2EE4:9B3C 2EE5:9C7C
2EE6:9E1F 2EE7:5364 2EE8:9EA6 2EE9:9EC4 2EEA:9EFE 2EEB:6589 2EEC:9F50 2EED:6B6F 2EEE:9F7F 2EEF:7ADC
2EF0:9F99 2EF1:9F9C 2EF2:4E80 2EF3:9F9F
"""


def _radical_table() -> dict[int, str]:
    """Radical -> ideograph, one character for one: the supplement from the
    data above, the 214 Kangxi radicals (U+2F00..U+2FD5) by NFKC."""
    import unicodedata

    table = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}
    for pair in _RADICAL_SUPPLEMENT.split():
        radical, ideograph = pair.split(":")
        table[int(radical, 16)] = chr(int(ideograph, 16))
    return table


RADICALS: dict[int, str] = _radical_table()
_RADICAL_RE = regex.compile("[\u2e81-\u2ef3\u2f00-\u2fd5]")
#: the two blocks as one range, searched twice as fast; the unassigned code
#: points between them have no entry in RADICALS
_RADICAL_RANGE_RE = regex.compile("[\u2e81-\u2fd5]")
#: any character one of the replacing steps (spaces, full width, radicals) maps
_ONE_FOR_ONE_RE = regex.compile(f"[{ODD_SPACES}\uff01-\uff5e\ufe52\u2215\u2016\u2e81-\u2fd5]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # the official binding; imported only when a text needs it

    return opencc.OpenCC("t2s")


#: what the t2s conversion can change (see :func:`_changeable`): a class of
#: characters, and the phrases a weak one of them changes in, by character
_Changes = tuple[re.Pattern[str], dict[str, tuple[tuple[str, int], ...]]]


@lru_cache(maxsize=1)
def _changeable() -> Optional[_Changes]:
    """What the t2s conversion can change, from ``data/t2s_changes.txt``
    (written from OpenCC's dictionaries by ``scripts/t2s_changes.py``): a
    character class of every character some entry changes (any beyond the
    BMP included), and for each weak one (沈: only a phrase changes it) the
    phrases that do, as (phrase, offset of the character in it). None, so
    that every line is converted, unless the installed OpenCC is the one the
    file was written for and its dictionaries are byte for byte the ones the
    file names."""
    import hashlib
    import os

    import opencc

    from plankit.lexicon import DATA_DIR

    try:
        fields: dict[str, list[str]] = {}
        for line in (DATA_DIR / "t2s_changes.txt").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                key, _, value = line.partition(" ")
                fields.setdefault(key, []).append(value)
        if fields["opencc"] != [opencc.__version__]:
            return None
        folder = os.path.dirname(_t2s().config)
        for value in fields["sha256"]:
            name, digest = value.split(" ")
            with open(os.path.join(folder, name), "rb") as f:
                if hashlib.sha256(f.read()).hexdigest() != digest:
                    return None
        [chars], [weak], [phrases] = fields["chars"], fields["weak"], fields["phrases"]
        pairs = [phrase.split("=") for phrase in phrases.split()]
        changed_in = {c: tuple((key, j) for key, value in pairs for j, (k, v) in enumerate(zip(key, value))
                               if k == c and v != c)
                      for c in weak}
    except (OSError, AttributeError, KeyError, ValueError, TypeError):
        return None
    return regex.compile(f"[{re.escape(chars)}\\U00010000-\\U0010ffff]"), changed_in


def _next_change(text: str, i: int, changes: _Changes) -> int:
    """Where the first character from ``i`` on stands that the conversion
    can change, or -1: a weak one only inside a phrase that changes it."""
    finder, changed_in = changes
    m = finder.search(text, i)
    while m:
        at = m.start()
        phrases = changed_in.get(m.group())
        if phrases is None or any(at >= j and text.startswith(phrase, at - j) for phrase, j in phrases):
            return at
        m = finder.search(text, at + 1)
    return -1


def _has_traditional_candidates(text: str) -> bool:
    # Cheap pre-check: any Han character at all.
    return _CJK_RE.search(text) is not None


#: lines between two that need converting join them in one call when they are
#: this short: a call costs as much as converting a few hundred characters
#: (more in a pass whose other stages pushed OpenCC's tables out of the caches)
_JOIN_GAP = 200


def to_simplified(text: str) -> str:
    """Traditional to simplified, one character for one character.

    Only the lines holding what the conversion can change go through OpenCC,
    when its dictionaries are known: a simplified text has few or none (沈
    and 覆 of 沈阳, 覆盖 stand in none of the phrases that change them), and
    a regex finds them in a third of the time OpenCC takes over the text
    (a fraction in a pass, where OpenCC's tables are out of the CPU's
    caches). No dictionary entry holds a line break, so converting a line is
    converting it inside the text.
    """
    if not _has_traditional_candidates(text):
        return text
    converter = _t2s()
    changes = _changeable()
    if changes is None:
        return _to_simplified(converter, text)
    at = _next_change(text, 0, changes)
    if at < 0:
        return text
    parts, done = [], 0
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = _line_end(text, at + 1)
        # the lines with changes shortly after join the run: one call
        while (at := _next_change(text, end, changes)) >= 0 and at - end <= _JOIN_GAP:
            end = _line_end(text, at + 1)
        parts += (text[done:start], _to_simplified(converter, text[start:end]))
        done = end
    parts.append(text[done:])
    return "".join(parts)


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _to_simplified(converter, text: str) -> str:
    """OpenCC's conversion of ``text``; lines whose length it would change
    (a phrase table's doing) are converted character by character, so that
    offsets never move."""
    try:
        out = converter.convert(text)
        if len(out) == len(text):
            return out
    except UnicodeEncodeError:  # lone surrogates: convert around them
        pass
    return "\n".join(_line_to_simplified(converter, line) for line in text.split("\n"))


def _line_to_simplified(converter, line: str) -> str:
    try:
        conv = converter.convert(line)
        if len(conv) == len(line):
            return conv
    except UnicodeEncodeError:
        pass
    return "".join(_char_to_simplified(converter, c) for c in line)


def _char_to_simplified(converter, c: str) -> str:
    if "\ud800" <= c <= "\udfff":
        return c
    c2 = converter.convert(c)
    return c2 if len(c2) == 1 else c


# ---------------------------------------------------------------- the stage


@dataclass(frozen=True)
class NormalizeConfig:
    """Which steps run. Every step is on by default."""

    line_breaks: bool = True
    zero_width: bool = True
    pinyin: bool = True
    spaces: bool = True
    full_width: bool = True
    #: Kangxi and supplement radicals (⼀ ⼈ ⺠) to the ideographs they stand for (一 人 民)
    radicals: bool = True
    simplified: bool = True


#: Step names in the order they run, for ``--explain``.
STEPS = ("line_breaks", "zero_width", "pinyin", "spaces", "full_width", "radicals", "simplified")


@dataclass(frozen=True)
class Normalized:
    original: str
    text: str
    #: ``text`` before traditional→simplified: the source's own script, aligned
    #: character for character with ``text``.
    script_text: str
    offsets: OffsetMap
    changes: dict[str, int] = field(default_factory=dict)


def _replace_found(text: str, finder: re.Pattern[str], table: dict[int, str | int]) -> str:
    """Replace each character ``finder`` finds that ``table`` maps, one
    ``str.replace`` per distinct character; the search resumes where the
    last one was found, so the text is scanned about once (``translate``
    would look up every character of the text, and a ``replace`` per entry
    of a large table scans the text once per entry)."""
    m = finder.search(text)
    while m:
        new = table.get(ord(m.group()))
        if new is None:  # a character the finder's range holds but the table does not
            m = finder.search(text, m.end())
            continue
        text = text.replace(m.group(), new if isinstance(new, str) else chr(new))
        m = finder.search(text, m.start())
    return text


@lru_cache(maxsize=1)
def _one_for_one_table() -> dict[int, str | int]:
    return {**_SPACE_TABLE, **_WIDTH_TABLE, **RADICALS}


def _one_for_one(text: str, config: NormalizeConfig, changes: Optional[dict[str, int]]) -> str:
    """The replacing steps, each counted in ``changes`` if given. No table
    maps a character to one another table maps, so applying them one after
    the other is applying them at once, in one scan when all three run."""
    if changes is None and config.spaces and config.full_width and config.radicals:
        return _replace_found(text, _ONE_FOR_ONE_RE, _one_for_one_table())
    if config.spaces and _any_of(ODD_SPACES, text):
        if changes is not None:
            changes["spaces"] = len(_SPACE_RE.findall(text))
        text = _replace_found(text, _SPACE_RE, _SPACE_TABLE)
    if config.full_width and _WIDTH_RE.search(text):
        if changes is not None:
            changes["full_width"] = len(_WIDTH_RE.findall(text))
        text = _replace_found(text, _WIDTH_RE, _WIDTH_TABLE)
    if config.radicals and _RADICAL_RANGE_RE.search(text):
        if changes is not None and (found := _RADICAL_RE.findall(text)):
            changes["radicals"] = sum(ord(c) in RADICALS for c in found)
        text = _replace_found(text, _RADICAL_RANGE_RE, RADICALS)
    return text


def _count_diff(a: str, b: str) -> int:
    if a == b:
        return 0
    return sum(map(str.__ne__, a, b))


def normalize(original: str, config: NormalizeConfig = NormalizeConfig(), *, explain: bool = False) -> Normalized:
    """Run the enabled steps over ``original`` and keep the way back.

    With ``explain``, ``changes`` counts what each step changed (the counting
    costs a pass per step, so parsing does not ask for it).
    """
    changes: dict[str, int] = {}
    deleted: list[tuple[int, int]] = []
    text = original

    if config.line_breaks and "\r" in text:
        text, n = LONE_CR.subn("\n", text)  # one character for one: offsets stay
        if explain and n:
            changes["line_breaks"] = n

    if config.zero_width and _any_of(ZERO_WIDTH, text):
        zw = [m.span() for m in _ZERO_WIDTH_RE.finditer(text)]
        if zw:
            if explain:
                changes["zero_width"] = sum(e - s for s, e in zw)
            deleted = zw
            text = _delete(text, zw)

    if config.pinyin:
        matches = pinyin_annotations(text)
        if matches:
            found = [m.span() for m in matches]
            if explain:
                changes["pinyin"] = sum(m.group().count("(") + m.group().count("（") for m in matches)
            text = _delete(text, found)
            if deleted:
                step_map = OffsetMap(deleted, len(original))
                deleted = merge_spans(deleted + [step_map.span(s, e) for s, e in found])
            else:  # nothing deleted before: the spans are spans of the original
                deleted = merge_spans(found)

    if _ONE_FOR_ONE_RE.search(text):  # most texts: none of the three has work
        text = _one_for_one(text, config, changes if explain else None)

    script_text = text
    if config.simplified:
        simple = to_simplified(text)
        if explain and (n := _count_diff(text, simple)):
            changes["simplified"] = n
        text = simple

    return Normalized(original, text, script_text, OffsetMap(deleted, len(original)), changes)

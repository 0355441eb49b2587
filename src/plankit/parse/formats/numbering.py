"""Word's automatic numbering: the marker each paragraph shows (``一、``
``（一）`` ``1.`` ``(1)`` ``①``), which is not in the paragraph's text but
generated from ``word/numbering.xml``.

A paragraph is numbered through ``w:numPr`` (a list ``numId`` and a level
``ilvl``), its own or its style's, the style's ``basedOn`` parent's and so
on; without a level of its own, a paragraph takes the level whose
``w:pStyle`` names its style, else its style's ``ilvl``, else 0. The list (``w:num``) points to an abstract
definition whose levels give the start value, the number format, the text
(``%1、``, ``（%1）``, ``%1.%2``), when the level restarts and what follows
the marker (a tab, a space or nothing). Lists sharing a definition count
together, as in Word, unless one overrides a start value: it then counts on
its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Optional

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_LEVELS = 9
#: how far a basedOn or numStyleLink chain is followed (Word allows no cycles; a damaged file may have one)
_CHAIN = 32


# ------------------------------------------------------------------ number formats

_CN_DIGITS = "〇一二三四五六七八九"


def _counting(n: int, digits: str = "零一二三四五六七八九", units: str = "十百千", myriad: str = "万",
              legal: bool = False) -> str:
    """十一, 二十, 一百零一, 一万零五 (below 10^8; larger numbers in Arabic digits)."""
    if n == 0:
        return "〇" if not legal else digits[0]
    if n >= 10**8 or n < 0:
        return str(n)
    if n >= 10**4:
        high, low = divmod(n, 10**4)
        rest = _counting(low, digits, units, myriad, True) if low else ""
        return (_counting(high, digits, units, myriad, legal) + myriad
                + (digits[0] if low and low < 1000 else "") + rest)
    out = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(digits[0])
            zero = False
        out.append(digits[d] + unit)
    text = "".join(out)
    if not legal and 10 <= n < 20:
        text = text[1:]  # 十一, not 一十一
    return text


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def _letter(n: int) -> str:
    """A..Z, then AA, BB.. ZZ, AAA as Word counts (Arabic digits past 20 letters a number)."""
    if n <= 0 or n > 26 * 20:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _run(first: int, count: int) -> Callable[[int], str]:
    """Numbers 1..count as consecutive code points from ``first``, Arabic digits beyond."""
    return lambda n: chr(first + n - 1) if 1 <= n <= count else str(n)


def _cycle(symbols: str) -> Callable[[int], str]:
    return lambda n: symbols[(n - 1) % len(symbols)] if n > 0 else str(n)


def _simplified_legal(n: int) -> str:
    return _counting(n, "零壹贰叁肆伍陆柒捌玖", "拾佰仟", "万", legal=True)


#: numFmt -> how a number is written; formats not named here fall back to Arabic digits
FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}" if 0 <= n < 10 else str(n),
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in str(n)),
    "decimalFullWidth2": lambda n: "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in str(n)),
    "decimalEnclosedCircle": _run(0x2460, 20),  # ① .. ⑳
    "decimalEnclosedCircleChinese": _run(0x2460, 20),
    "decimalEnclosedFullstop": _run(0x2488, 20),  # ⒈ .. ⒛
    "decimalEnclosedParen": _run(0x2474, 20),  # ⑴ .. ⒇
    "ideographEnclosedCircle": _run(0x3220, 10),  # ㈠ .. ㈩
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "ordinal": lambda n: f"{n}{'th' if 10 <= n % 100 < 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}",
    "chineseCounting": _counting,
    "chineseCountingThousand": _counting,
    "japaneseCounting": _counting,
    "taiwaneseCounting": lambda n: _counting(n, myriad="萬"),
    "taiwaneseCountingThousand": lambda n: _counting(n, myriad="萬"),
    "ideographDigital": lambda n: "".join(_CN_DIGITS[int(c)] for c in str(n)) if n >= 0 else str(n),
    "taiwaneseDigital": lambda n: "".join(_CN_DIGITS[int(c)] for c in str(n)) if n >= 0 else str(n),
    "japaneseDigitalTenThousand": lambda n: "".join(_CN_DIGITS[int(c)] for c in str(n)) if n >= 0 else str(n),
    "chineseLegalSimplified": _simplified_legal,
    "ideographLegalTraditional": lambda n: _counting(n, "零壹貳參肆伍陸柒捌玖", "拾佰仟", "萬", legal=True),
    "japaneseLegal": lambda n: _counting(n, "零壱弐参四伍六七八九", "拾百千", "万", legal=True),
    "ideographTraditional": _cycle("甲乙丙丁戊己庚辛壬癸"),
    "ideographZodiac": _cycle("子丑寅卯辰巳午未申酉戌亥"),
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """``n`` as numFmt ``fmt`` writes it.

    >>> [format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 101, 110)]
    ['一', '十', '十一', '二十', '一百零一', '一百一十']
    >>> [format_number(n, f) for n, f in ((12, "ideographDigital"), (3, "decimalEnclosedCircle"), (14, "upperRoman"))]
    ['一二', '③', 'XIV']
    """
    return FORMATS.get(fmt, str)(n)


# ------------------------------------------------------------------ definitions


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    #: lvlRestart: None restarts after any higher level, 0 never, n after levels 1..n (1-based)
    restart: Optional[int] = None
    suffix: str = "\t"
    legal: bool = False
    style: Optional[str] = None


_SUFFIX = {"tab": "\t", "space": " ", "nothing": ""}
#: a level's text is cut to this many characters (Word's are a few; a longer
#: one repeated on every paragraph would blow the text up)
MAX_TEXT = 64


def _val(node, tag: str) -> Optional[str]:
    if node is None:
        return None
    child = node.find(f"{_W}{tag}")
    return None if child is None else child.get(f"{_W}val")


def _int(s: Optional[str]) -> Optional[int]:
    try:
        return int(s) if s is not None else None
    except ValueError:
        return None


def _level(lvl, base: Optional[Level] = None) -> Level:
    """A ``w:lvl`` read over ``base`` (a level override changes what it names)."""
    level = base or Level()
    fmt = lvl.find(f"{_W}numFmt")
    if fmt is None:  # Word 2010 writes custom formats as a choice with a fallback
        fmt = lvl.find(f"{_MC}AlternateContent/{_MC}Fallback/{_W}numFmt")
    changes: dict = {}
    if fmt is not None and fmt.get(f"{_W}val"):
        changes["fmt"] = fmt.get(f"{_W}val")
    start = _int(_val(lvl, "start"))
    if start is not None:
        changes["start"] = start
    text = lvl.find(f"{_W}lvlText")
    if text is not None:
        changes["text"] = (text.get(f"{_W}val") or "")[:MAX_TEXT]
    restart = _int(_val(lvl, "lvlRestart"))
    if restart is not None:
        changes["restart"] = restart
    suffix = _val(lvl, "suff")
    if suffix is not None:
        changes["suffix"] = _SUFFIX.get(suffix, "\t")
    legal = lvl.find(f"{_W}isLgl")
    if legal is not None:
        changes["legal"] = legal.get(f"{_W}val", "true") not in ("0", "false", "off")
    style = _val(lvl, "pStyle")
    if style is not None:
        changes["style"] = style
    return replace(level, **changes)


@dataclass
class ListInstance:
    """A list (``w:num``; an LFO in a .doc): the definition it counts with and
    what it overrides of it."""

    abstract: str
    starts: dict[int, int]
    levels: dict[int, Level]


def _form(level: Level) -> str:
    """What a level's marker looks like, whatever its numbers: ``%1.`` and
    ``%2.`` in decimal look the same, ``%1.%2`` and ``%1.`` do not."""
    fmt = "decimal" if level.legal else level.fmt
    return re.sub(r"%[1-9]", "#", level.text) + "|" + ("" if fmt == "bullet" else fmt)


class Styles:
    """Paragraph styles: their ``basedOn`` parent and ``numPr``."""

    def __init__(self, root=None):
        self.parent: dict[str, str] = {}
        self.num: dict[str, tuple[Optional[str], Optional[str]]] = {}
        self.default: Optional[str] = None
        if root is None:
            return
        for style in root.iter(f"{_W}style"):
            if style.get(f"{_W}type", "paragraph") not in ("paragraph", "numbering"):
                continue
            sid = style.get(f"{_W}styleId")
            if sid is None:
                continue
            based = _val(style, "basedOn")
            if based:
                self.parent[sid] = based
            numpr = style.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None:
                self.num[sid] = (_val(numpr, "numId"), _val(numpr, "ilvl"))
            if style.get(f"{_W}default") in ("1", "true", "on") and style.get(f"{_W}type") == "paragraph":
                self.default = sid

    def numbering(self, style: Optional[str]) -> tuple[Optional[str], Optional[str]]:
        """The first numId and the first ilvl met up the style's basedOn chain."""
        num_id = ilvl = None
        seen = set()
        while style is not None and style not in seen and len(seen) < _CHAIN:
            seen.add(style)
            n, i = self.num.get(style, (None, None))
            num_id = num_id if num_id is not None else n
            ilvl = ilvl if ilvl is not None else i
            if num_id is not None and ilvl is not None:
                break
            style = self.parent.get(style)
        return num_id, ilvl


class Numbering:
    """The lists of a document and their counters, advanced paragraph by
    paragraph in document order by :meth:`marker`."""

    def __init__(self, root=None, styles: Optional[Styles] = None):
        self.styles = styles or Styles()
        self.abstract: dict[str, dict[int, Level]] = {}
        self.style_link: dict[str, str] = {}  # abstractNumId -> numbering style it takes its levels from
        self.nums: dict[str, ListInstance] = {}
        self.counts: dict[object, list[Optional[int]]] = {}
        if root is None:
            return
        for a in root.iter(f"{_W}abstractNum"):
            aid = a.get(f"{_W}abstractNumId")
            if aid is None:
                continue
            levels = {}
            for lvl in a.findall(f"{_W}lvl"):
                i = _int(lvl.get(f"{_W}ilvl"))
                if i is not None and 0 <= i < _LEVELS:
                    levels[i] = _level(lvl)
            self.abstract[aid] = levels
            link = _val(a, "numStyleLink")
            if link:
                self.style_link[aid] = link
        for num in root.iter(f"{_W}num"):
            nid = num.get(f"{_W}numId")
            aid = _val(num, "abstractNumId")
            if nid is None or aid is None:
                continue
            starts: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for o in num.findall(f"{_W}lvlOverride"):
                i = _int(o.get(f"{_W}ilvl"))
                if i is None or not 0 <= i < _LEVELS:
                    continue
                start = _int(_val(o, "startOverride"))
                if start is not None:
                    starts[i] = start
                lvl = o.find(f"{_W}lvl")
                if lvl is not None:
                    levels[i] = _level(lvl)
            self.nums[nid] = ListInstance(aid, starts, levels)

    def _resolve(self, aid: str) -> str:
        """The abstract definition that holds the levels: numStyleLink leads
        through a numbering style to the list it names."""
        for _ in range(_CHAIN):
            link = self.style_link.get(aid)
            if link is None:
                return aid
            num_id, _ilvl = self.styles.numbering(link)
            num = self.nums.get(num_id) if num_id is not None else None
            if num is None or num.abstract == aid:
                return aid
            aid = num.abstract
        return aid

    def _levels(self, num: ListInstance) -> dict[int, Level]:
        levels = dict(self.abstract.get(self._resolve(num.abstract), {}))
        for i, lvl in num.levels.items():
            levels[i] = lvl
        for i, start in num.starts.items():
            levels[i] = replace(levels.get(i, Level()), start=start)
        return levels

    def marker(self, ppr, text_follows: bool = True) -> str:
        """The marker (and what follows it) that paragraph properties ``ppr``
        give, advancing the list's counters; "" for an unnumbered paragraph."""
        if not self.nums:
            return ""
        num_id, ilvl = (None, None)
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if numpr is not None:
            num_id, ilvl = _val(numpr, "numId"), _val(numpr, "ilvl")
        style = _val(ppr, "pStyle") or self.styles.default
        style_ilvl = None
        if num_id is None or ilvl is None:
            s_num, style_ilvl = self.styles.numbering(style)
            num_id = num_id if num_id is not None else s_num
        return self.show(num_id, _int(ilvl), style, _int(style_ilvl), text_follows)

    def show(self, num_id: Optional[str], level: Optional[int], style: Optional[str] = None,
             style_level: Optional[int] = None, text_follows: bool = True) -> str:
        """The marker of a paragraph in list ``num_id`` at ``level`` (its own,
        else the level linked to its ``style``, else ``style_level``, else 0),
        advancing the list's counters."""
        num = self.nums.get(num_id) if num_id is not None else None
        if num is None:
            return ""  # numId 0 (numbering removed) or a list that is not defined
        levels = self._levels(num)
        if level is None:
            # a level naming the paragraph's style (w:pStyle) wins over the style's own ilvl (ECMA-376 17.9.23)
            linked = (i for i, lvl in sorted(levels.items()) if style is not None and lvl.style == style)
            level = next(linked, None)
            if level is None:
                level = style_level or 0
        if level not in levels or not 0 <= level < _LEVELS:
            return ""
        key: object = ("num", num_id) if num.starts or num.levels else self._resolve(num.abstract)
        counts = self.counts.setdefault(key, [None] * _LEVELS)
        current = levels[level]
        counts[level] = current.start if counts[level] is None else counts[level] + 1
        for deeper in range(level + 1, _LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart and level < restart):
                counts[deeper] = None
        if current.fmt == "bullet":
            return ""  # a bullet is no number: the text reads the same without it

        def number(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            lvl = levels.get(i)
            if lvl is None:
                return ""
            n = counts[i] if counts[i] is not None else lvl.start
            return format_number(n, "decimal" if current.legal and lvl.fmt != "none" else lvl.fmt)

        shown = re.sub(r"%([1-9])", number, current.text)
        if not shown:
            return ""
        # a level that looks like a higher one (1. under 1.) is told apart only by
        # its indent on the page: keep it, four spaces a level that looks the same
        form = _form(current)
        indent = "    " * sum(1 for i, lvl in levels.items() if i < level and _form(lvl) == form)
        return indent + shown + (current.suffix if text_follows else "")

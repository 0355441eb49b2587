"""Quantity recognition: a number, its multiplier, unit, range and qualifier.

Runs over the analysis view (normalised, markup and furniture blanked) and
returns :class:`Quantity` records with offsets into that view. A number
becomes a quantity only with a unit, a percentage, or a 万/亿 multiplier;
years, dates, ordinals, codes and set phrases are excluded by rules whose
words live in ``data/targets.toml``.

>>> [(q.value, q.unit, q.qualifier) for q in find_quantities("争取资金2600多万元,扶持2-3家企业")]
[(Decimal('26000000'), '元', 'over'), (Decimal('2'), '家', 'range')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from plankit import regex
from plankit.numerals import (
    DIGITS, MAX_INTEGER_DIGITS, MAX_NUMERAL_LENGTH, MAX_PLACES, MULTIPLIERS, representable, to_decimal,
)
from plankit.lexicon import load
from plankit.text import alternation, is_han, searched_alternation

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUM = rf"(?:[一二两三四五六七八九十百千][{_CN_DIGITS}十百千万亿]*(?:点[{_CN_DIGITS}]+[万亿]*)?)"
_AR_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
#: 3万4000, 1亿8,500万
_AR_MIXED = r"(?:\d+(?:\.\d+)?亿(?:\d{1,4}|\d,\d{3})万|\d+万\d{1,4}(?![\d,.]))"
_MULT = r"(?:千万|百万|十万|万亿|亿|万|千(?![瓦米克伏])|仟)"  # 仟: Taiwan budgets, 5,000仟元
_RANGE_SEP = r"(?:-|—|–|~|～|－|至|到|——)"


#: the groups of :func:`quantity_pattern`, in order: _accept reads them all at once
_GROUPS = ("num", "pct_num", "over1", "mult", "unit1", "sep", "num2", "over_r", "mult2", "over2",
           "unit", "unit_b", "unit_c", "unit_d", "post")


@dataclass  # not frozen: built by the thousand, and a frozen init costs four times as much
class Quantity:
    start: int
    end: int
    value: Decimal
    value_max: Optional[Decimal]
    unit: str
    kind: str
    qualifier: str
    #: where the number itself starts, after any qualifier word
    number_start: int


@lru_cache(maxsize=1)
def _tables():
    units = load("units")
    quals = load("targets")["qualifiers"]
    unit_kind: dict[str, str] = {}
    report: dict[str, str] = {}
    for kind in ("money", "percent", "measure", "count"):
        for w in units[kind]["words"]:
            unit_kind.setdefault(w, kind)
        report.update(units[kind].get("report", {}))
    before = {w: q for q, words in quals["before"].items() for w in words}
    after = {w: q for q, words in quals["after"].items() for w in words}
    over = quals["over"]["words"]
    return unit_kind, report, before, after, over


@lru_cache(maxsize=1)
def _cn_followers() -> str:
    """What can follow a Chinese numeral in a quantity: the first characters
    of units and of 多/余 words, multipliers, range signs, a space."""
    unit_kind, _, _, _, over = _tables()
    return "".join(sorted({w[0] for w in unit_kind} | {w[0] for w in over} | set("万亿千百十点到至-—–~～－ ")))


@lru_cache(maxsize=1)
def quantity_pattern() -> re.Pattern[str]:
    unit_kind, _, before, after, over = _tables()
    # a Chinese numeral must be followed by what can follow a quantity: most
    # 一 and 十 in running text (统一, 十分) fail here, cheaply
    cn_num = rf"{_CN_NUM}(?=[{re.escape(_cn_followers())}])"
    num = rf"(?:{_AR_MIXED}|{_AR_NUM}|{cn_num})"
    unit = alternation(unit_kind)
    over_alt = alternation(over)
    # The pattern starts at the number, so that the search skips text fast;
    # qualifier words and 百分之 before it are read by _look_back. A unit is
    # required unless a multiplier (42.1万), a range's % or 百分之 stands in
    # for it, so years and dates fail inside the regex engine.
    pattern = (
        rf"(?P<num>(?P<pct_num>(?<=百分之){_CN_NUM})|{num})"
        rf"(?:(?: ?(?P<over1>{over_alt}))? ?(?P<mult>{_MULT}))?"
        rf"(?:(?P<unit1>%|‰)?(?P<sep>{_RANGE_SEP})(?P<num2>{num})(?:(?P<over_r>{over_alt})?(?P<mult2>{_MULT}))?)?"
        rf"(?: ?(?P<over2>{over_alt}))?"
        r" ?"
        rf"(?(mult)(?P<unit>{unit})?|(?(unit1)(?P<unit_b>{unit})?|(?(pct_num)(?P<unit_c>{unit})?|(?P<unit_d>{unit}))))"
        rf"(?P<post>{alternation(after)})?"
    )
    compiled = regex.compile(pattern)
    names = tuple(sorted(compiled.groupindex, key=compiled.groupindex.get))
    assert names == _GROUPS and compiled.groups == len(_GROUPS), "_GROUPS must name the pattern's groups in order"
    return compiled


@lru_cache(maxsize=1)
def _durations() -> tuple[str, ...]:
    return tuple(load("targets")["exclude"]["durations"])


@lru_cache(maxsize=1)  # fixed vocabulary: built once, not per document (clear_caches keeps it)
def _exclusions():
    ex = load("targets")["exclude"]
    phrases = sorted(ex["phrases"], key=len, reverse=True)
    return (tuple(ex["before"]), tuple(ex["after"]), regex.compile(searched_alternation(phrases)),
            frozenset(ex["chinese_numeral_units"]))


_LATIN = regex.compile(r"[A-Za-z]")
_CN_START = _CN_DIGITS + "十"
_CN_INSIDE = _CN_DIGITS + "十百千万亿点"
_RUN_START = "0123456789一二两三四五六七八九十百千"
_RUN_CHARS = "0123456789.,点零〇一二两三四五六七八九十百千万亿"


@lru_cache(maxsize=1)
def _number_runs() -> re.Pattern[str]:
    """Runs of numeral characters (2023, 十二, 1,200.5万) that a quantity
    can start.

    A quantity's number ends inside the run or right after it (an Arabic
    digit of another script can go on), and what comes next must be able to
    follow a number: a unit, a multiplier, a range sign, %, 多/余, a space.
    So a run is found when such a character stands in it after its first
    character, or follows it (or a digit does), or a 百分之 before it stands
    in for the unit; other runs (2023年, 统一, 三是) are passed over inside
    the regex engine. (The run's part after any position is such a run only
    if the run is: the engine's tries inside a run passed over fail too.)
    Every run found is whole: the last branch's run is possessive.
    """
    follow = set(_cn_followers()) | {w[0] for w in _tables()[3]} | set("%‰仟")
    inside = "".join(sorted(follow & set(_RUN_CHARS)))
    run_chars = re.escape(_RUN_CHARS)
    return regex.compile(
        rf"[{re.escape(_RUN_START)}]"
        rf"(?:[{run_chars}]*?[{re.escape(inside)}][{run_chars}]*"
        rf"|(?<=百分之.)[{run_chars}]*"
        rf"|[{run_chars}]*+(?=[{re.escape(''.join(sorted(follow)))}\d]))"
    )


_TIMES_NOUNS = ("会议", "会", "培训", "活动", "讲座", "演练", "检查", "巡查", "督查", "座谈", "评估", "调研")
_OPENING_QUOTES = "“\"「『"
_SHORT_QUOTE = regex.compile(rf"[{_OPENING_QUOTES}][^“”\"「」『』\n]{{1,10}}[”\"」』]")
#: 二级道路, 一等品: a Chinese digit that starts a grade, not a slogan's numeral
_GRADES = tuple("级等类型期批档星")
_OPERATORS = tuple("+×÷=")
#: "日常监测（60%）+实地调研（20%）": a bracketed term after an operator
_FORMULA_BEFORE = regex.compile(r"[+×÷=][^,，。;；+×÷=]{0,12}$")


def _parse_number(s: str) -> tuple[Decimal, Optional[Decimal]]:
    """A number; two adjacent Chinese digits (两三) read as a range."""
    if len(s) == 2 and s[0] in _CN_DIGITS and s[1] in _CN_DIGITS:
        a, b = DIGITS[s[0]], DIGITS[s[1]]
        if b == a + 1 or (a == 2 and b == 3):
            return Decimal(a), Decimal(b)
        raise ValueError("digit sequence")
    return to_decimal(s), None


def _tidy(d: Decimal) -> Decimal:
    """Drop trailing zeros: 12278.0000 -> 12278, 2560000000.0 -> 2560000000."""
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d.normalize()


def find_quantities(
    view: str,
    blocked: Optional[list[tuple[int, int]]] = None,
    start: int = 0,
    end: Optional[int] = None,
) -> list[Quantity]:
    """Every quantity in ``view[start:end]`` outside the ``blocked`` spans."""
    unit_kind, report, before_q, after_q, _ = _tables()
    ex_before, ex_after, ex_phrases, ex_cn_units = _exclusions()
    stop = len(view) if end is None else end
    phrase_spans = [m.span() for m in ex_phrases.finditer(view, start, stop)]
    # a number inside a short quoted slogan ("两个轮子") is part of a name
    phrase_spans += _short_quotes(view, start, stop)
    blocked = sorted((blocked or []) + phrase_spans)
    out: list[Quantity] = []
    pattern = quantity_pattern()
    before_words = _before_words()
    runs = _number_runs()
    pos = start
    bi = 0
    n = len(view)
    # Every quantity starts a run of numeral characters, and a reading that
    # starts inside a run is always refused (it would continue a longer
    # number), so the pattern is tried at run starts only, and only of the
    # runs something after the number could follow (see _number_runs): far
    # fewer tries than a search that tries every character.
    for run in runs.finditer(view, start, stop):
        at = run.start()
        if at < pos:
            continue
        m = pattern.match(view, at, stop)
        if not m:
            continue
        pos = m.end()
        pre, pct, q_start = _look_back(view, m.start(), before_words)
        q = _accept(m, view, n, unit_kind, report, before_q, after_q, ex_before, ex_after, ex_cn_units,
                    pre, pct, q_start)
        if q is None:
            # a reading inside the number would continue it, which is refused;
            # the next reading starts after the number
            pos = m.end("num")
            continue
        while bi < len(blocked) and blocked[bi][1] <= q.start:
            bi += 1
        if bi < len(blocked) and blocked[bi][0] < q.end:
            continue
        out.append(q)
    _share_list_qualifiers(view, out)
    return _join_ranges(view, out)


def _short_quotes(view: str, start: int, stop: int) -> list[tuple[int, int]]:
    """The spans ``_SHORT_QUOTE.finditer`` finds in ``view[start:stop]``.
    Each starts at an opening quote, which ``str.find`` reaches far faster
    than the regex engine's scan of every character: the pattern is tried
    there only."""
    at = []
    for quote in _OPENING_QUOTES:
        i = view.find(quote, start, stop)
        while i >= 0:
            at.append(i)
            i = view.find(quote, i + 1, stop)
    spans: list[tuple[int, int]] = []
    pos = start
    for i in sorted(at):
        if i >= pos and (m := _SHORT_QUOTE.match(view, i, stop)):
            spans.append(m.span())
            pos = m.end()
    return spans


_RANGE_JOINERS = frozenset(("至", "到", "-", "—", "–", "~", "～", "－", "——"))


def _join_ranges(view: str, found: list[Quantity]) -> list[Quantity]:
    """``100,001元至150,000元``: two amounts of one unit joined by a range
    sign, each written with its unit, are one range."""
    out: list[Quantity] = []
    for q in found:
        p = out[-1] if out else None
        if (
            p is not None and p.value_max is None and q.value_max is None
            and p.unit == q.unit and p.kind == q.kind and p.qualifier == "exact"
            and q.qualifier in ("exact", "at_most") and q.value > p.value
            and view[p.end : q.start].strip() in _RANGE_JOINERS
        ):
            out[-1] = replace(p, end=q.end, value_max=q.value, qualifier="range")
            continue
        out.append(q)
    return out


_LIST_JOINERS = regex.compile(r"^(?:和|与|及|、|,|或)$")


def _share_list_qualifiers(view: str, found: list[Quantity]) -> None:
    """``分别增长7%和8%左右``: a qualifier after the last item of a list applies to each."""
    for i in range(len(found) - 2, -1, -1):
        a, b = found[i], found[i + 1]
        if (
            a.qualifier == "exact"
            and b.qualifier in ("about", "at_least", "at_most", "over")
            and a.unit == b.unit
            and _LIST_JOINERS.match(view[a.end:b.start])
        ):
            found[i] = replace(a, qualifier=b.qualifier)


@lru_cache(maxsize=1)
def _before_words() -> dict[str, tuple[str, ...]]:
    """The qualifier words by their last character, longest first: the
    character before a number picks the few words worth trying."""
    _, _, before, _, _ = _tables()
    by_last: dict[str, tuple[str, ...]] = {}
    for w in sorted(before, key=len, reverse=True):
        by_last[w[-1]] = by_last.get(w[-1], ()) + (w,)
    return by_last


def _look_back(view: str, i: int, words_by_last: dict[str, tuple[str, ...]]) -> tuple[Optional[str], bool, int]:
    """The qualifier word and 百分之 right before the number at ``i``:
    (word or None, percent?, where the quantity's text starts)."""
    start = i
    pct = view.endswith("百分之", 0, i)
    if pct:
        i -= 3
        start = i
    j = i - 1 if i > 0 and view[i - 1] == " " else i  # "约 10.9 公里"
    if j > 0:
        for w in words_by_last.get(view[j - 1], ()):
            if view.endswith(w, 0, j):
                return w, pct or view.endswith("百分之", 0, j - len(w)), j - len(w)
    return None, pct, start


@lru_cache(maxsize=1)
def _money_words() -> tuple[re.Pattern[str], tuple[str, ...]]:
    words = load("units")["money"]["context"]
    return regex.compile("|".join(map(re.escape, words["before"]))), tuple(words["after"])


#: what ends the clause before an amount
_CLAUSE_BREAK = regex.compile(r"[,，、;；。:：\n]")


def _money_context(view: str, start: int, end: int) -> bool:
    """A unit-less 万/亿 amount is money when money words stand right around it."""
    before, after = _money_words()
    left = _CLAUSE_BREAK.split(view[max(0, start - 8) : start])[-1]
    return bool(before.search(left)) or view.startswith(after, end)


#: units read multiplied out, and the unit then reported: 万吨 -> 吨 x 10000, 四成 -> 40%
_SCALED_UNITS = {"成": "%", "万吨": "吨", "万千瓦": "千瓦"}
_UNIT_SCALE = {"成": 10, "万吨": 10000, "万千瓦": 10000}


def _amount(raw: str, mult: str, num2: Optional[str], mult2: str, unit: str
            ) -> Optional[tuple[Decimal, Optional[Decimal]]]:
    """The value and range end of a number with its multipliers and unit, or
    None if it is not a quantity: the arithmetic on the matched text."""
    if not num2 and len(raw) <= MAX_NUMERAL_LENGTH:
        # Arabic digits (most numbers) in integer arithmetic: the multiplier
        # and the unit's scale (万吨) times the digits
        times = MULTIPLIERS.get(mult, 1) * _UNIT_SCALE.get(unit, 1)
        if raw.isdecimal():
            return _whole_amount(int(raw) * times)
        whole, _, fraction = raw.partition(".")
        if whole.isdecimal() and fraction.isdecimal():  # 25.6, 0.85
            units = int(whole + fraction) * times
            if units < _EXACT:
                return _fraction_amount(units, len(fraction))
    try:
        value, implied_max = _parse_number(raw)
    except (ValueError, ArithmeticError):
        return None
    value_max = implied_max
    factor = MULTIPLIERS.get(mult, 1) if mult else 1
    if num2:
        try:
            v2, _ = _parse_number(num2)
        except (ValueError, ArithmeticError):
            return None
        f2 = MULTIPLIERS.get(mult2, 1) if mult2 else 1
        if not mult and mult2:
            factor = f2  # 2-3万 : the multiplier applies to both ends
        value_max = v2 * f2
        if value_max <= value * factor:
            return None  # not a range: 2013-1, or a date
    value = value * factor
    if implied_max is not None and value_max is implied_max:
        value_max = implied_max * factor

    scale = _UNIT_SCALE.get(unit)
    if scale:
        value *= scale
        if value_max is not None:
            value_max *= scale

    # beyond what the data contract holds: a code or garbage, not a quantity
    if not representable(value) or (value_max is not None and not representable(value_max)):
        return None
    value = _tidy(value)
    if value_max is not None:
        value_max = _tidy(value_max)
    return value, value_max


#: the first whole number with more digits than the data contract holds
_TOO_LARGE = 10**MAX_INTEGER_DIGITS


def _whole_amount(value: int) -> Optional[tuple[Decimal, None]]:
    """A whole number's amount (5家, 300万元), in integer arithmetic: the
    same Decimal as the general reading gives, without its rounding steps."""
    return (Decimal(value), None) if value < _TOO_LARGE else None


#: products of fewer digits than Decimal's (default) precision, 28, are
#: exact in the general reading too
_EXACT = 10**28


def _fraction_amount(units: int, places: int) -> Optional[tuple[Decimal, None]]:
    """The amount of ``units`` of ``10**-places`` (25.6亿: 256 * 10**8 of
    0.1), in integer arithmetic: the same Decimal as the general reading
    gives, whole or without trailing zeros, when ``units < _EXACT``."""
    whole, rest = divmod(units, 10**places)
    if not rest:
        return _whole_amount(whole)
    while units % 10 == 0:
        units //= 10
        places -= 1
    if places > MAX_PLACES or whole >= _TOO_LARGE:
        return None  # beyond what the data contract holds
    return Decimal(f"{units}E-{places}"), None


def _accept(m, view, n, unit_kind, report, before_q, after_q, ex_before, ex_after, ex_cn_units,
            pre: Optional[str], pct: bool, q_start: int) -> Optional[Quantity]:
    (raw, _, over1, mult, unit1, _, num2, over_r, mult2, over2,
     unit, unit_b, unit_c, unit_d, post) = m.groups()
    unit = unit or unit_b or unit_c or unit_d or ""
    # The rules on the number alone come first: they cost the least and
    # refuse most of what is refused (a lone 一, 73 of 148 in the dev texts).
    # 百家, 千万元: a bare 百/千 is a number only after a qualifier (近百家, 逾千万元)
    if raw[0] in "百千" and not pre:
        return None
    # A Chinese numeral 一 alone before a measure word is an article, not a count.
    if raw == "一" and not num2 and not pre and not post:
        return None
    # 万 as a unit-less multiplier must be a real multiplier, not 万家 in 千家万户
    if raw[0] not in "0123456789" and not unit and not pct:
        return None
    mult = mult or ""
    num_s = m.start()  # the pattern starts with the number
    end = m.end()

    # The number must not continue a longer token on either side. The rules
    # on the characters around it are skipped for the common neighbours (增
    # in 新增5家, a comma after it), the rules of a measure word for the others.
    prev = view[num_s - 1] if num_s > 0 else ""
    if not _plain_before(prev) and _refused_by_before(view, num_s, prev, raw, unit, pre, pct):
        return None
    nxt = view[end] if end < n else ""
    if not _plain_after(nxt) and _refused_by_after(view, end, nxt, raw, unit, unit_kind):
        return None
    if (unit in _RULED_UNITS or unit in ex_cn_units) and _refused_by_unit(view, end, nxt, raw, unit, mult, post,
                                                                          ex_cn_units):
        return None

    # What precedes the quantity: ordinals and labels.
    if view.endswith(ex_before, 0, q_start) or view.startswith(ex_after, end):
        return None

    if pct:
        unit_kind_here, unit_out = "percent", "%"
    elif unit:
        unit_kind_here = unit_kind[unit]
        unit_out = report.get(unit, unit)
    elif mult and mult in ("万", "亿", "千万", "百万", "万亿") or unit1:
        unit_kind_here, unit_out = "count", ""
        if unit1:
            unit_kind_here, unit_out = "percent", unit1
        elif _money_context(view, q_start, end):
            unit_kind_here = "money"  # 每年投入近100万的资金: an amount written without 元
    else:
        return None

    amount = _amount(raw, mult, num2, mult2 or "", unit)
    if amount is None:
        return None
    value, value_max = amount
    unit_out = _SCALED_UNITS.get(unit, unit_out)

    qualifier = "exact"
    if pre:
        qualifier = before_q[pre]
    if over1 or over2 or over_r:
        qualifier = "over"
    if post:
        qualifier = after_q[post]
    if value_max is not None:
        qualifier = "range"

    return Quantity(q_start, end, value, value_max, unit_out, unit_kind_here, qualifier, num_s)


#: the Han characters before a number that a rule of _refused_by_before looks at
_HAN_WATCHED_BEFORE = frozenset(_CN_INSIDE + "年")


def _plain_before(prev: str) -> bool:
    """Whether the character before a number is an ordinary Han character
    (增 in 新增5家), before which no rule of _refused_by_before refuses a
    number: the common case, decided without them."""
    return "\u4e00" <= prev <= "\u9fff" and prev not in _HAN_WATCHED_BEFORE


def _refused_by_before(view: str, num_s: int, prev: str, raw: str, unit: str,
                       pre: Optional[str], pct: bool) -> bool:
    """The rules on the character before the number at ``num_s``: it must not
    continue a longer token (a code, a decimal, a Latin name), nor be a weight
    in a formula, nor a mistyped date."""
    if pre is None and not pct:
        if prev.isdigit() or prev in ".,:：/" and num_s > 1 and view[num_s - 2].isdigit():
            return True
        if prev and (_LATIN.match(prev) or prev in "·-_#@/\\×xX"):
            return True
    if raw[0] in _CN_START and prev and prev in _CN_INSIDE:
        return True
    # weights in a formula: 分值=日常监测60%+实地调研20%, 日常监测（60%）+
    if prev and prev in "+×÷=":
        return True
    if prev in "(（" and _FORMULA_BEFORE.search(view, max(0, num_s - 16), num_s - 1):
        return True
    # 10份 right after 年 is a mistyped 10月份, a date
    if unit == "份" and prev == "年" and raw.isdigit() and int(raw) <= 12:
        return True
    return False


#: the Han characters after a number that a rule of _refused_by_after looks at
_HAN_WATCHED_AFTER = frozenset(_CN_DIGITS + "年月日号时分秒岁届期版")
_PLAIN_PUNCTUATION = frozenset(",，、。;；")


def _plain_after(nxt: str) -> bool:
    """Whether the character after a quantity is a comma, a full stop or an
    ordinary Han character, after which no rule of _refused_by_after refuses it."""
    return nxt in _PLAIN_PUNCTUATION or ("\u4e00" <= nxt <= "\u9fff" and nxt not in _HAN_WATCHED_AFTER)


def _refused_by_after(view: str, end: int, nxt: str, raw: str, unit: str, unit_kind: dict[str, str]) -> bool:
    """The rules on the character after a quantity ending at ``end``: it must
    not continue a longer token, name a session or a date, or be a weight in
    a formula."""
    if nxt and (_LATIN.match(nxt) and not unit[-1:].isalpha()) and unit not in ("%",):
        if not unit or unit_kind.get(unit) != "measure":
            return True
    if raw[0].isdigit() and nxt.isdigit() and not unit:
        return True
    if nxt and nxt in _CN_DIGITS and unit and not (raw[0].isdigit() and view[end + 1 : end + 2] in _GRADES):
        return True  # 六个一, 五届六次全会: a slogan or a session name (but 15公里二级道路)
    if not unit and nxt and nxt in "年月日号时分秒岁届期版":
        return True
    # weights in a formula: 分值=日常监测60%+实地调研20%, 日常监测（60%）+
    if nxt and nxt in "+×÷=":
        return True
    if nxt in ")）" and view[end + 1 : end + 2] in _OPERATORS:
        return True
    return False


#: the measure words with rules of their own in _refused_by_unit (besides
#: the data's chinese_numeral_units)
_RULED_UNITS = frozenset(("岁", "个", "次", "元", "度"))


def _refused_by_unit(view: str, end: int, nxt: str, raw: str, unit: str, mult: str, post: Optional[str],
                     ex_cn_units: frozenset) -> bool:
    """The rules of particular measure words: ages, durations, phases, names."""
    if unit == "岁" and nxt and is_han(nxt):
        return True  # 65岁以上老人: an age class, not a quantity (人均预期寿命78岁 is)
    if unit == "个" and view.startswith(_durations(), end):
        return True  # 近8个月, 3个工作日: a duration
    if unit in ex_cn_units and not raw[0].isdigit():
        return True  # 二期工程, 三届: a phase or a rank
    # 一次投入, 二次开发: 一次/二次 before a verb or noun mean "one-off", "secondary"
    if unit == "次" and raw in ("一", "二") and nxt and is_han(nxt) and not post:
        if not view.startswith(_TIMES_NOUNS, end):
            return True
    # 三元, 二元结构: a small Chinese numeral before 元 is a name, not an amount
    if unit == "元" and not mult and len(raw) == 1 and not raw.isdigit():
        return True
    # 345亿度 is electricity; a bare 30度 is a temperature or an angle
    if unit == "度" and not mult:
        return True
    return False

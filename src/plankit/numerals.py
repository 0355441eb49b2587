"""Exact numbers from Arabic and Chinese numerals.

Everything is :class:`~decimal.Decimal`: ``25.6亿`` is exactly 2560000000.

>>> chinese_to_decimal("十二亿三千万")
Decimal('1230000000')
>>> chinese_to_decimal("二十五点六亿")
Decimal('2560000000.0')
>>> arabic_to_decimal("1,200.5")
Decimal('1200.5')
"""

from __future__ import annotations

from decimal import Decimal

#: The largest numbers the data contract holds: at most this many digits
#: before the point and this many after it (Parquet's ``decimal(38, 12)``).
#: A number beyond them (``五亿亿亿亿元``, 25 digits before 万元) is not a
#: quantity of a plan: it is refused, never rounded.
MAX_INTEGER_DIGITS = 26
MAX_PLACES = 12
#: a numeral longer than this is a code or garbage; refused before any arithmetic
MAX_NUMERAL_LENGTH = 40

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "亿": 10**8}
#: Multipliers written after a number: ``25.6亿``, ``3千万``.
MULTIPLIERS = {"万": 10**4, "亿": 10**8, "千": 10**3, "百": 10**2, "十": 10,
               "千万": 10**7, "百万": 10**6, "十万": 10**5, "万亿": 10**12, "仟": 10**3}



def chinese_integer(s: str) -> int:
    """``十二亿三千万`` -> 1230000000. Raises ValueError on a bad numeral.

    A last digit right after a unit is the next unit down, as in speech:
    ``三千五`` is 3500, ``两万五`` 25000 (but ``三千零五`` is 3005).
    """
    if not s:
        raise ValueError("empty numeral")
    above_yi = 0
    wan = 0
    section = 0
    num = None
    last_unit = 0  # value of the unit just before the current digit, 0 if none
    zero_seen = False
    prev = ""
    for c in s:
        if c in DIGITS:
            if prev and prev in DIGITS and DIGITS[prev] != 0:
                # two digits in a row (一五五三, 二零二零): a code or a year, not a numeral
                raise ValueError(f"digit sequence in {s!r}")
            if DIGITS[c] == 0:
                zero_seen = True
            num = DIGITS[c]
        elif c in SMALL_UNITS:
            section += (1 if num is None else num) * SMALL_UNITS[c]
            num = None
            last_unit, zero_seen = SMALL_UNITS[c], False
        elif c == "万":
            wan += (section + (num or 0)) * 10**4 if (section or num) else 10**4
            section, num = 0, None
            last_unit, zero_seen = 10**4, False
        elif c == "亿":
            above_yi = (above_yi + wan + section + (num or 0)) * 10**8 if (above_yi or wan or section or num) else 10**8
            wan, section, num = 0, 0, None
            last_unit, zero_seen = 10**8, False
        else:
            raise ValueError(f"not a numeral character: {c!r}")
        prev = c
    tail = num or 0
    if num and prev in DIGITS and last_unit >= 100 and not zero_seen:
        tail = num * last_unit // 10
    return above_yi + wan + section + tail


def chinese_to_decimal(s: str) -> Decimal:
    """A Chinese numeral, with an optional ``点`` fraction and trailing multiplier."""
    if "点" not in s:
        return Decimal(chinese_integer(s))
    whole, _, rest = s.partition("点")
    frac_digits = ""
    i = 0
    while i < len(rest) and rest[i] in DIGITS:
        frac_digits += str(DIGITS[rest[i]])
        i += 1
    if not frac_digits:
        raise ValueError(f"no digits after 点 in {s!r}")
    value = Decimal(chinese_integer(whole) if whole else 0) + Decimal("0." + frac_digits)
    for c in rest[i:]:
        if c not in BIG_UNITS and c not in SMALL_UNITS:
            raise ValueError(f"bad multiplier in {s!r}")
        value *= BIG_UNITS.get(c) or SMALL_UNITS[c]
    return value


def arabic_to_decimal(s: str) -> Decimal:
    """``1,200`` -> 1200, ``25.6`` -> 25.6 (thousands separators dropped)."""
    return Decimal(s.replace(",", "").replace(" ", ""))


def representable(value: Decimal) -> bool:
    """Whether ``value`` fits the data contract exactly.

    >>> representable(Decimal("1316000000")), representable(Decimal(10) ** 26)
    (True, False)
    """
    if not value.is_finite():
        return False
    if not value:
        return True
    return value.adjusted() < MAX_INTEGER_DIGITS and value.normalize().as_tuple().exponent >= -MAX_PLACES


def multiplier(s: str) -> int:
    """The factor of a multiplier such as ``万`` or ``千万`` (1 for none)."""
    return MULTIPLIERS[s] if s else 1


def to_decimal(s: str) -> Decimal:
    """An Arabic or Chinese numeral, or a mix such as ``3万4000``."""
    s = s.strip()
    if not s:
        raise ValueError("empty number")
    if len(s) > MAX_NUMERAL_LENGTH:
        raise ValueError(f"a numeral of {len(s)} characters")
    if s[0].isdigit():
        head = 0
        while head < len(s) and (s[head].isdigit() or s[head] in ".,"):
            head += 1
        value = arabic_to_decimal(s[:head])
        rest = s[head:]
        if not rest:
            return value
        if rest[0] in BIG_UNITS and rest[1:].isdigit():  # 3万4000
            return value * BIG_UNITS[rest[0]] + Decimal(rest[1:])
        if rest[0] == "亿" and rest.endswith("万") and rest[1:-1].replace(",", "").isdigit():  # 1亿8,500万
            return value * BIG_UNITS["亿"] + arabic_to_decimal(rest[1:-1]) * BIG_UNITS["万"]
        factor = 1
        for c in rest:
            factor *= BIG_UNITS.get(c) or SMALL_UNITS.get(c) or 0
        if not factor:
            raise ValueError(f"bad number {s!r}")
        return value * factor
    return chinese_to_decimal(s)

"""Table-driven tests for plankit.numerals.

Every value is compared as an exact Decimal: ``25.6亿`` must be exactly
2560000000, never a float approximation.
"""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from plankit.numerals import arabic_to_decimal, chinese_integer, chinese_to_decimal, to_decimal

D = Decimal


def _xfail(*values, reason: str, id: str):
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=reason), id=id)


# --------------------------------------------------------------------------- Arabic

ARABIC = [
    pytest.param("1,200", D("1200"), id="thousands-comma"),
    pytest.param("1,200.5", D("1200.5"), id="thousands-comma-decimal"),
    pytest.param("12,345,678", D("12345678"), id="two-commas"),
    pytest.param("25.6", D("25.6"), id="one-decimal"),
    pytest.param("1.2278", D("1.2278"), id="four-decimals"),
    pytest.param("13.16", D("13.16"), id="two-decimals"),
    pytest.param("0", D("0"), id="zero"),
    pytest.param("400", D("400"), id="plain-integer"),
]


@pytest.mark.parametrize(("text", "expected"), ARABIC)
def test_arabic_to_decimal(text, expected):
    got = arabic_to_decimal(text)
    assert isinstance(got, Decimal)
    assert got == expected


@pytest.mark.parametrize(("text", "expected"), ARABIC)
def test_to_decimal_arabic(text, expected):
    got = to_decimal(text)
    assert isinstance(got, Decimal)
    assert got == expected


# --------------------------------------------------------------------------- Chinese

CHINESE_INTEGERS = [
    pytest.param("十", 10, id="shi"),
    pytest.param("十五", 15, id="shi-wu"),
    pytest.param("二十", 20, id="er-shi"),
    pytest.param("一十五", 15, id="yi-shi-wu"),
    pytest.param("一百零五", 105, id="yi-bai-ling-wu"),
    pytest.param("二百五十", 250, id="er-bai-wu-shi"),
    pytest.param("两百", 200, id="liang-bai"),
    pytest.param("三千", 3000, id="san-qian"),
    pytest.param("两千", 2000, id="liang-qian"),
    pytest.param("一千零一十", 1010, id="yi-qian-ling-yi-shi"),
    pytest.param("两万", 20000, id="liang-wan"),
    pytest.param("两万五千", 25000, id="liang-wan-wu-qian"),
    pytest.param("三万零五百", 30500, id="san-wan-ling-wu-bai"),
    pytest.param("十万", 100000, id="shi-wan"),
    pytest.param("十一万", 110000, id="shi-yi-wan"),
    pytest.param("三千五百万", 35000000, id="san-qian-wu-bai-wan"),
    pytest.param("一亿五千万", 150000000, id="yi-yi-wu-qian-wan"),
    pytest.param("十二亿三千万", 1230000000, id="shi-er-yi-san-qian-wan"),
    pytest.param("二十亿零二", 2000000002, id="er-shi-yi-ling-er"),
    pytest.param("一万亿", 10**12, id="yi-wan-yi"),
    pytest.param("壹拾贰亿叁仟万", 1230000000, id="financial-capitals"),
    pytest.param("零", 0, id="ling"),
    # Abbreviated forms: a trailing digit after a unit counts in the next lower
    # unit (三千五 = 3500, 两万五 = 25000, 一百一 = 110).
    pytest.param("三千五", 3500, id="abbrev-san-qian-wu"),
    pytest.param("两万五", 25000, id="abbrev-liang-wan-wu"),
    pytest.param("一百一", 110, id="abbrev-yi-bai-yi"),
]


@pytest.mark.parametrize(("text", "expected"), CHINESE_INTEGERS)
def test_chinese_integer(text, expected):
    got = chinese_integer(text)
    assert isinstance(got, int)
    assert got == expected


@pytest.mark.parametrize(("text", "expected"), CHINESE_INTEGERS)
def test_chinese_to_decimal_integers(text, expected):
    got = chinese_to_decimal(text)
    assert isinstance(got, Decimal)
    assert got == D(expected)


CHINESE_DECIMALS = [
    pytest.param("二十五点六亿", D("2560000000"), id="er-shi-wu-dian-liu-yi"),
    pytest.param("十三点一六亿", D("1316000000"), id="shi-san-dian-yi-liu-yi"),
    pytest.param("一点二二七八万", D("12278"), id="yi-dian-er-er-qi-ba-wan"),
    pytest.param("三点一四", D("3.14"), id="san-dian-yi-si"),
    pytest.param("零点五", D("0.5"), id="ling-dian-wu"),
    pytest.param("零点零五", D("0.05"), id="ling-dian-ling-wu"),
    pytest.param("十点二五", D("10.25"), id="shi-dian-er-wu"),
]


@pytest.mark.parametrize(("text", "expected"), CHINESE_DECIMALS)
def test_chinese_to_decimal_fractions(text, expected):
    got = chinese_to_decimal(text)
    assert isinstance(got, Decimal)
    assert got == expected


@pytest.mark.parametrize(("text", "expected"), CHINESE_DECIMALS)
def test_to_decimal_chinese_fractions(text, expected):
    assert to_decimal(text) == expected


@pytest.mark.parametrize(("text", "expected"), CHINESE_INTEGERS)
def test_to_decimal_chinese_integers(text, expected):
    assert to_decimal(text) == D(expected)


# --------------------------------------------------------------------------- mixed

MIXED = [
    pytest.param("3万4000", D("34000"), id="wan-then-arabic"),
    pytest.param("25.6亿", D("2560000000"), id="decimal-yi"),
    pytest.param("13.16亿", D("1316000000"), id="decimal-yi-exact"),
    pytest.param("1.2278万", D("12278"), id="decimal-wan"),
    pytest.param("70万", D("700000"), id="integer-wan"),
    pytest.param("4000万", D("40000000"), id="thousands-wan"),
    pytest.param("3千万", D("30000000"), id="qian-wan"),
    pytest.param("1.5万亿", D("1500000000000"), id="wan-yi"),
    pytest.param("1,200万", D("12000000"), id="comma-wan"),
]


@pytest.mark.parametrize(("text", "expected"), MIXED)
def test_to_decimal_mixed(text, expected):
    got = to_decimal(text)
    assert isinstance(got, Decimal)
    assert got == expected


# --------------------------------------------------------------------------- invalid

INVALID = [
    pytest.param("", id="empty"),
    pytest.param("一五五三", id="digit-sequence-code"),
    pytest.param("二〇一三", id="digit-sequence-year"),
    pytest.param("abc", id="latin"),
    pytest.param("二十五点", id="dian-without-digits"),
    pytest.param("二零二零", id="digit-sequence-with-zeros"),
]


@pytest.mark.parametrize("text", INVALID)
def test_chinese_to_decimal_rejects(text):
    with pytest.raises(ValueError):
        chinese_to_decimal(text)


# --------------------------------------------------------------------------- property


@settings(max_examples=2000, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
@example(0)
@example(10)
@example(15)
@example(105)
@example(1010)
@example(10**4)
@example(100010)
@example(10**8)
@example(2000000002)
@example(10**12)
def test_cn2an_round_trip(n):
    """cn2an's positional reading of n parses back to n."""
    numeral = cn2an.an2cn(n)
    assert chinese_integer(numeral) == n


@settings(max_examples=1000, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_cn2an_round_trip_financial(n):
    """The financial capitals (壹贰叁 拾佰仟) read the same."""
    numeral = cn2an.an2cn(n, "up")
    assert chinese_integer(numeral) == n


@settings(max_examples=1000, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=9999))
def test_cn2an_round_trip_decimal(whole, frac):
    text = f"{whole}.{frac:04d}".rstrip("0")
    numeral = cn2an.an2cn(text)
    assert chinese_to_decimal(numeral) == D(text)

"""The target stage's fast paths find exactly what the plain ways they
replace find: hand-written scanning against the regex it stands for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from plankit.extract import targets as T

#: the characters the period patterns read, with whitespace and a few others
_PERIOD_CHARS = "到至截止19208xX×*＊ \t\n\u3000\x1c\x85\u2028年底末前内度全上下半今明比较去“”\"十一二三四五六七八九过近这最来间中期时以的,"
#: and the pieces they are made of, so that long matches are common
_PERIOD_PIECES = ("到", "至", "截至", "截止", "2025", "1998", "20xx", "20××", "**", "XX", " ", " \n ", "年", "年底", "年度",
                  "全年", "上半年", "今年", "去年", "上年", "较", "十四五", "十五五", "“十三五”", "期间", "时期", "以来", "末",
                  "过去", "最近", "近", "这", "五年", "十年", "3年", "12年", "年来", "年间")
#: and whole periods, or nearly: a prefix, a year or 十X, whitespace, 年 or 五, a suffix
_periodish = st.tuples(
    st.sampled_from(("", "到", "截至", "截止", "过去", "最近", "近", "这", "“", "\"", "较", "比")),
    st.sampled_from(("2025", "1998", "20xx", "**", "xx", "十五", "十四", "十五五", "五", "十", "12", "五五", "3")),
    st.sampled_from(("", " ", "\n\u3000")),
    st.sampled_from(("年", "五", "”", "五”", "")),
    st.sampled_from(("", "底", "度", "来", "间", "”期间", "期间", "时期", "以来", "末")),
).map("".join)
_period_texts = st.lists(st.one_of(_periodish, st.sampled_from(_PERIOD_PIECES), st.sampled_from(_PERIOD_CHARS)),
                         max_size=12).map("".join)


def _spans(matches) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in matches]


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(_period_texts)
def test_periods_are_searched_around_year_keys_only(text: str) -> None:
    assert _spans(T._periods_in(T._PERIOD, text)) == _spans(T._PERIOD.finditer(text))
    assert _spans(T._periods_in(T._MULTI_YEAR, text)) == _spans(T._MULTI_YEAR.finditer(text))


def test_period_searches_on_edge_cases() -> None:
    for text in ("到2025 \n\u3000 年底", "较去年", "比上年增长", "“十四五”期间", "十五五末", "过去五年来", "五五年来",
                 "2020年2021年", "年年", "这十年间", "截至20xx年度", "**年", "x 年", "近10年", "2024五年",
                 "十五五”期间", "“十五五”时期"):
        for pattern in (T._PERIOD, T._MULTI_YEAR):
            for start in range(len(text)):
                assert _spans(T._periods_in(pattern, text[start:])) == _spans(pattern.finditer(text[start:]))


def _alternation(words) -> re.Pattern:
    """What ``_Words`` stands for: the words, longest first, as one regex."""
    return re.compile("|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w)))))


_VOCABULARY = sorted(T._categories().word_cat)
#: words, words cut short at either end, and anything else
_vocabulary_texts = st.lists(
    st.one_of(st.sampled_from(_VOCABULARY), st.sampled_from(_VOCABULARY).map(lambda w: w[:-1]),
              st.sampled_from(_VOCABULARY).map(lambda w: w[1:]), st.characters()),
    max_size=12,
).map("".join)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(_vocabulary_texts)
def test_words_are_found_as_their_alternation_finds_them(text: str) -> None:
    words = T._categories().words
    assert words.findall(text) == _spans(_alternation(_VOCABULARY).finditer(text))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.text("甲乙丙丁", min_size=1, max_size=4), min_size=1, max_size=8), st.text("甲乙丙丁戊", max_size=20))
def test_any_vocabulary_is_found_as_its_alternation_finds_it(vocabulary: list[str], text: str) -> None:
    assert T._Words(vocabulary).findall(text) == _spans(_alternation(vocabulary).finditer(text))


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.text(st.sampled_from("。！？!?；;\n,，:：、 的a\u2028\r增长"), max_size=30) | st.text(max_size=30))
def test_the_last_clause_is_what_splitting_leaves_last(text: str) -> None:
    assert T._clause_of(text) == T._CLAUSE_END.split(text)[-1]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(st.sampled_from("。！？!?；;\n,，增长5%\r\u2028"), max_size=40) | st.text(max_size=40))
def test_sentence_ends_are_where_the_class_of_them_matches(view: str) -> None:
    assert T.Sentences(view)._ends == [m.start() for m in re.finditer(r"[。！？!?；;\n]", view)]


_CUE_WORDS = list(T._cues()[1])


def _cue_alternation(words) -> re.Pattern:
    return re.compile("|".join(map(re.escape, words)) + r"|于(?:19|20)\d\d年")


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.lists(st.one_of(st.sampled_from(_CUE_WORDS), st.sampled_from(_CUE_WORDS).map(lambda w: w[:-1]),
                          st.sampled_from(["于2005年", "于20", "于"]), st.characters()), max_size=12).map("".join))
def test_cue_words_are_found_as_their_alternation_finds_them(text: str) -> None:
    assert _spans(T._cues()[0].finditer(text)) == _spans(_cue_alternation(_CUE_WORDS).finditer(text))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.text("于甲乙丙", min_size=1, max_size=3), min_size=1, max_size=8, unique=True),
       st.text("于甲乙丙丁2019年", max_size=20))
def test_any_words_in_any_order_are_found_as_their_alternation_finds_them(words: list[str], text: str) -> None:
    assert _spans(T._alternation_by_first(words).finditer(text)) == _spans(_cue_alternation(words).finditer(text))


def _bounds(view: str, start: int, end: int) -> tuple[int, int]:
    """What ``Sentences.bounds`` stands for, from the text itself."""
    ends = [m.start() for m in re.finditer(r"[。！？!?；;\n]", view)]
    left = max([e + 1 for e in ends if e < start], default=0)
    right = min([e for e in ends if e >= end], default=len(view))
    return max(left, start - T.SENTENCE_REACH), min(right, end + T.SENTENCE_REACH)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(st.sampled_from("。；\n,增长5%"), max_size=40)
       | st.lists(st.sampled_from(["增" * 150, "增" * 7, "。", "\n"]), max_size=12).map("".join),  # beyond reach
       st.data())
def test_sentence_bounds_are_the_nearest_ends_within_reach(view: str, data) -> None:
    start = data.draw(st.integers(0, len(view)))
    end = data.draw(st.integers(start, len(view)))
    assert T.Sentences(view).bounds(start, end) == _bounds(view, start, end)


def test_sentence_bounds_on_edge_cases() -> None:
    for view in ("增" * 700, "。" + "增" * 700 + "。", "增" * 350 + "。" + "增" * 350, "。。增5%。。"):
        sentences = T.Sentences(view)
        for start in range(0, len(view), 7):
            for end in (start, start + 1, start + 3):
                end = min(end, len(view))
                assert sentences.bounds(start, end) == _bounds(view, start, end)

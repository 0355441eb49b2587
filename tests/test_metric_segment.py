"""The metric stage's cut against the loop it replaced: the same words, to the
last tie, on generated and real text.

``_reference`` is the cut as it was before the tree of characters (a prefix
table, one slice per prefix); both must agree everywhere, ties included:
with jieba's scores cuts hardly ever tie, so small dictionaries with whole
numbers for scores make them tie often.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plankit.extract import metric
from plankit.extract.metric import _dictionary_words, _segment, tokenizer

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@lru_cache(maxsize=1)
def _table() -> tuple[dict, float]:
    tk = tokenizer()
    logtotal = math.log(tk.total)
    return {w: (math.log(f) - logtotal if f else None) for w, f in tk.FREQ.items()}, -logtotal


_NOT_A_PREFIX = object()


def _reference(text: str, table: dict | None = None, unknown: float = 0.0) -> list[str]:
    """The cut over jieba's flat prefix table (or ``table``), as plankit did it before."""
    if table is None:
        table, unknown = _table()
    get = table.get
    n = len(text)
    score = [0.0] * (n + 1)
    step = [1] * (n + 1)
    for i in range(n - 1, -1, -1):
        s = get(text[i], _NOT_A_PREFIX)
        if s is _NOT_A_PREFIX:
            score[i] = unknown + score[i + 1]
            continue
        best, end, j = None, i + 1, i + 1
        while True:
            if s is not None:
                s += score[j]
                if best is None or s >= best:
                    best, end = s, j
            if j == n:
                break
            j += 1
            s = get(text[i:j], _NOT_A_PREFIX)
            if s is _NOT_A_PREFIX:
                break
        if best is None:
            best = unknown + score[i + 1]
        score[i] = best
        step[i] = end - i
    words, x = [], 0
    while x < n:
        y = x + step[x]
        words.append(text[x:y])
        x = y
    return words


@lru_cache(maxsize=1)
def _pieces() -> list[str]:
    """Words of the dictionary and their prefixes and tails: next to each
    other they make overlapping words, where the route has a choice."""
    words = sorted(_dictionary_words())[::7]
    return sorted({p for w in words for p in (w, w[:-1], w[1:], w[:1])} - {""})


def _cut(text: str) -> list[str]:
    _segment.cache_clear()
    return _segment(text)


@settings(max_examples=600, deadline=None)
@given(st.data())
def test_cut_is_the_reference_on_dictionary_words(data):
    parts = data.draw(st.lists(st.sampled_from(_pieces()) | st.text(max_size=2), max_size=14))
    text = "".join(parts)
    assert _cut(text) == _reference(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="新增企业科技项目高新技术产值完成达到专利申请报到比重有效的年5x、,", max_size=40))
def test_cut_is_the_reference_on_a_small_alphabet(text):
    assert _cut(text) == _reference(text)


def test_cut_is_the_reference_on_every_clause_of_the_samples():
    for path in sorted(SAMPLES.glob("*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        for line in text.splitlines():
            for k in range(0, len(line), 5):  # the clause ends the metric stage cuts: every 5th
                piece = line[max(0, k - 32) : k]
                assert _cut(piece) == _reference(piece), piece


@st.composite
def _small_dictionaries(draw):
    """A dictionary over four letters with whole-number scores: many cuts
    score exactly the same, so ties are everywhere."""
    words = draw(st.lists(st.text(alphabet="abcd", min_size=1, max_size=4), max_size=12))
    table: dict = {}
    for w in words:
        for k in range(1, len(w)):
            table.setdefault(w[:k], None)  # jieba keeps every prefix of a word
        table[w] = -float(draw(st.integers(1, 4)))
    return table, -float(draw(st.integers(1, 5)))


def _cut_over(monkeypatch, table: dict, unknown: float, text: str) -> list[str]:
    """The cut over another dictionary (its cuts forgotten afterwards)."""
    tree = metric._word_tree(table, unknown)
    monkeypatch.setattr(metric, "_startup", lambda: (tree, unknown, None))
    try:
        return _cut(text)
    finally:
        _segment.cache_clear()


@settings(max_examples=500, deadline=None)
@given(_small_dictionaries(), st.text(alphabet="abcde", max_size=14))
def test_cut_is_the_reference_where_cuts_tie(dictionary, text):
    table, unknown = dictionary
    with pytest.MonkeyPatch.context() as mp:
        assert _cut_over(mp, table, unknown, text) == _reference(text, table, unknown)


def test_a_tie_goes_to_the_longer_word(monkeypatch):
    table = {"a": -1.0, "b": -1.0, "ab": -2.0}  # a + b scores as ab, exactly
    assert _cut_over(monkeypatch, table, -3.0, "ab") == ["ab"] == _reference("ab", table, -3.0)


def test_cut_of_nothing_and_of_one_character():
    assert _cut("") == [] == _reference("")
    for c in "企新x5、":
        assert _cut(c) == [c] == _reference(c)

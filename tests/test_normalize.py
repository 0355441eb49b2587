"""Normalisation: each step, the offset map, and its invariants."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plankit.parse.normalize import NormalizeConfig, normalize

CASES = [
    ("traditional", "科技局工作總結暨工作計劃", "科技局工作总结暨工作计划"),
    ("full-width digits", "２０１３年增长１０％", "2013年增长10%"),
    ("full-width parens kept as parens", "（一）加强领导", "(一)加强领导"),
    ("ideographic space", "\u3000\u3000一、目标", "  一、目标"),
    ("nbsp", "总投资\xa05000万元", "总投资 5000万元"),
    ("zero width removed", "专利\u200b申请", "专利申请"),
    ("pinyin removed", "科學(xué)技術(shù)局", "科学技术局"),
    ("pinyin full-width parens", "項（xiàng）目", "项目"),
    ("pinyin inside a number", "超過200萬(wàn)元", "超过200万元"),
    ("real parentheses kept", "公司(谷硅新材料)", "公司(谷硅新材料)"),
    ("heading marker kept", "(一)工作思路", "(一)工作思路"),
    ("latin abbreviation kept", "占GDP(gdp)比重", "占GDP(gdp)比重"),
    ("chinese punctuation kept", "一是、二是。", "一是、二是。"),
    ("small full stop", "1\ufe52目标", "1.目标"),
]


@pytest.mark.parametrize("original, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_steps(original, expected):
    assert normalize(original).text == expected


@pytest.mark.parametrize("original", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_whole_text_maps_back(original):
    n = normalize(original)
    s, e = n.offsets.span(0, len(n.text))
    assert n.original[s:e].strip(" \u3000\xa0\u200b") == original.strip(" \u3000\xa0\u200b")


def test_span_of_a_quantity_includes_its_pinyin():
    n = normalize("目标超過200萬(wàn)元。")
    start = n.text.index("超过")
    end = n.text.index("。")
    s, e = n.offsets.span(start, end)
    assert n.original[s:e] == "超過200萬(wàn)元"


def test_explain_counts_each_step():
    assert normalize("科學(xué)\u200b２０％\u3000").changes == {}  # counted only when asked
    n = normalize("科學(xué)\u200b２０％\u3000", explain=True)
    assert n.changes == {"zero_width": 1, "pinyin": 1, "spaces": 1, "full_width": 3, "simplified": 1}


@pytest.mark.parametrize("step", ["zero_width", "pinyin", "spaces", "full_width", "simplified"])
def test_each_step_can_be_switched_off(step):
    text = "科學(xué)\u200b２０％\u3000"
    n = normalize(text, NormalizeConfig(**{step: False}), explain=True)
    assert step not in n.changes and len(n.changes) == 4


def test_script_text_keeps_traditional_without_pinyin():
    n = normalize("科學(xué)技術(shù)局")
    assert n.script_text == "科學技術局"
    assert len(n.script_text) == len(n.text)


han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
noise = st.sampled_from(list("(（)）xuéàǎ \u3000\u200b\xa0０１％，.\n\r萬億個項")) | han | st.characters()


@settings(max_examples=300, deadline=None)
@given(st.text(noise, max_size=80))
def test_idempotent(text):
    once = normalize(text).text
    assert normalize(once).text == once


@settings(max_examples=300, deadline=None)
@given(st.text(noise, max_size=80))
def test_offset_map_is_monotonic_and_inside(text):
    n = normalize(text)
    previous = -1
    for i in range(len(n.text)):
        o = n.offsets.to_original(i)
        assert previous < o < len(text)
        previous = o
        # a kept character maps to itself or to its one-for-one replacement
        assert len(n.original[o]) == 1


def test_radicals_become_the_ideographs_they_stand_for():
    # ⼀ ⼈ ⼯ are Kangxi radicals (NFKC knows them), ⺠ ⻓ ⻔ are in the supplement (NFKC does not)
    n = normalize("⼀是⼈⺠群众满意度达到90%,⻓效机制,⻔户", explain=True)
    assert n.text == "一是人民群众满意度达到90%,长效机制,门户"
    assert n.changes["radicals"] == 5
    assert len(n.text) == len(n.original) and n.offsets.to_original(5) == 5


def test_radicals_can_be_switched_off():
    assert normalize("⼈⺠", NormalizeConfig(radicals=False)).text == "⼈⺠"


def test_every_radical_maps_to_one_unified_ideograph():
    import unicodedata

    from plankit.parse.normalize import RADICALS

    assert len(RADICALS) == 214 + 114  # all Kangxi radicals, the supplement but U+2E80 and unassigned U+2E9A
    for radical, ideograph in RADICALS.items():
        assert unicodedata.name(chr(radical)).split()[0] in ("KANGXI", "CJK")
        assert len(ideograph) == 1, hex(radical)
        assert unicodedata.name(ideograph).startswith("CJK UNIFIED IDEOGRAPH-"), hex(radical)


# ------------------------------------------------ t2s on the changeable lines only


def _convert_all(text):
    """The reference: OpenCC over the whole text, as before the line filter."""
    from plankit.parse.normalize import _t2s, _to_simplified

    return _to_simplified(_t2s(), text)


def _changeable_or_skip():
    from plankit.parse.normalize import _changeable

    pattern = _changeable()
    if pattern is None:
        pytest.skip("data/t2s_changes.txt is not for the installed OpenCC: every line is converted")
    return pattern


def test_every_other_bmp_character_converts_to_itself():
    """So does each weak character alone (沈), and in a phrase it is not changed in (沈阳)."""
    finder, changed_in = _changeable_or_skip()
    from plankit.parse.normalize import _t2s

    converter = _t2s()
    others = [chr(cp) for cp in range(0x80, 0x10000)
              if not 0xD800 <= cp <= 0xDFFF and cp != 0x0A and (not finder.match(chr(cp)) or chr(cp) in changed_in)]
    assert len(others) > 50000
    assert converter.convert("\n".join(others)) == "\n".join(others)
    assert all(converter.convert(phrase) != phrase for phrases in changed_in.values() for phrase, _ in phrases)


def _dictionary_entries():
    """Every (key, first value) of the t2s dictionaries, written out by
    OpenCC's own opencc_dict (skipped where the wheel does not carry it)."""
    import importlib.util
    import os
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "t2s_changes.py"
    spec = importlib.util.spec_from_file_location("t2s_changes", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    import json

    import opencc

    tool = os.path.join(os.path.dirname(opencc.__file__), "clib", "bin", "opencc_dict")
    if not os.access(tool, os.X_OK):
        pytest.skip("no opencc_dict")
    config = opencc.OpenCC("t2s").config
    with open(config, encoding="utf-8") as f:
        files = module.dictionary_files(json.load(f))
    return [e for name in files for e in module.entries(tool, os.path.join(os.path.dirname(config), name))]


def test_every_dictionary_entry_converts_as_the_whole_text_does():
    """Each key (phrases too: 看著's 著 alone stays 著) in a line of its own,
    between lines the filter skips, and after a character of its own line."""
    _changeable_or_skip()
    from plankit.parse.normalize import to_simplified

    entries = _dictionary_entries()
    assert len(entries) > 5000
    text = "\n".join(f"计划\n一{key}\n{key}二" for key, _ in entries)
    assert to_simplified(text) == _convert_all(text)
    changed = [key for key, value in entries if key != value]
    assert all(to_simplified(key) != key for key in changed)


_T2S_PIECES = ["總結", "工作", "计划", "看著", "著作", "覆盖", "反覆", "反", "覆", "什麼", "么", "么麼", "麼", "業",
               "沈阳", "深沈", "深", "沈", "傢俱", "俱", "坏", "一坏", "\n", "\n\n", "\r\n", "a", " " * 150,
               "\x00", "\ud800", "\U00020000", "\U0002f800", "\uf900", "目标5家", "乾隆", "干部"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_T2S_PIECES) | st.text(max_size=4), max_size=30))
def test_converting_the_changeable_lines_is_converting_everything(pieces):
    from plankit.parse.normalize import to_simplified

    text = "".join(pieces)
    assert to_simplified(text) == _convert_all(text)


def test_unknown_dictionaries_convert_every_line(monkeypatch):
    import opencc

    from plankit.parse import normalize as N

    N._changeable.cache_clear()
    monkeypatch.setattr(opencc, "__version__", "0.0.0")
    try:
        assert N._changeable() is None
        assert N.to_simplified("總結\n计划") == "总结\n计划"
    finally:
        N._changeable.cache_clear()

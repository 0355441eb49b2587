"""--script: names in simplified script by default, in the source's script on request."""

from plankit import parse_text

TEXT = "農業局工作計劃\n一、發展目標\n新增有機農業面積2000公頃,補助經費不少於300萬(wàn)元。\n"


def test_names_simplified_by_default():
    doc = parse_text(TEXT).documents[0]
    assert doc.title == "农业局工作计划"
    assert doc.sections[0].title == "发展目标"
    assert [t.unit for t in doc.targets] == ["公顷", "元"]
    assert doc.targets[0].section_path == ["发展目标"]


def test_names_in_original_script_without_pinyin():
    doc = parse_text(TEXT, script="original").documents[0]
    assert doc.title == "農業局工作計劃"
    assert doc.sections[0].title == "發展目標"
    assert doc.targets[0].section_path == ["發展目標"]
    assert [t.unit for t in doc.targets] == ["公頃", "元"]
    assert all("(" not in t.metric for t in doc.targets)
    assert "經費" in doc.targets[1].metric


def test_text_is_verbatim_either_way():
    for script in ("simplified", "original"):
        doc = parse_text(TEXT, script=script).documents[0]
        assert [t.text for t in doc.targets] == ["2000公頃", "不少於300萬(wàn)元"]
        assert [TEXT[t.span[0]:t.span[1]] for t in doc.targets] == ["2000公頃", "不少於300萬(wàn)元"]

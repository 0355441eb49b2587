"""Regressions of issue 15 in the library's pipeline: each test is named
after the failure it pins down."""

import os
import subprocess
import sys
from decimal import Decimal

import pytest

from plankit import parse_bytes, parse_text
from plankit.numerals import representable

from test_properties import check_result


def _targets(result):
    return [(t.text, t.value) for d in result.documents for t in d.targets]


def test_collection_whose_first_piece_has_no_marker_loses_nothing():
    text = (
        "青阳镇2010年科技创新工作总结\n一、主要成绩\n全年新增高新技术企业5家,投入资金300万元。\n"
        "第二篇:青阳镇2009年科技创新工作总结\n新增企业3家。\n"
        "第三篇:青阳镇2011年科技工作计划\n力争新增企业8家。\n"
    )
    result = parse_text(text)
    assert [(d.line, d.title) for d in result.documents] == [
        (1, "青阳镇2010年科技创新工作总结"), (4, "青阳镇2009年科技创新工作总结"), (6, "青阳镇2011年科技工作计划")]
    assert [t.text for t in result.documents[0].targets] == ["5家", "300万元"]
    check_result(result, text)


def test_collection_preamble_is_a_document_of_its_own():
    text = "科技工作计划集锦\n下面整理了以下计划,新增企业2家。\n科技工作计划 篇1\n新增企业5家。\n科技工作计划 篇2\n新增企业6家。\n"
    result = parse_text(text)
    assert [d.line for d in result.documents] == [1, 3, 5]
    assert _targets(result)[0] == ("2家", Decimal(2))
    check_result(result, text)


def test_restarted_numbering_under_one_title_does_not_raise_index_error():
    result = parse_text("十、\n计划\n一、\n一、")
    assert [d.line for d in result.documents] == [1, 2]


HUGE = [
    pytest.param("投资1111111111111111111111111万元", id="25-digits-wan-yuan"),
    pytest.param("五亿亿亿亿元", id="yi-yi-yi-yi"),
    pytest.param("1" * 5_000_000 + "万元", id="5-million-digits"),
    pytest.param("增长0.12345678901234567%", id="17-places"),
    pytest.param("投资99999999999999999999999999万亿元", id="wan-yi-overflow"),
]


@pytest.mark.parametrize("text", HUGE)
def test_numbers_beyond_the_data_contract_are_not_targets_and_do_not_raise(text):
    assert _targets(parse_text(text)) == []


def test_largest_representable_amount_is_kept_exactly():
    result = parse_text("投资1234567890123456789012万元")  # 22 digits x 10^4: 26 digits
    assert _targets(result) == [("1234567890123456789012万元", Decimal("12345678901234567890120000"))]
    assert representable(result.documents[0].targets[0].value)


def test_parse_text_given_bytes_says_to_use_parse_bytes():
    with pytest.raises(TypeError, match="parse_bytes"):
        parse_text("一、目标\n新增企业5家".encode("utf-8"))
    assert _targets(parse_bytes("一、目标\n新增企业5家".encode("utf-8"))) == [("5家", Decimal(5))]


def test_cr_only_line_endings_are_line_breaks():
    text = "2025年工作计划\r一、目标\r力争新增企业5家\r二、措施\r投资300万元\r"
    result = parse_text(text)
    doc = result.documents[0]
    assert [(s.line, s.title) for s in doc.sections] == [(2, "目标"), (4, "措施")]
    assert [(t.line, t.text) for t in doc.targets] == [(3, "5家"), (5, "300万元")]
    check_result(result, text)


def test_jieba_cache_goes_to_a_per_user_folder_silently(tmp_path):
    """Root's cache file in the shared temp folder made every other user's
    run print a PermissionError traceback; the cache is now the user's own."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    code = "from plankit import parse_text; print(parse_text('一、目标\\n力争新增企业5家').documents[0].targets[0].metric)"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "新增企业"
    assert run.stderr == ""
    assert list((tmp_path / "cache" / "plankit").glob("jieba*.cache"))


def test_jieba_cache_without_a_writable_folder_is_silent(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    env = {**os.environ, "XDG_CACHE_HOME": str(blocker), "HOME": str(blocker), "TMPDIR": str(tmp_path)}
    code = "from plankit import parse_text; print(len(parse_text('力争新增企业5家').documents[0].targets))"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "1" and run.stderr == ""

"""Web pages: the main text without the site's chrome (trafilatura), the
page's own lines when trafilatura loses them, the stdlib reader without the
extra, and the dev texts made into web pages giving the targets of the text."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_html import CHROME_WORDS, modern_page, table_page  # noqa: E402
from test_ofd import DEV, agreement  # noqa: E402
from test_real_texts import require_shared  # noqa: E402

from plankit import parse_bytes, parse_text  # noqa: E402
from plankit.parse.formats import extract  # noqa: E402
from plankit.parse.formats.html import COLLAPSED, NO_TRAFILATURA, _main_lines, collapsed, main_text  # noqa: E402

pytest.importorskip("trafilatura")

PLAN = "\n".join([
    "云溪区2025年工作计划",
    "一、主要目标",
    "全年地区生产总值增长6%左右,城镇新增就业1.2万人以上,新增高新技术企业40家。",
    "二、重点任务",
    "(一)扩大有效投资。实施重点项目120个,完成投资350亿元。",
    "(二)培育新兴产业。新增规模以上工业企业30家,数字经济核心产业增加值增长10%。",
    "三、保障措施",
    "加强组织领导,新增财政投入5000万元。",
])


def _targets(result) -> list[tuple[str, str]]:
    return [(t.text, t.status.value) for d in result.documents for t in d.targets]


@pytest.mark.parametrize("make", [modern_page, partial(modern_page, styled=True), table_page],
                         ids=["modern", "styled", "old-table"])
def test_no_chrome_targets(make):
    page = make(PLAN)
    for word in ("12家", "12345678位", "访问量"):
        assert word in page
    extracted = extract(page.encode("utf-8"), name="plan.html")
    assert not [w for w in CHROME_WORDS if w in extracted.text]
    assert extracted.text.split("\n") == PLAN.split("\n")
    assert extracted.notes == ()
    assert _targets(parse_bytes(page.encode("utf-8"))) == _targets(parse_text(PLAN))


def test_gbk_page():
    page = modern_page(PLAN).replace('charset="utf-8"', 'charset="gbk"')
    assert extract(page.encode("gb18030")).text == PLAN


def test_old_table_and_br_layout_keeps_its_lines():
    lines = PLAN.split("\n")
    page = ("<html><body><table><tr><td><a href='/'>首页</a> <a href='/x'>政务公开</a></td></tr>"
            "<tr><td><font size=3>" + "<br>\n".join(lines) + "</font></td></tr>"
            "<tr><td>访问量: 12345678位</td></tr></table></body></html>")
    assert extract(page.encode()).text.split("\n") == lines


def test_a_short_page_whose_recall_pass_collapses():
    # trafilatura's recall pass reads a short page whole, in one paragraph;
    # its precision pass keeps the lines
    page = (f"<html><body><div class='nav'><a href='/'>首页</a></div><div id='content'>{'<br>'.join(PLAN.split(chr(10)))}"
            "</div><div>访问量12345678位</div></body></html>")
    import trafilatura

    recall = trafilatura.extract(page, output_format="xml", favor_recall=True)
    assert len(_main_lines(recall)) == 1
    assert extract(page.encode()).text == PLAN


def test_falls_back_to_the_page_lines_when_trafilatura_collapses(monkeypatch):
    import trafilatura

    page = table_page(PLAN)
    one_line = " ".join(["首页 政务公开", *PLAN.split("\n")])  # how some versions return such a page
    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: f"<doc><main><p>{one_line}</p></main></doc>")
    text, notes = main_text(page)
    assert notes == (COLLAPSED,)
    assert text.split("\n") == PLAN.split("\n")  # the menu (links) and the footer are left out


def test_collapse_is_a_line_far_longer_than_the_page_ones():
    page = PLAN.split("\n")
    assert collapsed([" ".join(page)], page)
    assert not collapsed(page, ["首页", *page, "版权所有"])


def test_a_heading_linked_from_a_table_of_contents_stays():
    toc = "<ul class='toc'><li><a href='#a'>一、主要目标</a></li><li><a href='#b'>二、重点任务</a></li></ul>"
    page = modern_page(PLAN).replace('<div class="article" id="zoom">', f'<div class="article" id="zoom">{toc}')
    lines = extract(page.encode()).text.split("\n")
    assert lines[-len(PLAN.split("\n")):] == PLAN.split("\n")


def test_data_tables_row_by_row():
    rows = "".join(f"<tr><td>指标{i}</td><td>{i * 10}家</td><td>2025年</td></tr>" for i in range(1, 4))
    page = modern_page(PLAN).replace("<div class=\"article\" id=\"zoom\">",
                                     f"<div class=\"article\" id=\"zoom\"><table>{rows}</table>")
    lines = extract(page.encode()).text.split("\n")
    assert lines[:3] == [f"指标{i}\t{i * 10}家\t2025年" for i in range(1, 4)]


def test_without_the_extra_the_page_text_and_a_note(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    page = modern_page(PLAN)
    extracted = extract(page.encode(), name="plan.html")
    assert extracted.notes == (NO_TRAFILATURA,)
    assert "pip install 'plankit[html]'" in NO_TRAFILATURA and "\n" not in NO_TRAFILATURA
    assert "一、主要目标" in extracted.text and "相关链接" in extracted.text  # the chrome too


@pytest.mark.parametrize("make", [modern_page, partial(modern_page, styled=True), table_page],
                         ids=["modern", "styled", "old-table"])
def test_dev_texts_as_web_pages(make):
    if not DEV:
        require_shared("the dev texts")
    texts = [p.read_text(encoding="utf-8") for p in DEV]
    f1, count = agreement(texts, lambda t: make(t).encode("utf-8"))
    print(f"HTML agreement F1 {f1:.4f} over {count} targets")
    assert f1 >= 0.98

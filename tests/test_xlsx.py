"""--format xlsx: a targets and a sections sheet, read back with openpyxl:
numbers are numbers, the header is frozen and filtered, Chinese intact,
widths that fit it, exact text for values a double cannot hold, usage errors
and the missing extra."""

from __future__ import annotations

import os
import sys
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from plankit.cli import app
from plankit.export import CSV_COLUMNS, SECTION_COLUMNS

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

PLAN = ("云溪区2025年工作计划\n一、主要目标\n全年新增高新技术企业40家,完成投资3000.25万元,地区生产总值增长6.5%。\n"
        "二、重点任务\n(一)扩大有效投资。力争完成投资9007199254740993元。\n")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


def _rows(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_targets_and_sections_sheets(plan_file, tmp_path):
    out = tmp_path / "out.xlsx"
    result = run("parse", plan_file, "--format", "xlsx", "-o", out)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["targets", "sections"]
    targets, sections = wb["targets"], wb["sections"]
    assert [c.value for c in targets[1]] == [*CSV_COLUMNS, "value_text", "value_max_text"]
    assert [c.value for c in sections[1]] == list(SECTION_COLUMNS)
    for ws in (targets, sections):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert all(c.font.b for c in ws[1])
    rows = _rows(targets)
    assert [(r["text"], r["value"], r["unit"]) for r in rows] == [
        ("40家", 40, "家"), ("3000.25万元", 30002500, "元"), ("6.5%", 6.5, "%"),
        ("9007199254740993元", float(9007199254740993), "元")]
    for r in rows:
        assert isinstance(r["value"], (int, float)) and isinstance(r["line"], int) and isinstance(r["start"], int)
        assert r["source"] == str(plan_file) and r["document"] == "云溪区2025年工作计划"
    assert rows[0]["metric"].endswith("高新技术企业") and rows[0]["section_path"] == "主要目标"
    # a value a double cannot hold: the nearest number, and its exact text beside it
    assert [r["value_text"] for r in rows] == [None, None, None, "9007199254740993"]
    # a number shown with its own decimals, never in scientific notation
    cells = {c.value: c.number_format for c in targets["H"][1:]}
    assert cells[30002500] == "0" and cells[6.5] == "0.0"
    heads = _rows(sections)
    assert [(h["marker"], h["title"], h["level"]) for h in heads] == [("一、", "主要目标", 1), ("二、", "重点任务", 1),
                                                                     ("(一)", "扩大有效投资", 2)]


def test_widths_fit_chinese(plan_file, tmp_path):
    from plankit.xlsx import display_width

    out = tmp_path / "out.xlsx"
    run("parse", plan_file, "-f", "xlsx", "-o", out)
    ws = openpyxl.load_workbook(out)["targets"]
    for k in range(1, ws.max_column + 1):
        letter = ws.cell(1, k).column_letter
        longest = max(display_width(str(c.value)) for c in ws[letter] if c.value is not None)
        assert min(longest, 60) <= ws.column_dimensions[letter].width <= 62
    assert ws.column_dimensions["B"].width >= display_width("云溪区2025年工作计划") == 20  # document
    assert ws.column_dimensions["D"].width < 10  # line


def test_without_output_is_a_usage_error(plan_file):
    result = run("parse", plan_file, "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stderr == "plankit: error: --format xlsx writes a file: add -o FILE.xlsx\n"


def test_missing_extra(plan_file, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    out = tmp_path / "out.xlsx"
    result = run("parse", plan_file, "--format", "xlsx", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == "plankit: error: --format xlsx needs XlsxWriter: pip install 'plankit[xlsx]'\n"
    assert not out.exists()


def test_workers_write_the_same_rows(tmp_path):
    for k in range(4):
        (tmp_path / f"p{k}.txt").write_text(PLAN.replace("40家", f"{40 + k}家"), encoding="utf-8")
    one, two = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    assert run("parse", tmp_path, "--glob", "*.txt", "-f", "xlsx", "-o", one, "-j", "1").exit_code == 0
    assert run("parse", tmp_path, "--glob", "*.txt", "-f", "xlsx", "-o", two, "-j", "2").exit_code == 0
    a, b = openpyxl.load_workbook(one), openpyxl.load_workbook(two)
    for name in ("targets", "sections"):
        assert list(a[name].iter_rows(values_only=True)) == list(b[name].iter_rows(values_only=True))
    assert len(_rows(a["targets"])) == 16


def test_a_full_sheet_goes_on_in_another(tmp_path, monkeypatch):
    from plankit import parse_text, xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)  # two rows and the header a sheet
    out = tmp_path / "out.xlsx"
    xlsx.write_results(out, [parse_text(PLAN).model_dump()])
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["targets", "sections", "targets 2", "sections 2"]
    assert [r["text"] for r in _rows(wb["targets"]) + _rows(wb["targets 2"])] == [
        "40家", "3000.25万元", "6.5%", "9007199254740993元"]
    assert wb["targets 2"].freeze_panes == "A2"


def test_constant_memory_and_nothing_left_behind(tmp_path):
    from plankit import parse_text
    from plankit.xlsx import XlsxOut

    out = XlsxOut(tmp_path / "out.xlsx")
    assert out.workbook.constant_memory
    out.write(parse_text(PLAN).model_dump())
    rows_file = out.workbook.worksheets()[0].row_data_filename
    assert os.path.exists(rows_file)
    out.abort()  # Ctrl-C, a full disk: no workbook, no temporary file
    assert os.listdir(tmp_path) == [] and not os.path.exists(rows_file)


def test_exact_numbers():
    from plankit.xlsx import exact_number

    assert exact_number(Decimal("0.1")) == 0.1
    assert exact_number(Decimal("123456789012345")) == 123456789012345.0
    assert exact_number(Decimal("1234567890123456")) is None  # 16 digits: more than Excel shows
    assert exact_number(Decimal("-2.5E+3")) == -2500.0


def test_compare_to_xlsx(tmp_path):
    plan, report = tmp_path / "plan.txt", tmp_path / "report.txt"
    plan.write_text("某县2024年政府工作报告\n一、2025年主要目标\n地区生产总值增长6.5%左右，城镇新增就业8000人以上。\n",
                    encoding="utf-8")
    report.write_text("某县2025年政府工作报告\n一、2025年工作回顾\n地区生产总值增长6.9%，城镇新增就业9200人。\n", encoding="utf-8")
    out = tmp_path / "links.xlsx"
    result = CliRunner().invoke(app, ["compare", str(plan), str(report), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    ws = openpyxl.load_workbook(out)["comparison"]
    assert ws.freeze_panes == "A2"
    rows = _rows(ws)
    assert [(r["plan_text"], r["plan_value"], r["report_value"], r["outcome"]) for r in rows] == [
        ("6.5%左右", 6.5, 6.9, "met"), ("8000人以上", 8000, 9200, "met")]
    assert isinstance(rows[0]["year"], int) and isinstance(rows[0]["plan_line"], int)
    usage = CliRunner().invoke(app, ["compare", str(plan), str(report), "--format", "xlsx"])
    assert usage.exit_code == 2 and "add -o FILE.xlsx" in usage.stderr


@pytest.mark.parametrize("record, cells", [
    # a short text asks no more width than its header's (0)
    ({"unit": "元"}, [("unit", "元", None, 0)]),
    # a long one: its display width, wide characters twice
    ({"text": "新增高新技术企业四十家"}, [("text", "新增高新技术企业四十家", None, 22)]),
    # integers and doubles as they are, with no number format
    ({"line": 3, "start": 0}, [("line", 3, None, 0), ("start", 0, None, 0)]),
    # an exact decimal: a number shown with its own places
    ({"value": Decimal("3000.25")}, [("value", 3000.25, 2, 7)]),
    ({"value": Decimal("3E+7")}, [("value", 30000000.0, 0, 8)]),
    # one a double cannot hold: its text in value_text, the nearest double in value
    ({"value": Decimal("9007199254740993")},
     [("value_text", "9007199254740993", None, 16), ("value", 9007199254740992.0, 0, 16)]),
    # empty cells and unknown columns are not written; a boolean is text
    ({"unit": "", "value_max": None, "nonsense": 1, "metric": True}, [("metric", "True", None, 0)]),
])
def test_row_cells(record, cells):
    """What a worker sends for a row: each cell's column, value, decimal
    places (None: no number format) and the width it asks of its column."""
    from plankit.xlsx import TARGETS, row_cells

    assert row_cells(TARGETS, record) == [(TARGETS.index[c], v, p, w) for c, v, p, w in cells]


def test_a_cell_longer_than_excel_takes_is_cut():
    from plankit.xlsx import MAX_CELL, MAX_WIDTH, TARGETS, row_cells

    [(k, text, places, width)] = row_cells(TARGETS, {"metric": "指标" * MAX_CELL})
    assert len(text) == MAX_CELL and text.endswith("…") and places is None
    assert width == 2 * MAX_WIDTH  # measured on the first MAX_WIDTH characters only

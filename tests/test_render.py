"""The ``table`` view: readable at any width, never a cut value, and linear.

Widths are asserted in terminal cells (a Han character takes two)."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from plankit import render
from plankit.cli import app
from plankit.models import ParseResult
from plankit.render import render_results

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BOX = "│┃┏┓┗┛┡┩┣┫┳┻╇┼┴┬└┘┌┐─━├┤"


def _target(line: int, text: str, value: str, unit: str, metric: str, *, value_max=None,
            status: str = "target", qualifier: str = "exact", path=("发展目标",)) -> dict:
    return {
        "text": text, "value": value, "value_max": value_max, "unit": unit, "kind": "money",
        "qualifier": qualifier, "status": status, "category": "economy", "metric": metric,
        "period": None, "line": line, "span": [0, len(text)], "section_path": list(path),
    }


TARGETS = [
    _target(3, "126000万元", "1260000000", "元", "全市规模以上工业企业研发经费投入总额年均增长目标值"),
    _target(4, "1260.5亿至1300亿元", "126050000000", "元",
            "地区生产总值", value_max="130000000000", qualifier="range"),
    _target(5, "12.22%", "12.22", "%", "高新技术产业增加值占规模以上工业增加值比重", status="actual"),
    _target(6, "3.5万亩", "35000", "亩", "新建高标准农田"),
    _target(7, "1,234,567,890.125万美元", "12345678901250", "美元",
            "Foreign direct investment actually utilised in the whole province this year"),
]


def _result(targets=TARGETS) -> ParseResult:
    return ParseResult.model_validate({
        "source": "plan.txt", "encoding": "utf-8",
        "documents": [{
            "title": "2025年工作计划", "line": 1, "span": [0, 100],
            "sections": [{
                "marker": "一、", "title": "发展目标", "level": 1, "line": 2, "span": [0, 6], "kind": "plan",
                "children": [],
            }],
            "targets": targets,
        }],
    })


def _render(width=None, result=None) -> str:
    out = io.StringIO()
    render_results([result or _result()], out, width=width)
    return out.getvalue()


def _flat(text: str) -> str:
    """The output without whitespace and box characters: a wrapped metric
    reads as one string again (its other cells are blank on later lines)."""
    return re.sub(rf"[\s{BOX}]", "", text)


def _value(t: dict) -> str:
    return t["value"] + (f"–{t['value_max']}" if t["value_max"] else "")


@pytest.mark.parametrize("width", [160, 80, 60, 40])
def test_every_value_text_unit_and_metric_whole(width: int) -> None:
    text = _render(width)
    assert "…" not in text
    lines = text.splitlines()
    for t in TARGETS:
        assert any(_value(t) in line for line in lines), (width, t["value"])
        assert any(t["text"] in line for line in lines), (width, t["text"])
        assert any(re.search(rf"(^|[\s{BOX}]){re.escape(t['unit'])}([\s{BOX}]|$)", line) for line in lines)
        assert _flat(t["metric"]) in _flat(text), (width, t["metric"])


@pytest.mark.parametrize("width", [160, 80, 60])
def test_fits_the_width(width: int) -> None:
    widths = [cell_len(line) for line in _render(width).splitlines()]
    assert max(widths) <= width


def test_wide_shows_every_column_narrow_drops_the_low_priority_ones() -> None:
    header = lambda text: next(line for line in text.splitlines() if line.startswith("┃"))  # noqa: E731
    wide = header(_render(160)).split()
    assert [c for c in wide if c != "┃"] == list(render.COLUMNS)
    narrow = [c for c in header(_render(80)).split() if c != "┃"]
    assert {"text", "value", "unit", "metric"} <= set(narrow)
    assert "qualifier" not in narrow and "kind" not in narrow
    # the columns go in DROP_ORDER
    dropped = {c for c in render.COLUMNS if c not in narrow}
    assert dropped == set(render.DROP_ORDER[:len(dropped)])


@pytest.mark.parametrize("width", [60, 40])
def test_too_narrow_for_a_table_gives_blocks(width: int) -> None:
    text = _render(width)
    assert "┃ text" not in text  # no table header
    assert "= 126050000000–130000000000" in text


def test_metric_wraps_in_its_column() -> None:
    text = _render(80)
    metric = TARGETS[0]["metric"]
    assert metric not in text  # too long for the column at 80 ...
    assert _flat(metric) in _flat(text)  # ... so it wraps, whole


def test_piped_output_honours_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    assert max(map(cell_len, _render().splitlines())) <= 72
    monkeypatch.delenv("COLUMNS")
    widths = list(map(cell_len, _render().splitlines()))
    assert 80 < max(widths) <= render.PIPE_WIDTH


def test_cli_honours_columns(tmp_path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "2025年工作计划\n一、发展目标\n全市规模以上工业企业研发经费投入总额达到126000万元,"
        "高新技术产业增加值占规模以上工业增加值比重达到12.22%。\n", encoding="utf-8",
    )
    for columns in ("60", "80", "160"):
        result = CliRunner().invoke(app, ["parse", str(plan)], env={"COLUMNS": columns})
        assert result.exit_code == 0, result.output
        assert max(map(cell_len, result.stdout.splitlines())) <= int(columns)
        assert "1260000000" in result.stdout and "12.22" in result.stdout
        assert "…" not in result.stdout


def test_terminal_gets_the_same_text_in_colour() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    render_results([_result()], out, width=80)
    assert ANSI.sub("", out.getvalue()) == _render(80)


def test_heading_tree() -> None:
    text = _render(80)
    assert "2025年工作计划 L1" in text
    assert "└── 一、发展目标 plan 5 targets L2" in text


def test_deep_tree_and_long_titles_stay_in_width() -> None:
    section = None
    for level in range(60, 0, -1):
        section = {
            "marker": f"{level}.", "title": "加快推进科技成果转化和产业化" * 3, "level": level, "line": level + 1,
            "span": [0, 1], "kind": "plan", "children": [section] if section else [],
        }
    result = ParseResult.model_validate({
        "source": "deep.txt", "encoding": "utf-8",
        "documents": [{"title": "深", "line": 1, "span": [0, 1], "sections": [section], "targets": []}],
    })
    text = _render(80, result)
    assert "60.加快" in text and "L61" in text
    assert "no targets" in text


def test_a_long_table_is_written_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "CHUNK", 100)
    many = [_target(k, f"{k}万元", str(k * 10000), "元", f"第{k}项指标") for k in range(1, 1001)]

    class Writes(io.StringIO):
        sizes: list[int] = []

        def write(self, s: str) -> int:
            self.sizes.append(s.count("\n"))
            return super().write(s)

    out = Writes()
    render_results([_result(many)], out, width=80)
    assert len(out.sizes) >= 10
    assert max(out.sizes) <= 100
    text = out.getvalue()
    assert all(f"│ {k * 10000} " in text for k in (1, 500, 1000))


def test_control_characters_do_not_break_rows() -> None:
    result = _result([_target(2, "5\t家", "5", "家", "新增\n企业")])
    lines = _render(80, result).splitlines()
    row = next(line for line in lines if "5 家" in line)
    assert "新增 企业" in row

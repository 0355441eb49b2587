"""The JSON export streams a result a target at a time and gives exactly the
bytes of ``json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2)``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from plankit import export, parse_file
from plankit.cli import app
from plankit.models import ParseResult

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _reference(result: ParseResult) -> str:
    return json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def _target(k: int, text: str = "5家", metric: str = "新增企业") -> dict:
    return {
        "text": text, "value": str(k) + ".25" if k % 3 == 0 else str(k), "value_max": None if k % 2 else "1e21",
        "unit": "家", "kind": "count", "qualifier": "exact", "status": "target", "category": "enterprise",
        "metric": metric, "period": "2025年" if k % 4 == 0 else None, "line": k, "span": [k, k + 2],
        "section_path": ["一、目标", "(一)企业"][: k % 3],
    }


SYNTHETIC = ParseResult.model_validate({
    "source": 'C:\\plans\\"quoted"\t<tab>.txt', "encoding": "gb18030",
    "documents": [
        {"title": "", "line": 1, "span": [0, 0], "sections": [], "targets": []},
        {
            "title": "2025年工作计划\u2028", "line": 2, "span": [0, 900],
            "sections": [{
                "marker": "一、", "title": "目标", "level": 1, "line": 3, "span": [1, 4], "kind": "plan",
                "children": [{
                    "marker": "(一)", "title": "企业\x00\x1f\x7f", "level": 2, "line": 4, "span": [5, 9],
                    "kind": "measures", "children": [],
                }],
            }],
            "targets": [_target(k, metric="科技\\型\n企业 😀") for k in range(1, 40)],
        },
    ],
})


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_samples_byte_identical(name: str) -> None:
    result = parse_file(SAMPLES / name)
    assert export.to_json(result) == _reference(result)


@pytest.mark.parametrize("result", [
    SYNTHETIC,
    ParseResult(source="<stdin>", encoding="utf-8"),
    ParseResult.model_validate({"source": "a", "encoding": "utf-8", "documents": [
        {"title": "t", "line": 1, "span": [0, 1], "sections": [], "targets": [_target(1)]}]}),
], ids=["synthetic", "no-documents", "one-target"])
def test_edge_cases_byte_identical(result: ParseResult) -> None:
    assert export.to_json(result) == _reference(result)


def test_chunks_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "JSON_CHUNK", 500)
    chunks = list(export.json_chunks(SYNTHETIC))
    assert len(chunks) > 5
    # a chunk ends at the first piece past the limit: a few hundred characters over at most
    assert max(map(len, chunks)) < 500 + 400
    assert "".join(chunks) + "\n" == _reference(SYNTHETIC)


def test_cli_json_of_many_files_is_a_list_of_the_same_objects(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for p in SAMPLES.glob("*.txt"):
        (folder / p.name).write_bytes(p.read_bytes())
    result = CliRunner().invoke(app, ["parse", str(folder), "-f", "json", "-j", "1"])
    assert result.exit_code == 0, result.output
    expected = [_reference(parse_file(p)).rstrip("\n") for p in sorted(folder.glob("*.txt"))]
    assert result.stdout == "[\n" + ",\n".join(expected) + "\n]\n"


def test_cli_json_of_one_file(tmp_path: Path) -> None:
    path = SAMPLES / "kejiju-2024-zongjie-jihua.txt"
    result = CliRunner().invoke(app, ["parse", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert result.stdout == _reference(parse_file(path))


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(_JSON_VALUES)
def test_the_indented_writer_is_json_dumps(value):
    """export writes indented JSON itself (json's indenting encoder is pure
    Python and was most of the JSON export's time): the same text for any
    JSON value, strings of any characters included."""
    out: list[str] = []
    export._indented(value, 0, out)
    assert "".join(out) == json.dumps(value, ensure_ascii=False, indent=2)

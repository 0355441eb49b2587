"""Tests of the ``plankit`` command line, through typer's CliRunner.

typer (0.29) vendors its own copy of Click 8.3, whose runner always keeps
standard output and standard error apart: ``result.stdout`` and
``result.stderr`` are separate, ``result.output`` is both interleaved (there is
no ``mix_stderr`` argument any more).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plankit import __version__, pipeline
from plankit.cli import app
from plankit.export import CSV_COLUMNS

SAMPLES = Path(__file__).parent.parent / "samples"
KEJIJU = SAMPLES / "kejiju-2024-zongjie-jihua.txt"  # UTF-8, one document
NONGYE = SAMPLES / "nongye-jihua-trad.txt"  # UTF-8, traditional, CRLF
XIANGZHEN = SAMPLES / "xiangzhen-fangan-gb18030.txt"  # GB18030
HUIBIAN = SAMPLES / "huibian-gongzuo-jihua.txt"  # a collection of three documents

CSV_HEADER = (
    "source,document,section_path,line,start,end,text,value,value_max,unit,kind,"
    "qualifier,status,category,metric,period,page"
)
TARGET_KEYS = {
    "text", "value", "value_max", "unit", "kind", "qualifier", "status", "category",
    "metric", "line", "span", "section_path",
}
DOCUMENT_KEYS = {"title", "line", "span", "sections", "targets"}

PLAN = "2025年工作计划\n一、主要目标\n力争新增高新技术企业5家，实现营业收入13.16亿元，增长12.22%。\n"

runner = CliRunner(env={"COLUMNS": "200"})


def invoke(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def write(tmp_path: Path, name: str, data) -> Path:
    p = tmp_path / name
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8", newline="")
    else:
        p.write_bytes(data)
    return p


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    # the runner swallows unexpected exceptions: only SystemExit is a clean exit
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def assert_ok(result) -> None:
    assert_no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def assert_one_line_error(result, code: int, *fragments: str) -> str:
    assert_no_traceback(result)
    assert result.exit_code == code
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("plankit: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def targets_of(payload: dict) -> list[dict]:
    return [t for d in payload["documents"] for t in d["targets"]]


# --------------------------------------------------------------------------- json


def test_json_single_file_is_an_object() -> None:
    result = invoke("parse", KEJIJU, "--format", "json")
    assert_ok(result)
    payload = json.loads(result.stdout)
    assert isinstance(payload, dict)
    assert set(payload) == {"source", "encoding", "documents"}
    assert payload["source"] == str(KEJIJU)
    assert payload["encoding"] == "utf-8"
    assert len(payload["documents"]) == 1
    doc = payload["documents"][0]
    assert set(doc) == DOCUMENT_KEYS
    assert doc["title"] == "桐川县科学技术局2024年工作总结和2025年工作计划"
    assert doc["line"] == 1
    assert len(doc["span"]) == 2 and doc["span"][0] <= doc["span"][1]
    assert doc["sections"] and doc["targets"]
    for section in doc["sections"]:
        assert {"marker", "title", "level", "line", "span", "kind", "children"} <= set(section)
    for t in doc["targets"]:
        assert TARGET_KEYS <= set(t)
        assert isinstance(t["value"], (int, float))
        assert isinstance(t["section_path"], list)
        assert isinstance(t["line"], int)
        assert len(t["span"]) == 2


@pytest.mark.parametrize("sample", [KEJIJU, NONGYE, XIANGZHEN, HUIBIAN], ids=lambda p: p.stem)
def test_json_spans_and_lines_index_the_original_text(sample: Path) -> None:
    result = invoke("parse", sample, "-f", "json")
    assert_ok(result)
    payload = json.loads(result.stdout)
    text = sample.read_bytes().decode(payload["encoding"])
    assert targets_of(payload)
    for t in targets_of(payload):
        start, end = t["span"]
        assert text[start:end] == t["text"]
        assert text.count("\n", 0, start) + 1 == t["line"]


def test_json_collection_has_several_documents() -> None:
    result = invoke("parse", HUIBIAN, "-f", "json")
    assert_ok(result)
    payload = json.loads(result.stdout)
    assert len(payload["documents"]) == 3
    for doc in payload["documents"]:
        assert set(doc) == DOCUMENT_KEYS
        assert doc["title"]


def test_json_two_files_is_a_list() -> None:
    result = invoke("parse", KEJIJU, XIANGZHEN, "--format", "json")
    assert_ok(result)
    payload = json.loads(result.stdout)
    assert isinstance(payload, list)
    assert [r["source"] for r in payload] == [str(KEJIJU), str(XIANGZHEN)]
    assert [r["encoding"] for r in payload] == ["utf-8", "gb18030"]


def test_jsonl_one_object_per_line() -> None:
    result = invoke("parse", KEJIJU, NONGYE, XIANGZHEN, "--format", "jsonl")
    assert_ok(result)
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    objects = [json.loads(line) for line in lines]
    assert all(isinstance(o, dict) for o in objects)
    assert [o["source"] for o in objects] == [str(KEJIJU), str(NONGYE), str(XIANGZHEN)]


def test_jsonl_single_file_is_one_line() -> None:
    result = invoke("parse", KEJIJU, "-f", "jsonl")
    assert_ok(result)
    assert result.stdout.endswith("\n")
    assert len(result.stdout.splitlines()) == 1
    assert json.loads(result.stdout)["source"] == str(KEJIJU)


# --------------------------------------------------------------------------- exact numbers


def test_json_numbers_are_exact(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.txt", PLAN)
    result = invoke("parse", plan, "-f", "json")
    assert_ok(result)
    raw = result.stdout
    assert re.search(r'"value": 1316000000\s*,', raw)
    assert re.search(r'"value": 12\.22\s*,', raw)
    assert "1316000000.0" not in raw
    assert not re.search(r"12\.22\d", raw)  # no 12.220000000000001
    assert not re.search(r"\d[eE][+-]?\d", raw)  # no 1.316e+09
    payload = json.loads(raw, parse_float=Decimal)
    values = {t["text"]: t["value"] for t in targets_of(payload)}
    assert values["13.16亿元"] == 1316000000
    assert values["12.22%"] == Decimal("12.22")
    assert values["5家"] == 5


def test_csv_numbers_are_exact(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.txt", PLAN)
    result = invoke("parse", plan, "-f", "csv")
    assert_ok(result)
    rows = {r["text"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["13.16亿元"]["value"] == "1316000000"
    assert rows["13.16亿元"]["unit"] == "元"
    assert rows["12.22%"]["value"] == "12.22"
    assert rows["12.22%"]["unit"] == "%"


# --------------------------------------------------------------------------- csv


def test_csv_header_and_one_row_per_target() -> None:
    json_result = invoke("parse", KEJIJU, "-f", "json")
    n_targets = len(targets_of(json.loads(json_result.stdout)))
    result = invoke("parse", KEJIJU, "--format", "csv")
    assert_ok(result)
    lines = result.stdout.splitlines()
    assert lines[0] == CSV_HEADER
    assert tuple(lines[0].split(",")) == CSV_COLUMNS
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == n_targets > 0
    assert all(r["source"] == str(KEJIJU) for r in rows)
    assert all(r["document"] == "桐川县科学技术局2024年工作总结和2025年工作计划" for r in rows)
    assert not result.stdout.startswith("\ufeff")


def test_csv_two_files_one_header() -> None:
    result = invoke("parse", KEJIJU, XIANGZHEN, "-f", "csv")
    assert_ok(result)
    assert result.stdout.count(CSV_HEADER) == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["source"] for r in rows} == {str(KEJIJU), str(XIANGZHEN)}


def test_csv_bom() -> None:
    result = invoke("parse", KEJIJU, "-f", "csv", "--bom")
    assert_ok(result)
    assert result.stdout.startswith("\ufeff")
    assert result.stdout[1:].splitlines()[0] == CSV_HEADER


def test_csv_bom_to_file(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = invoke("parse", KEJIJU, "-f", "csv", "--bom", "-o", out)
    assert_ok(result)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0] == CSV_HEADER


# --------------------------------------------------------------------------- output file, stdin, table


@pytest.mark.parametrize("option", ["-o", "--output"])
def test_output_file(tmp_path: Path, option: str) -> None:
    out = tmp_path / "result.json"
    result = invoke("parse", KEJIJU, "-f", "json", option, out)
    assert_ok(result)
    assert result.stdout == ""
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["source"] == str(KEJIJU)
    assert targets_of(payload)


def test_stdin_dash_json() -> None:
    result = invoke("parse", "-", "-f", "json", input=PLAN.encode("utf-8"))
    assert_ok(result)
    payload = json.loads(result.stdout)
    assert payload["source"] == "<stdin>"
    assert payload["encoding"] == "utf-8"
    assert payload["documents"][0]["title"] == "2025年工作计划"
    assert [t["text"] for t in targets_of(payload)] == ["5家", "13.16亿元", "12.22%"]


def test_stdin_dash_detects_gb18030() -> None:
    result = invoke("parse", "-", "-f", "json", input=PLAN.encode("gb18030"))
    assert_ok(result)
    payload = json.loads(result.stdout)
    assert payload["encoding"] == "gb18030"
    assert [t["text"] for t in targets_of(payload)] == ["5家", "13.16亿元", "12.22%"]


def test_table_prints_document_title() -> None:
    result = invoke("parse", KEJIJU)
    assert_ok(result)
    assert "桐川县科学技术局2024年工作总结和2025年工作计划" in result.stdout
    assert "2024年工作完成情况" in result.stdout


def test_table_traditional_title_is_simplified() -> None:
    result = invoke("parse", NONGYE)
    assert_ok(result)
    assert "南澄县农业局2025年度工作计划" in result.stdout


# --------------------------------------------------------------------------- encodings


def test_gb18030_and_utf8_give_identical_targets(tmp_path: Path) -> None:
    text = XIANGZHEN.read_bytes().decode("gb18030")
    utf8 = write(tmp_path, "xiangzhen-utf8.txt", text.encode("utf-8"))
    a = json.loads(invoke("parse", XIANGZHEN, "-f", "json").stdout)
    b = json.loads(invoke("parse", utf8, "-f", "json").stdout)
    assert (a["encoding"], b["encoding"]) == ("gb18030", "utf-8")
    ta, tb = targets_of(a), targets_of(b)
    assert ta
    assert [t["value"] for t in ta] == [t["value"] for t in tb]
    assert [t["unit"] for t in ta] == [t["unit"] for t in tb]
    assert [t["text"] for t in ta] == [t["text"] for t in tb]
    assert [(t["line"], t["span"]) for t in ta] == [(t["line"], t["span"]) for t in tb]
    assert [d["title"] for d in a["documents"]] == [d["title"] for d in b["documents"]]


def test_big5_file_is_detected(tmp_path: Path) -> None:
    text = "南澄縣科學技術局2025年工作計劃\n一、計劃目標\n新增專利申請四百件。\n"
    plan = write(tmp_path, "big5.txt", text.encode("big5"))
    result = invoke("parse", plan, "-f", "json")
    assert_ok(result)
    payload = json.loads(result.stdout)
    assert payload["encoding"] == "big5"
    assert payload["documents"][0]["title"] == "南澄县科学技术局2025年工作计划"
    assert [(t["text"], t["value"]) for t in targets_of(payload)] == [("四百件", 400)]


CRLF_PLAN = PLAN.replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(b"\xef\xbb\xbf" + CRLF_PLAN.encode("utf-8"), "utf-8-sig", id="utf8-bom"),
        pytest.param(b"\xff\xfe" + CRLF_PLAN.encode("utf-16-le"), "utf-16", id="utf16le-bom"),
        pytest.param(b"\xfe\xff" + CRLF_PLAN.encode("utf-16-be"), "utf-16", id="utf16be-bom"),
        pytest.param(CRLF_PLAN.encode("gb18030"), "gb18030", id="gb18030"),
    ],
)
def test_stdin_bom_and_crlf_spans(data: bytes, encoding: str) -> None:
    """Spans index the decoded text without the BOM, with \\r\\n as two characters."""
    result = invoke("parse", "-", "-f", "json", input=data)
    assert_ok(result)
    payload = json.loads(result.stdout)
    assert payload["encoding"] == encoding
    targets = targets_of(payload)
    assert [t["text"] for t in targets] == ["5家", "13.16亿元", "12.22%"]
    for t in targets:
        start, end = t["span"]
        assert CRLF_PLAN[start:end] == t["text"]
        assert t["line"] == 3


def test_explicit_encoding_option(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.txt", PLAN.encode("gb18030"))
    result = invoke("parse", plan, "--encoding", "gb18030", "-f", "json")
    assert_ok(result)
    assert json.loads(result.stdout)["encoding"] == "gb18030"


# --------------------------------------------------------------------------- schema, version


def test_schema_is_json_schema() -> None:
    result = invoke("schema")
    assert_ok(result)
    schema = json.loads(result.stdout)
    assert "properties" in schema
    assert "documents" in schema["properties"]
    assert {"source", "encoding"} <= set(schema["properties"])
    assert "$defs" in schema and "Target" in schema["$defs"]
    assert TARGET_KEYS <= set(schema["$defs"]["Target"]["properties"])


def test_version() -> None:
    result = invoke("--version")
    assert_ok(result)
    assert result.stdout.strip() == f"plankit {__version__}"


def test_python_dash_m_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "plankit", "--version"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"plankit {__version__}"
    assert "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- normalize


NORMALIZE = [
    pytest.param("科學技術局\n", "科学技术局\n", id="traditional-to-simplified"),
    pytest.param("科學(xué)技術\n", "科学技术\n", id="pinyin-removed"),
    pytest.param("推廣科學（xué）種植\n", "推广科学种植\n", id="pinyin-full-width-brackets"),
    pytest.param("2025年工作计划\n", "2025年工作计划\n", id="simplified-unchanged"),
]


@pytest.mark.parametrize(("text", "expected"), NORMALIZE)
def test_normalize(tmp_path: Path, text: str, expected: str) -> None:
    plan = write(tmp_path, "plan.txt", text)
    result = invoke("normalize", plan)
    assert_ok(result)
    assert result.stdout == expected


def test_normalize_big5_file(tmp_path: Path) -> None:
    plan = write(tmp_path, "big5.txt", "科學技術局\n".encode("big5"))
    result = invoke("normalize", plan)
    assert_ok(result)
    assert result.stdout == "科学技术局\n"


def test_normalize_stdin() -> None:
    result = invoke("normalize", "-", input="科學(xué)技術局".encode("utf-8"))
    assert_ok(result)
    assert result.stdout == "科学技术局"


def test_normalize_explain(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.txt", "推廣科學(xué)種植\n")
    result = invoke("normalize", "--explain", plan)
    assert_ok(result)
    lines = result.stdout.splitlines()
    assert lines[0] == "encoding: utf-8"
    counts = dict(line.split(": ") for line in lines[1:])
    assert list(counts) == ["line_breaks", "zero_width", "pinyin", "spaces", "full_width", "radicals", "simplified"]
    assert all(v.isdigit() for v in counts.values())
    assert int(counts["pinyin"]) == 1
    assert int(counts["simplified"]) >= 3  # 廣 學 種
    assert int(counts["zero_width"]) == 0


# --------------------------------------------------------------------------- errors


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = invoke("parse", missing)
    assert_one_line_error(result, 1, "no such file", str(missing))
    assert result.stdout == ""


def test_directory_without_plans(tmp_path: Path) -> None:
    result = invoke("parse", tmp_path)
    assert result.exit_code == 1
    first, summary = result.stderr.splitlines()
    assert "directory" in first and "no documents plankit reads" in first
    assert summary == "plankit: parsed 0 of 1 inputs, 1 failed"
    assert "Traceback" not in result.stderr + result.stdout


def test_binary_file(tmp_path: Path) -> None:
    png = write(tmp_path, "plan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    result = invoke("parse", png)
    assert_one_line_error(result, 1, "binary")


def test_binary_stdin() -> None:
    result = invoke("parse", "-", input=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_one_line_error(result, 1, "<stdin>", "binary")


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_empty_file(tmp_path: Path, fmt: str) -> None:
    empty = write(tmp_path, "empty.txt", b"")
    result = invoke("parse", empty, "-f", fmt)
    assert_ok(result)
    if fmt == "json":
        assert json.loads(result.stdout)["documents"] == []
    elif fmt == "jsonl":
        assert json.loads(result.stdout)["documents"] == []
    elif fmt == "csv":
        assert result.stdout.splitlines() == [CSV_HEADER]


def test_undecodable_file(tmp_path: Path) -> None:
    data = b"abc \xff\xff def\n"
    for codec in ("utf-8", "gb18030", "big5"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(codec)
    bad = write(tmp_path, "bad.txt", data)
    result = invoke("parse", bad)
    assert_one_line_error(result, 1, "--encoding")


def test_wrong_explicit_encoding(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.txt", PLAN)
    result = invoke("parse", plan, "--encoding", "ascii")
    assert_one_line_error(result, 1, "ascii", "--encoding")


def test_unknown_encoding_name(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.txt", PLAN)
    result = invoke("parse", plan, "--encoding", "no-such-codec")
    assert_one_line_error(result, 2, "unknown encoding")  # a usage error, checked once (issue 15)


def _oversized(tmp_path: Path) -> Path:
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(pipeline.MAX_BYTES + 1)  # sparse: no disk used
    return big


def test_file_over_size_limit(tmp_path: Path) -> None:
    result = invoke("parse", _oversized(tmp_path))
    limit_mb = pipeline.MAX_BYTES // (1024 * 1024)
    assert_one_line_error(result, 1, "limit", f"{limit_mb} MB")


def test_size_limit_message_is_not_self_contradictory(tmp_path: Path) -> None:
    result = invoke("parse", _oversized(tmp_path))
    limit_mb = pipeline.MAX_BYTES // (1024 * 1024)
    assert f"is {limit_mb} MB, over the {limit_mb} MB limit" not in result.stderr
    assert f"({pipeline.MAX_BYTES + 1:,} bytes)" in result.stderr


def test_normalize_refuses_a_file_over_the_limit(tmp_path: Path) -> None:
    result = invoke("normalize", _oversized(tmp_path))
    assert_one_line_error(result, 1, "limit")


@pytest.mark.parametrize("bad_first", [False, True], ids=["good-then-bad", "bad-then-good"])
def test_good_file_beside_bad_one(tmp_path: Path, bad_first: bool) -> None:
    good = write(tmp_path, "good.txt", PLAN)
    bad = write(tmp_path, "bad.txt", b"abc \xff\xff def\n")
    paths = [bad, good] if bad_first else [good, bad]
    result = invoke("parse", *paths, "-f", "json")
    assert_one_line_error(result, 1, str(bad))
    payload = json.loads(result.stdout)
    assert isinstance(payload, list)
    assert [r["source"] for r in payload] == [str(good)]
    assert [t["text"] for t in targets_of(payload[0])] == ["5家", "13.16亿元", "12.22%"]


def test_good_file_beside_missing_one_csv(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", PLAN)
    missing = tmp_path / "missing.txt"
    result = invoke("parse", good, missing, "-f", "csv")
    assert_one_line_error(result, 1, "no such file")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["text"] for r in rows] == ["5家", "13.16亿元", "12.22%"]


def test_unknown_format(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.txt", PLAN)
    result = invoke("parse", plan, "--format", "xml")
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "xml" in result.stderr
    assert "--format" in result.stderr


NORMALIZE_ERRORS = [
    pytest.param("missing", "no such file", id="missing"),
    pytest.param("dir", "not a file", id="directory"),
    pytest.param("binary", "binary", id="binary"),
    pytest.param("undecodable", "--encoding", id="undecodable"),
]


@pytest.mark.parametrize(("kind", "fragment"), NORMALIZE_ERRORS)
def test_normalize_errors(tmp_path: Path, kind: str, fragment: str) -> None:
    target = {
        "missing": lambda: tmp_path / "missing.txt",
        "dir": lambda: tmp_path,
        "binary": lambda: write(tmp_path, "x.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "undecodable": lambda: write(tmp_path, "bad.txt", b"abc \xff\xff def\n"),
    }[kind]()
    result = invoke("normalize", target)
    assert_one_line_error(result, 1, fragment)
    assert result.stdout == ""

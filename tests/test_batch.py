"""Batches: folders, zip archives, .docx and .html, order, --out-dir, failures."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plankit import batch
from plankit.batch import Source, expand, parse_sources, write_atomic
from plankit.cli import app
from plankit.parse.formats.docx import docx_text
from plankit.parse.formats.html import html_text

PLAN = "某局2025年工作计划\n一、主要目标\n力争新增高新技术企业{n}家,争取资金{n}00万元。\n"


def plan(n: int) -> str:
    return PLAN.format(n=n)


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """100 good files, a binary, an empty file, a GB18030 file and a zip of good files."""
    root = tmp_path / "plans"
    (root / "sub").mkdir(parents=True)
    for n in range(1, 101):
        folder = root if n % 2 else root / "sub"
        (folder / f"p{n:03d}.txt").write_text(plan(n), encoding="utf-8")
    (root / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "empty.txt").write_bytes(b"")
    (root / "gbk.txt").write_bytes(plan(7).encode("gb18030"))
    with zipfile.ZipFile(root / "more.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(201, 204):
            z.writestr(f"inner/z{n}.txt", plan(n))
        z.writestr("../../escape.txt", plan(299))
    return root


def test_folder_with_bad_files_and_a_zip(archive, tmp_path):
    errors = tmp_path / "errors.jsonl"
    result = run("parse", archive, "-f", "jsonl", "-j", "2", "--errors", errors)
    assert result.exit_code == 1
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    sources = [r["source"] for r in lines]
    # 100 good + empty + gb18030 + 4 zip entries; the binary is reported
    assert len(lines) == 106
    values = sorted(int(t["value"]) for r in lines for d in r["documents"] for t in d["targets"] if t["unit"] == "家")
    assert values == sorted(list(range(1, 101)) + [7, 201, 202, 203, 299])
    assert any(s.endswith("gbk.txt") for s in sources)
    assert [r for r in lines if r["source"].endswith("empty.txt")][0]["documents"] == []
    failed = [json.loads(x) for x in errors.read_text(encoding="utf-8").splitlines()]
    assert [f["source"].endswith("broken.txt") for f in failed] == [True]
    assert "binary" in failed[0]["error"]
    assert "parsed 106 of 107 inputs, 1 failed" in result.stderr


def test_order_is_the_input_order_whatever_the_workers(archive):
    one = run("parse", archive, "-f", "jsonl", "-j", "1").stdout.splitlines()
    two = run("parse", archive, "-f", "jsonl", "-j", "2").stdout.splitlines()
    assert one == two
    names = [json.loads(x)["source"] for x in one]
    assert names == [s.name for s in expand([str(archive)]) if not s.name.endswith("broken.txt")]


def test_out_dir_mirrors_the_input_tree(archive, tmp_path):
    out = tmp_path / "out"
    result = run("parse", archive, "--out-dir", out, "-j", "2")
    assert result.exit_code == 1
    assert (out / "plans" / "p001.json").exists()
    assert (out / "plans" / "sub" / "p002.json").exists()
    assert json.loads((out / "plans" / "gbk.json").read_text(encoding="utf-8"))["encoding"] == "gb18030"
    zipped = sorted(p.name for p in (out / "plans" / "more.zip.d").iterdir())
    assert zipped == ["00000-z201.json", "00001-z202.json", "00002-z203.json", "00003-escape.json"]
    # nothing escaped the output folder, and no temporary files are left
    assert not (tmp_path / "escape.json").exists() and not list(out.rglob("*.tmp"))


def test_write_atomic_replaces_whole_files(tmp_path):
    target = tmp_path / "a" / "b.json"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert [p.name for p in target.parent.iterdir()] == ["b.json"]


def test_glob_filters_folders(archive):
    sources = list(expand([str(archive)], pattern="p00*.txt"))
    assert all(s.name.rsplit("/", 1)[-1].startswith("p00") or "more.zip" in s.name for s in sources)


def test_zip_with_too_many_entries_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "ZIP_MAX_ENTRIES", 3)
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as z:
        for n in range(5):
            z.writestr(f"{n}.txt", plan(n + 1))
    [source] = list(expand([str(path)]))
    assert source.error and "over the 3 limit" in source.error
    [outcome] = list(parse_sources([source]))
    assert outcome.error == source.error


def test_zip_bomb_entry_is_skipped(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.txt", "0" * 5_000_000)
        z.writestr("good.txt", plan(3))
    outcomes = list(parse_sources(expand([str(path)])))
    assert "zip bomb" in outcomes[0].error
    assert outcomes[1].error is None


def test_zip_entry_over_the_size_limit_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "MAX_BYTES", 1000)
    monkeypatch.setattr(batch, "ZIP_MAX_RATIO", 10**9)
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.txt", "科技" * 2000)
    [outcome] = list(parse_sources(expand([str(path)])))
    assert "limit" in outcome.error


def test_broken_zip_is_reported(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    result = run("parse", path, "-f", "jsonl")
    assert result.exit_code == 1 and "not a readable zip" in result.stderr


def _docx(paragraphs: list[str]) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def test_docx_paragraphs_become_lines(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(_docx(["某局2025年工作计划", "一、主要目标", "力争新增企业5家。"]))
    assert docx_text(path.read_bytes()) == "某局2025年工作计划\n一、主要目标\n力争新增企业5家。"
    payload = json.loads(run("parse", path, "-f", "json").stdout)
    assert payload["encoding"] == "docx"
    [doc] = payload["documents"]
    assert doc["sections"][0]["title"] == "主要目标"
    assert [t["text"] for t in doc["targets"]] == ["5家"]


def test_a_file_is_read_by_its_content_not_its_name(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_bytes("一、目标\n力争新增企业5家。".encode("gb18030"))
    result = run("parse", path, "-f", "json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["encoding"] == "gb18030"
    assert [t["text"] for t in payload["documents"][0]["targets"]] == ["5家"]


def test_a_zip_that_is_no_document_is_reported(tmp_path):
    import zipfile

    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "hello")
    result = run("parse", path)
    assert result.exit_code == 1 and "zip archive" in result.stderr


HTML = """<html><head><title>页面</title><style>p{color:red}</style><script>var x = "5家";</script></head>
<body><nav>首页 | 上一篇</nav><h3>一、主要目标</h3><p>力争新增企业5家,</p><p>投资3000万元。</p>
<p>&lt;script&gt;不是脚本&lt;/script&gt;</p></body></html>"""


def test_html_visible_text_only():
    text = html_text(HTML)
    assert "var x" not in text and "color" not in text and "首页" not in text
    assert text.splitlines()[:3] == ["一、主要目标", "力争新增企业5家,", "投资3000万元。"]
    assert "<script>不是脚本</script>" in text


def test_html_file_parses(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    [doc] = json.loads(run("parse", path, "-f", "json").stdout)["documents"]
    assert [(t["text"], t["value"]) for t in doc["targets"]] == [("5家", 5), ("3000万元", 30000000)]


def test_stdin_in_a_batch(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(plan(4), encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", "-", str(path), "-f", "jsonl"], input=plan(5).encode("utf-8"))
    sources = [json.loads(x)["source"] for x in result.stdout.splitlines()]
    assert sources == ["<stdin>", str(path)]


def test_json_for_a_folder_is_a_list(archive):
    payload = json.loads(run("parse", archive, "-f", "json", "-j", "2").stdout)
    assert isinstance(payload, list) and len(payload) == 106


def test_a_missing_source_is_one_outcome():
    [outcome] = list(parse_sources([Source(name="nope.txt", path="nope.txt")]))
    assert outcome.json is None and "no such file" in outcome.error


def test_unwritable_output_is_one_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(plan(2), encoding="utf-8")
    result = run("parse", path, "-o", tmp_path / "missing" / "out.json")
    assert result.exit_code == 2
    assert result.stderr.startswith("plankit: error: cannot write") and len(result.stderr.splitlines()) == 1


def test_out_dir_that_is_a_file_is_a_usage_error(archive, tmp_path):
    """Found before anything is parsed (issue 15), not once per input."""
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    result = run("parse", archive, "--out-dir", blocker, "--errors", errors)
    assert result.exit_code == 2
    assert result.stderr == f"plankit: error: --out-dir {blocker} is a file, not a folder\n"
    assert not errors.exists() and blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_readers_notes_are_said_on_standard_error(tmp_path, monkeypatch):
    """What a reader says a person should know (pages OCRed, a fallback) is
    one `plankit: note:` line per note, and the input still parses."""
    from plankit.parse import formats

    monkeypatch.setattr(formats, "extract", lambda data, name="", encoding=None: formats.ExtractedText(
        "一、目标\n新增企业5家。", "pdf", (0,), ("OCR of 2 pages", "page 3 may have lost lines")))
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7")
    result = run("parse", path, "-f", "jsonl")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"plankit: note: {path}: OCR of 2 pages",
                                          f"plankit: note: {path}: page 3 may have lost lines"]
    assert json.loads(result.stdout)["documents"][0]["targets"][0]["page"] == 1

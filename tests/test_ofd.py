"""OFD (GB/T 33190): text in reading order, paragraphs rebuilt across
visual lines and pages, page starts, bad files, the missing extra, and the
dev texts laid out as OFD giving the targets of the text."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_ofd import NS, build_ofd, package  # noqa: E402
from test_real_texts import SHARED, require_shared  # noqa: E402

from plankit import parse_bytes, parse_text  # noqa: E402
from plankit.cli import app  # noqa: E402
from plankit.errors import DecodeFailed, InputTooLarge, PlankitError  # noqa: E402
from plankit.parse.formats import MissingExtra, detect, extract, page_of  # noqa: E402
from plankit.parse.formats.ofd import ofd_text  # noqa: E402

pytest.importorskip("ofdkit")

LONG = ("全年地区生产总值增长6%左右,城镇新增就业1.2万人以上,新建改造城市道路15公里,"
        "完成老旧小区改造3200户,新增高新技术企业40家,研发经费投入强度达到2.5%。")
PLAN = "\n".join([
    "云溪区2025年工作计划",
    "一、主要目标",
    LONG,
    "二、重点任务",
    *[f"({n})第{n}项任务。" + LONG for n in "一二三四五六"],
    "三、保障措施",
    "加强组织领导,新增财政投入5000万元。",
])


def test_detected_by_content():
    data, _ = build_ofd(PLAN)
    assert detect(data) == "ofd"


def test_paragraphs_rebuilt_across_lines_and_pages():
    data, page_texts = build_ofd(PLAN, lines_per_page=9)
    extracted = extract(data, name="plan.ofd")
    assert extracted.encoding == "ofd" and extracted.notes == ()
    assert extracted.text == PLAN  # wrapped lines joined; page numbers dropped
    assert len(extracted.pages) == len(page_texts) > 2
    # a page starts where its first character is, even inside a paragraph
    for number, start in enumerate(extracted.pages):
        first = page_texts[number].replace("\n", "")[:6]
        assert extracted.text[start:].replace("\n", "").startswith(first)
    assert extracted.pages[0] == 0


def test_justified_lines_and_running_header():
    data, _ = build_ofd(PLAN, lines_per_page=9, justify=True, header="云溪区人民政府办公室文件")
    text = extract(data).text
    assert text == PLAN


def test_targets_know_their_page():
    data, page_texts = build_ofd(PLAN, lines_per_page=9)
    result = parse_bytes(data, source="plan.ofd")
    targets = [t for d in result.documents for t in d.targets]
    assert len(targets) > 30
    flat = [p.replace("\n", "") for p in page_texts]
    for t in targets:
        on_page = flat[t.page - 1] + (flat[t.page] if t.page < len(flat) else "")
        assert flat[t.page - 1] and t.text in on_page, (t.text, t.page)
    assert {t.page for t in targets} == set(range(1, len(page_texts) + 1))


def _page(objects: str) -> str:
    return f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="1">{objects}</ofd:Layer></ofd:Content></ofd:Page>'


def _text(x: float, y: float, text: str, size: float = 5.0) -> str:
    return (f'<ofd:TextObject ID="9" Boundary="{x} {y - size} 150 {size * 1.4}" Font="2" Size="{size}">'
            f'<ofd:TextCode X="0" Y="{size}">{text}</ofd:TextCode></ofd:TextObject>')


def test_table_rows_stay_rows():
    rows = "".join(_text(30, 40 + 8 * i, "指标") + _text(90, 40 + 8 * i, f"{i * 100 + 5}家") +
                   _text(150, 40 + 8 * i, "2025年") for i in range(1, 5))
    data = package([_page(_text(30, 40, "一、主要指标") + rows)])
    lines = extract(data).text.split("\n")
    assert lines[0] == "一、主要指标"
    assert lines[1:] == [f"指标\t{i * 100 + 5}家\t2025年" for i in range(1, 5)]


def test_a_page_without_text_is_noted():
    data = package([_page(_text(30, 40, "一、目标。")), _page("")])
    extracted = extract(data)
    assert extracted.text == "一、目标。"
    assert extracted.pages == (0, len(extracted.text))
    assert extracted.notes == ("1 of 2 pages have no text (scanned images?)",)
    scanned = extract(package([_page(""), _page("")]))
    assert scanned.text == "" and "no text on any of its 2 pages" in scanned.notes[0]


# ------------------------------------------------------------------ bad files


def _one_line_error(data: bytes, kind=PlankitError) -> str:
    with pytest.raises(kind) as caught:
        ofd_text(data, name="bad.ofd")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("bad.ofd")
    return message


def test_damaged_zip():
    data, _ = build_ofd(PLAN)
    assert "not a readable OFD" in _one_line_error(data[: len(data) // 2], DecodeFailed)


def test_damaged_part_data():
    data, _ = build_ofd(PLAN)
    # corrupt the compressed bytes of a page (not the directory)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("Doc_0/Pages/Page_0/Content.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    broken = bytearray(data)
    for k in range(start + 5, start + min(info.compress_size, 60)):
        broken[k] ^= 0x5A
    extracted = extract(bytes(broken))  # the other pages are read; the bad one is noted
    assert any("page 1 could not be read" in n for n in extracted.notes)
    assert "三、保障措施" in extracted.text


def test_no_document():
    data = package([], ofd_xml=f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody><ofd:DocRoot>nowhere.xml</ofd:DocRoot>'
                               "</ofd:DocBody></ofd:OFD>")
    assert "not a readable OFD" in _one_line_error(data, DecodeFailed)


def test_broken_xml():
    data = package([], ofd_xml="<ofd:OFD xmlns:ofd=")
    assert "not a readable OFD" in _one_line_error(data, DecodeFailed)


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


@pytest.mark.parametrize("where", ["ofd", "page"])
def test_entity_expansion_refused(where):
    if where == "ofd":
        data = package([_page(_text(30, 40, "目标"))], ofd_xml=BILLION_LAUGHS + f'<ofd:OFD xmlns:ofd="{NS}">&lol3;</ofd:OFD>')
    else:
        data = package([BILLION_LAUGHS + _page(_text(30, 40, "&lol3;"))])
    assert "entity" in _one_line_error(data, InputTooLarge).lower()


def test_zip_bomb_part_refused():
    data = package([_page(_text(30, 40, "目标")) + " " * 5_000_000])
    assert "zip bomb" in _one_line_error(data, InputTooLarge)


def test_part_over_the_size_limit(monkeypatch):
    from plankit.parse import read

    monkeypatch.setattr(read, "MAX_BYTES", 1000)
    data = package([_page(_text(30, 40, "目标。" * 200))])
    assert "Content.xml unpacks to" in _one_line_error(data, InputTooLarge)


def test_xml_over_the_total_limit(monkeypatch):
    from plankit.parse.formats import ofd

    monkeypatch.setattr(ofd, "MAX_XML", 3000)
    data = package([_page(_text(30, 40, "目标。" * 100))] * 4)
    assert "XML parts unpack to" in _one_line_error(data, InputTooLarge)


def test_batch_goes_on_after_a_bad_ofd(tmp_path):
    good, _ = build_ofd(PLAN)
    (tmp_path / "a.ofd").write_bytes(good[:500])
    (tmp_path / "b.ofd").write_bytes(good)
    result = CliRunner().invoke(app, ["parse", str(tmp_path), "-f", "jsonl"])
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert json.loads(line)["source"].endswith("b.ofd")
    errors = [x for x in result.stderr.splitlines() if "a.ofd" in x]
    assert len(errors) == 1


def test_missing_extra(monkeypatch):
    data, _ = build_ofd(PLAN)
    monkeypatch.setitem(sys.modules, "ofdkit", None)
    monkeypatch.setitem(sys.modules, "ofdkit.errors", None)
    with pytest.raises(MissingExtra) as caught:
        extract(data, name="plan.ofd")
    assert str(caught.value) == "plan.ofd is an OFD file: reading it needs ofdkit: pip install 'plankit[ofd]'"


# ------------------------------------------------------------------ the dev texts as OFD

DEV = sorted((SHARED / "gold" / "dev" / "texts").glob("*.txt"))


def _keys(result) -> Counter:
    return Counter((str(t.value), t.unit, t.kind.value, t.qualifier.value, t.status.value, t.category.value)
                   for d in result.documents for t in d.targets)


def agreement(texts: list[str], make) -> tuple[float, int]:
    """Agreement F1 of the targets of each text and of the file ``make`` builds from it."""
    both = left = right = 0
    for text in texts:
        a = _keys(parse_text(text))
        b = _keys(parse_bytes(make(text), source="converted"))
        both += sum((a & b).values())
        left += sum(a.values())
        right += sum(b.values())
    return 2 * both / max(left + right, 1), left


@pytest.mark.parametrize("layout", [{}, {"justify": True, "header": "某市人民政府文件"}], ids=["plain", "justified"])
def test_dev_texts_as_ofd(layout):
    if not DEV:
        require_shared("the dev texts")
    texts = [p.read_text(encoding="utf-8") for p in DEV]
    f1, count = agreement(texts, lambda t: build_ofd(t, **layout)[0])
    print(f"OFD agreement F1 {f1:.4f} over {count} targets")
    assert f1 >= 0.95
    # page numbers: every target is on the page it names
    wrong = total = 0
    for text in texts:
        data, page_texts = build_ofd(text, **layout)
        flat = [p.replace("\n", "") for p in page_texts]
        for t in (t for d in parse_bytes(data).documents for t in d.targets):
            total += 1
            on_page = flat[t.page - 1] + (flat[t.page][:20] if t.page < len(flat) else "")
            wrong += t.text.replace("\n", "") not in on_page
    assert wrong <= 0.01 * total, (wrong, total)


def test_page_of_offsets():
    assert page_of((0, 10, 10, 30), 10) == 3

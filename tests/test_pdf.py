"""The PDF reader (issue 14): text layers rebuilt into paragraphs, furniture
dropped, columns and tables in reading order, page starts, scans OCRed or
reported, bad files refused in one line.

The documents are printed by headless Chromium from HTML (tests/make_pdf.py);
those tests skip without Chromium (and fail under CI). The bad files are
written by hand and need nothing.
"""

from __future__ import annotations

import builtins
import re
import socket
import time
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from make_pdf import chromium_pdf, html_page, image_pdf, in_ci, minimal_pdf, require_chromium, scanned_pdf, text_html
from plankit.errors import DecodeFailed, InputTooLarge, PlankitError
from plankit.parse.formats import MissingExtra, detect, extract
from plankit.parse.formats import pdf as pdf_module
from plankit.parse.formats.pdf import NeedsOCR, Row, layout, pdf_text
from plankit.pipeline import parse_bytes

pytest.importorskip("pypdfium2", reason="the PDF reader needs pypdfium2 (pip install 'plankit[pdf]')")

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DEV = sorted((SHARED / "gold" / "dev" / "texts").glob("*.txt"))


# ------------------------------------------------------------------ layout


def rows(*lines, page=0, left=60.0, right=540.0, top=760.0, pitch=20.0, h=14.0):
    """Rows as a page's text layer gives them: (text, indent in characters,
    width in characters or None for a full row)."""
    out = []
    y = top
    for text, indent, width in lines:
        l = left + indent * 12
        r = right if width is None else l + width * 12
        out.append(Row(text, l, y - h, r, y, h, page, "\t" in text, 12.0))
        y -= pitch
    return out


def test_rows_become_paragraphs():
    page = rows(("一、主要目标", 2, 6),
                ("全年地区生产总值增长6%左右，一般公共预算收入", 2, None),
                ("达到192.3 亿元。", 0, 10),
                ("（一）稳定增长。新建5G基站300个，", 2, None),
                ("改造老旧小区42个。", 0, 9),
                ("研究落实", 2, None),
                ("1.5万亩植树造林任务。", 0, 11))
    text, pages = layout([page], [842.0])
    assert text.split("\n") == ["一、主要目标", "全年地区生产总值增长6%左右，一般公共预算收入达到192.3 亿元。",
                                "（一）稳定增长。新建5G基站300个，改造老旧小区42个。",
                                "研究落实1.5万亩植树造林任务。"]
    assert pages == (0,)


def test_heading_marker_after_a_full_row_starts_a_line():
    page = rows(("目标如下：", 0, None), ("（二）强化保障", 0, 7), ("任务是", 0, None), ("1.2万人", 0, 4))
    text, _ = layout([page], [842.0])
    assert text.split("\n") == ["目标如下：", "（二）强化保障", "任务是1.2万人"]


def test_page_numbers_and_running_headers_are_dropped_and_pages_start_right():
    pages = []
    for n in range(3):
        header = rows(("某区人民政府文件", 10, 8), top=800, page=n)
        body = rows((f"第{n + 1}页的正文，目标{n + 1}0家", 2, None), ("结束。", 0, 3), top=700, page=n)
        footer = rows((f"— {n + 1} —", 18, 3), top=50, page=n)
        pages.append(header + body + footer)
    text, starts = layout(pages, [842.0] * 3)
    assert "某区人民政府文件" not in text and "—" not in text
    assert text.split("\n") == ["第1页的正文，目标10家结束。", "第2页的正文，目标20家结束。", "第3页的正文，目标30家结束。"]
    assert [text[s:s + 3] for s in starts] == ["第1页", "第2页", "第3页"]


def test_a_paragraph_runs_on_to_the_next_page():
    first = rows(("正文开始", 2, None), ("本段在下一页", 0, None), page=0, top=400)
    second = rows(("继续，完成投资5亿元。", 0, 10), page=1)
    text, starts = layout([first, second], [842.0, 842.0])
    assert text == "正文开始本段在下一页继续，完成投资5亿元。"
    assert text[starts[1]:].startswith("继续")


def test_table_rows_keep_their_cells_and_blank_pages_start_where_the_next_text_does():
    table = rows(("指标\t单位\t目标", 0, 20), ("地区生产总值增速\t%\t6左右", 0, 20))
    text, starts = layout([[], table, []], [842.0] * 3)
    assert text == "指标\t单位\t目标\n地区生产总值增速\t%\t6左右"
    assert starts == (0, 0, len(text))


# ------------------------------------------------------------- bad input


def one_line(exc: Exception) -> str:
    message = str(exc)
    assert "\n" not in message and message
    return message


def test_minimal_pdf_reads_with_pages():
    data = minimal_pdf(["Hello world", "Second page"])
    assert detect(data) == "pdf"
    got = extract(data, name="hello.pdf")
    assert got.encoding == "pdf"
    assert got.text == "Hello world\nSecond page"
    assert got.pages == (0, 12)


def test_encrypted_pdf_is_refused_in_one_line():
    with pytest.raises(DecodeFailed) as info:
        pdf_text(minimal_pdf(["secret"], encrypted=True), name="locked.pdf")
    message = one_line(info.value)
    assert message.startswith("locked.pdf") and "encrypted" in message and "password" in message


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n" + bytes(range(256)) * 40,
    minimal_pdf(["Hello world"])[:60],
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
], ids=["garbage", "truncated", "no-pages"])
def test_damaged_pdf_is_refused_in_one_line(data):
    with pytest.raises(DecodeFailed) as info:
        pdf_text(data, name="broken.pdf")
    assert one_line(info.value).startswith("broken.pdf")


def test_a_page_count_bomb_is_refused_before_reading_a_page():
    data = minimal_pdf(["x"], repeat=pdf_module.MAX_PAGES + 1)
    assert len(data) < 50_000
    start = time.perf_counter()
    with pytest.raises(InputTooLarge) as info:
        pdf_text(data, name="bomb.pdf")
    assert "2,001 pages" in one_line(info.value)
    assert time.perf_counter() - start < 5


def test_a_stream_bomb_is_refused_before_pdfium_inflates_it():
    data = minimal_pdf(["x"], bomb=64 * 1024 * 1024)  # 64 MB of spaces, deflated twice: a few hundred bytes
    assert len(data) < 10_000
    start = time.perf_counter()
    with pytest.raises(InputTooLarge) as info:
        pdf_text(data, name="bomb.pdf")
    assert "decompression bomb" in one_line(info.value)
    assert time.perf_counter() - start < 5


def test_more_text_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_module, "MAX_CHARS", 15)
    with pytest.raises(InputTooLarge) as info:
        pdf_text(minimal_pdf(["Hello world", "Second page"]), name="big.pdf")
    assert "MB of text" in one_line(info.value)


def test_a_scan_with_a_huge_image_is_not_rendered(monkeypatch):
    pytest.importorskip("rapidocr_onnxruntime", reason="OCR needs rapidocr-onnxruntime (pip install 'plankit[ocr]')")
    monkeypatch.setattr(pdf_module, "_ocr_engine", lambda: pytest.fail("OCR ran"))
    with pytest.raises(InputTooLarge) as info:  # the image is not decoded
        pdf_text(image_pdf(40_000, 40_000), name="poster.pdf")
    assert one_line(info.value) == "poster.pdf: no text: page 1 (an image of 40,000 x 40,000 pixels) not OCRed; skipped"


def hide_module(monkeypatch, name: str) -> None:
    """Imports of ``name`` fail, as when its extra is not installed."""
    real = builtins.__import__

    def fake(module, *args, **kwargs):
        if module == name or module.startswith(name + "."):
            raise ImportError(f"No module named {name!r}")
        return real(module, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)


def test_without_pypdfium2_the_message_names_the_extra(monkeypatch):
    hide_module(monkeypatch, "pypdfium2")
    with pytest.raises(MissingExtra) as info:
        parse_bytes(minimal_pdf(["Hello"]), source="plan.pdf")
    assert one_line(info.value) == "reading PDF needs pypdfium2: pip install 'plankit[pdf]'"


def mixed_pdf() -> bytes:
    """Page 1 with a text layer, page 2 a scan of a page."""
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(minimal_pdf(["Page one text"]))
    scan = pdfium.PdfDocument(scanned_pdf(minimal_pdf(["Page two scanned"]), scale=1))
    text.import_pages(scan)
    import io

    out = io.BytesIO()
    text.save(out)
    return out.getvalue()


def test_without_ocr_a_scan_needs_ocr_and_a_mixed_file_keeps_its_text(monkeypatch):
    hide_module(monkeypatch, "rapidocr_onnxruntime")
    with pytest.raises(NeedsOCR) as info:
        pdf_text(scanned_pdf(minimal_pdf(["Scanned", "Pages"]), scale=1), name="scan.pdf")
    assert one_line(info.value) == "scan.pdf: needs OCR: 2 pages have no text layer; pip install 'plankit[ocr]'"
    assert isinstance(info.value, PlankitError)
    got = pdf_text(mixed_pdf(), name="mixed.pdf")
    assert got.text == "Page one text"
    assert got.pages == (0, len(got.text))
    assert got.notes == ("1 page without a text layer skipped (page 2): pip install 'plankit[ocr]' to read them",)


def test_the_command_line_says_the_notes(monkeypatch, tmp_path):
    from plankit.cli import app

    hide_module(monkeypatch, "rapidocr_onnxruntime")
    path = tmp_path / "mixed.pdf"
    path.write_bytes(mixed_pdf())
    result = CliRunner().invoke(app, ["parse", "-f", "json", str(path)])
    assert result.exit_code == 0, result.output
    assert f"plankit: note: {path}: 1 page without a text layer skipped (page 2)" in result.stderr


# --------------------------------------------------- printed by Chromium


TWO_PAGES = """
<h1>某区2024年工作计划</h1>
<p>一、主要目标</p>
<p>全年地区生产总值增长6%左右，一般公共预算收入达到192.3 亿元，新增城镇就业1.2万人以上，居民人均可支配收入增长与经济增长同步，这一段足够长，要换好几行才能写完，用来检验段落重排。</p>
<div class="cols">
<p>左栏第一段：新建5G基站300个，改造老旧小区42个，完成投资15亿元。左栏文字继续写下去，直到换行为止，检验分栏的阅读顺序。</p>
<p>左栏第二段：植树造林1.5万亩，森林覆盖率达到45%。这一段也要足够长才能换行。</p>
<p>右栏第一段：引进高层次人才200名，培育高新技术企业30家。右栏文字继续写下去，直到换行为止。</p>
<p>右栏第二段：城镇登记失业率控制在4.5%以内，粮食产量稳定在50万吨以上。</p>
</div>
<table><tr><td>指标</td><td>单位</td><td>目标</td></tr>
<tr><td>地区生产总值增速</td><td>%</td><td>6左右</td></tr>
<tr><td>固定资产投资</td><td>亿元</td><td>350</td></tr></table>
<p>二、重点任务</p>
""" + "".join(f"<p>（{n}）第{n}项任务。推进重点项目建设，全年完成投资{i}0亿元，新开工项目{i}个，这一段也要足够长才能换行。</p>"
              for i, n in enumerate("一二三四五六七八", 1)) + """
<p style="break-before: page">三、保障措施</p>
<p>第二页的第一段：到2025年，新增高新技术企业80家，研发投入强度达到2.5%。</p>
"""


@pytest.fixture(scope="module")
def two_pages() -> bytes:
    require_chromium()
    return chromium_pdf(html_page(TWO_PAGES, header="某区人民政府文件"))


def test_printed_page_reads_in_order(two_pages):
    got = pdf_text(two_pages, name="plan.pdf")
    lines = got.text.split("\n")
    assert "某区人民政府文件" not in got.text  # the running header
    assert not any(re.fullmatch(r"[—\s\d]+", line) for line in lines)  # the page numbers
    assert lines[:3] == ["某区2024年工作计划", "一、主要目标",
                         "全年地区生产总值增长6%左右，一般公共预算收入达到192.3 亿元，新增城镇就业1.2万人以上，居民人均"
                         "可支配收入增长与经济增长同步，这一段足够长，要换好几行才能写完，用来检验段落重排。"]
    assert lines[3:7] == [
        "左栏第一段：新建5G基站300个，改造老旧小区42个，完成投资15亿元。左栏文字继续写下去，直到换行为止，检验分栏的阅读顺序。",
        "左栏第二段：植树造林1.5万亩，森林覆盖率达到45%。这一段也要足够长才能换行。",
        "右栏第一段：引进高层次人才200名，培育高新技术企业30家。右栏文字继续写下去，直到换行为止。",
        "右栏第二段：城镇登记失业率控制在4.5%以内，粮食产量稳定在50万吨以上。"]
    assert lines[7:10] == ["指标\t单位\t目标", "地区生产总值增速\t%\t6左右", "固定资产投资\t亿元\t350"]
    assert lines[10] == "二、重点任务"
    assert lines[11].startswith("（一）第一项任务。") and lines[11].endswith("才能换行。")
    assert lines[-2:] == ["三、保障措施", "第二页的第一段：到2025年，新增高新技术企业80家，研发投入强度达到2.5%。"]
    assert len(got.pages) == 2 and got.text[got.pages[1]:].startswith("三、保障措施")


def test_targets_say_their_page(two_pages):
    result = parse_bytes(two_pages, source="plan.pdf")
    targets = {t.text: t for d in result.documents for t in d.targets}
    assert targets["80家"].page == 2 and targets["达到2.5%"].page == 2
    assert targets["6%左右"].page == 1 and targets["达到192.3 亿元"].value == 19230000000
    sections = [(s.title, s.page) for d in result.documents for s in d.sections]
    assert sections == [("主要目标", 1), ("重点任务", 1), ("保障措施", 2)]


WATERMARK = ('<div style="position: fixed; top: 40%; left: 20%; transform: rotate(-30deg); font-size: 60pt; '
             'color: #ddd">内部资料</div>')
TURNED = """<div style="position: absolute; top: 0; left: 0; width: 240mm; transform-origin: top left;
 transform: translate(0, 240mm) rotate(-90deg)"><p>一、主要目标</p>
<p>全年地区生产总值增长6%左右，一般公共预算收入达到192.3亿元，新增城镇就业1.2万人以上，居民人均可支配收入增长与经济增长同步，这一段足够长，要换好几行才能写完。</p>
<table><tr><td>指标</td><td>单位</td><td>目标</td></tr><tr><td>固定资产投资</td><td>亿元</td><td>350</td></tr></table></div>"""


def test_a_watermark_is_left_out_and_a_turned_page_is_read_upright():
    require_chromium()
    marked = pdf_text(chromium_pdf(html_page(WATERMARK + TWO_PAGES, header="某区人民政府文件")))
    assert "内部资料" not in marked.text and marked.text == pdf_text(chromium_pdf(html_page(TWO_PAGES))).text
    turned = pdf_text(chromium_pdf(html_page(TURNED, numbers=False)))  # a landscape table, text running upwards
    assert turned.text.split("\n") == [
        "一、主要目标", "全年地区生产总值增长6%左右，一般公共预算收入达到192.3亿元，新增城镇就业1.2万人以上，"
        "居民人均可支配收入增长与经济增长同步，这一段足够长，要换好几行才能写完。",
        "指标\t单位\t目标", "固定资产投资\t亿元\t350"]


@pytest.mark.slow
def test_a_scanned_page_is_ocred_without_network(two_pages, monkeypatch):
    pytest.importorskip("rapidocr_onnxruntime", reason="OCR needs rapidocr-onnxruntime (pip install 'plankit[ocr]')")

    def no_network(*args, **kwargs):
        raise AssertionError("OCR tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    said = []
    monkeypatch.setattr(pdf_module, "progress", lambda name, done, total: said.append((done, total)))
    scan = scanned_pdf(two_pages, pages=[1])  # the short page: OCR takes seconds a page
    got = pdf_text(scan, name="scan.pdf")
    assert got.notes == ("OCR of 1 page (page 1)",)
    assert said == [(0, 1), (1, 1)]
    # one page: its running header cannot be told from a title
    assert got.text.split("\n") == ["某区人民政府文件", "三、保障措施",
                                    "第二页的第一段：到2025年，新增高新技术企业80家，研发投入强度达到2.5%。"]


# ------------------------------------------------- the shared dev texts


def require_shared() -> None:
    message = f"the dev texts are not in {SHARED / 'gold' / 'dev' / 'texts'}: this test needs ../shared beside the checkout"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def _targets(result) -> Counter:
    return Counter((t.value, t.unit, t.kind, t.qualifier, t.status, t.category)
                   for d in result.documents for t in d.targets)


def test_dev_texts_printed_to_pdf_give_the_same_targets(capsys):
    """Acceptance (issue 14): each dev text printed by Chromium as an official
    document (running header, page numbers) parses to the same targets as the
    text, agreement F1 >= 0.95."""
    if not DEV:
        require_shared()
    require_chromium()
    from concurrent.futures import ThreadPoolExecutor

    def printed(path: Path) -> bytes:
        text = path.read_text(encoding="utf-8")
        title = next(line.strip() for line in text.splitlines() if line.strip())[:30]
        return chromium_pdf(text_html(text, header=title))

    with ThreadPoolExecutor(2) as pool:
        pdfs = list(pool.map(printed, DEV))
    same = in_text = in_pdf = 0
    report = []
    for path, data in zip(DEV, pdfs):
        want = _targets(parse_bytes(path.read_bytes(), source=path.name))
        got = _targets(parse_bytes(data, source=path.name + ".pdf"))
        common = sum((want & got).values())
        same, in_text, in_pdf = same + common, in_text + sum(want.values()), in_pdf + sum(got.values())
        report.append(f"{path.name[:40]:40} text {sum(want.values()):4} pdf {sum(got.values()):4} same {common:4}")
    f1 = 2 * same / (in_text + in_pdf)
    with capsys.disabled():
        print("\n" + "\n".join(report) + f"\nPDF agreement F1 on {len(DEV)} dev texts: {f1:.3f}")
    assert f1 >= 0.95

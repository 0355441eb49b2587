"""The review page: built from the parse result, escaped, offline, and
working in a real browser (headless Chromium)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plankit import parse_text
from plankit.cli import app
from plankit.report import Input, render

from browser import require_browser, start, stop

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "kejiju-2024-zongjie-jihua.txt"
ARTIFACTS = Path(os.environ.get("PLANKIT_ARTIFACTS", Path(__file__).parent / "artifacts"))

HOSTILE = (
    "2025年工作计划\n一、主要目标\n力争新增企业5家<script>window.__pwned = 1; alert(1)</script>。\n"
    '二、措施\n投入300万元<img src=x onerror="window.__pwned = 2">,"引号"与&amp;实体。\n'
)


def _page(text: str, source: str = "plan.txt") -> str:
    return render([Input(text, parse_text(text, source=source))])


def _all_sections(sections):
    for s in sections:
        yield s
        yield from _all_sections(s.children)


# ------------------------------------------------------------------ without a browser


def test_every_target_and_heading_is_marked_once():
    text = SAMPLE.read_text(encoding="utf-8")
    result = parse_text(text, source=SAMPLE.name)
    page = render([Input(text, result)])
    targets = [t for d in result.documents for t in d.targets]
    sections = [s for d in result.documents for s in _all_sections(d.sections)]
    assert len(re.findall(r'<mark class="target (?:target|actual)" id="', page)) == len(targets)
    assert len(re.findall(r'<span class="heading level-\d+" id="', page)) == len(sections)
    assert page.count("<tr data-target=") == len(targets)
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_highlight_text_is_the_targets_text():
    text = SAMPLE.read_text(encoding="utf-8")
    result = parse_text(text)
    page = render([Input(text, result)])
    marked = re.findall(r'<mark class="target [a-z]+" id="[^"]+"[^>]*>(.*?)</mark>', page)
    assert marked == [t.text for d in result.documents for t in d.targets]


def test_markup_in_the_text_is_shown_as_text():
    page = _page(HOSTILE)
    body = page.split("<body", 1)[1]
    assert "<script>window" not in body and "<img" not in body
    assert "&lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt;" in body
    assert "&amp;amp;实体" in body  # an entity in the text is shown as typed
    assert page.count("<script>") == 1  # plankit's own, at the end


def test_page_loads_nothing_from_the_network():
    page = _page(SAMPLE.read_text(encoding="utf-8"))
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page


def test_chart_counts_targets_by_category_and_status():
    text = "2025年工作计划\n一、目标\n力争新增企业5家、企业6家,申请专利10件。\n"
    page = _page(text)
    titles = re.findall(r"<title>([a-z]+: \d+ [a-z]+)</title>", page)
    assert sorted(titles) == ["enterprise: 2 target", "patent: 1 target"]


def test_cli_report_writes_one_page_for_many_inputs(tmp_path):
    out = tmp_path / "review.html"
    result = CliRunner().invoke(app, ["report", str(SAMPLE), str(ROOT / "samples"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('<section class="file"') == 1 + len(list((ROOT / "samples").glob("*.txt")))
    assert page.count("<button type=\"button\" data-file=") == page.count('<section class="file"')


def test_cli_report_reports_a_bad_input_and_keeps_the_rest(tmp_path):
    out = tmp_path / "review.html"
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = CliRunner().invoke(app, ["report", str(SAMPLE), str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert "binary" in result.output and "Traceback" not in result.output
    assert out.exists()


def test_cli_report_with_nothing_readable_writes_nothing(tmp_path):
    out = tmp_path / "review.html"
    result = CliRunner().invoke(app, ["report", str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert not out.exists()


# ------------------------------------------------------------------ in Chromium


@pytest.fixture(scope="module")
def driver():
    require_browser()
    d = start()
    yield d
    stop(d)


def _open(driver, tmp_path: Path, page: str, name: str = "review.html") -> None:
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    driver.get(path.as_uri())


def test_review_page_in_a_browser(driver, tmp_path):
    """Outline, highlights and table are there; a row click brings its highlight into view."""
    from selenium.webdriver.common.by import By

    text = SAMPLE.read_text(encoding="utf-8")
    result = parse_text(text, source=SAMPLE.name)
    targets = [t for d in result.documents for t in d.targets]
    sections = [s for d in result.documents for s in _all_sections(d.sections)]
    _open(driver, tmp_path, render([Input(text, result)]))

    outline = driver.find_elements(By.CSS_SELECTOR, "nav.outline ul a")
    assert [a.text for a in outline] == [s.marker + s.title for s in sections]
    marks = driver.find_elements(By.CSS_SELECTOR, "pre.text mark.target")
    assert [m.text for m in marks] == [t.text for t in targets]
    assert all(m.get_attribute("data-tip").startswith(("target", "actual")) for m in marks)
    rows = driver.find_elements(By.CSS_SELECTOR, ".targets tbody tr")
    assert len(rows) == len(targets)

    in_view = (
        "const m = document.getElementById(arguments[0]); const r = m.getBoundingClientRect();"
        "const box = m.closest('pre').getBoundingClientRect();"
        "return r.top >= box.top && r.bottom <= box.bottom && r.top >= 0 && r.bottom <= window.innerHeight;"
    )
    last = rows[-1]
    target_id = last.get_attribute("data-target")
    assert not driver.execute_script(in_view, target_id)  # far down the text at first
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", last)
    last.click()
    assert driver.execute_script(in_view, target_id)
    assert "flash" in driver.find_element(By.ID, target_id).get_attribute("class")

    # the status filter hides the other rows
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.CSS_SELECTOR, "select[data-filter=status]")).select_by_value("target")
    shown = [r for r in rows if r.is_displayed()]
    assert len(shown) == sum(t.status.value == "target" for t in targets)

    # sorting by value puts the rows in numeric order
    Select(driver.find_element(By.CSS_SELECTOR, "select[data-filter=status]")).select_by_value("*")
    driver.find_element(By.XPATH, "//th[text()='value']").click()
    values = driver.execute_script(
        "return [...document.querySelectorAll('.targets tbody tr')].map(r => parseFloat(r.cells[1].dataset.sort))"
    )
    assert values == sorted(values)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    driver.find_element(By.CSS_SELECTOR, "pre.text").click()
    shot = ARTIFACTS / "review-page.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def test_script_in_a_document_does_not_run(driver, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    _open(driver, tmp_path, _page(HOSTILE), "hostile.html")
    assert driver.execute_script("return window.__pwned === undefined")
    with pytest.raises(NoAlertPresentException):
        _ = driver.switch_to.alert.text
    shown = driver.find_element(By.CSS_SELECTOR, "pre.text").text
    assert "<script>window.__pwned = 1; alert(1)</script>" in shown
    assert '<img src=x onerror="window.__pwned = 2">' in shown


def test_file_picker_switches_files(driver, tmp_path):
    from selenium.webdriver.common.by import By

    a = "2025年工作计划\n一、目标\n新增企业5家。\n"
    b = "2024年工作总结\n一、成效\n完成投资300万元。\n"
    page = render([Input(a, parse_text(a, source="a.txt")), Input(b, parse_text(b, source="b.txt"))])
    _open(driver, tmp_path, page, "two.html")
    files = driver.find_elements(By.CSS_SELECTOR, "section.file")
    assert [f.is_displayed() for f in files] == [True, False]
    driver.find_elements(By.CSS_SELECTOR, "nav.files button")[1].click()
    assert [f.is_displayed() for f in files] == [False, True]
    assert driver.find_element(By.CSS_SELECTOR, "#f1 mark.target").text == "300万元"


def test_page_furniture_is_dimmed_not_hidden():
    text = (SAMPLE.parent / "huibian-gongzuo-jihua.txt").read_text(encoding="utf-8")
    page = _page(text)
    dimmed = re.findall(r'<span class="furniture"[^>]*>(.*?)</span>', page)
    assert any(line.startswith("来源:") for line in dimmed)
    assert all("<mark" not in line for line in dimmed)  # furniture holds no targets

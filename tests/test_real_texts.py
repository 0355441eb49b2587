"""Invariants on real plan files: the shared dev texts and corpus, when present.

Every target's span slices its verbatim text from the original and its line
matches; no name (title, metric, unit, section path) carries a traditional
character, a pinyin annotation or page furniture.
"""

import os
from pathlib import Path

import pytest

from plankit import parse_file
from plankit.parse.mask import furniture_lines
from plankit.parse.normalize import pinyin_annotations, to_simplified

#: the shared texts beside this checkout (PLANKIT_SHARED points elsewhere)
SHARED = Path(os.environ.get("PLANKIT_SHARED") or Path(__file__).resolve().parent.parent.parent / "shared")
FILES = sorted((SHARED / "gold" / "dev" / "texts").glob("*.txt")) + sorted((SHARED / "corpus").glob("*.txt"))


def in_ci() -> bool:
    """CI is set, and not to false (as in GitHub Actions, GitLab, .ci/run)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "false", "0", "no")


def require_shared(what: str = "the dev texts and corpus") -> None:
    """Skip, saying why, without the shared texts on a developer's machine;
    fail in CI, where a skipped test would prove nothing."""
    message = f"{what} not found in {SHARED}: these real-text tests need ../shared beside this checkout"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def _or_missing(files: list[Path]) -> list:
    """The files to test, or one case that skips (or fails in CI) when there are none."""
    return files or [pytest.param(None, id="shared-missing")]


def _names(doc):
    yield doc.title
    stack = list(doc.sections)
    while stack:
        s = stack.pop()
        yield s.title
        stack.extend(s.children)
    for t in doc.targets:
        yield t.metric
        yield t.unit
        yield from t.section_path


@pytest.mark.parametrize("path", _or_missing(FILES), ids=[p.name[:24] for p in FILES] or None)
def test_spans_lines_and_clean_names(path):
    if path is None:
        require_shared()
    result = parse_file(path)
    text = path.read_bytes().decode(result.encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    for doc in result.documents:
        for t in doc.targets:
            assert text[t.span[0] : t.span[1]] == t.text
            assert text.count("\n", 0, t.span[0]) + 1 == t.line
        for name in _names(doc):
            assert to_simplified(name) == name, name
            assert not pinyin_annotations(name), name
            assert not furniture_lines(name), name


def test_pinyin_target_of_the_dev_set():
    path = SHARED / "gold" / "dev" / "texts" / "003_58988f08a3ee4e04.txt"
    if not path.exists():
        require_shared(f"gold/dev/texts/{path.name}")
    targets = [t for d in parse_file(path).documents for t in d.targets]
    hit = [t for t in targets if t.text == "超過200萬(wàn)元"]
    assert hit and hit[0].value == 2000000 and hit[0].unit == "元" and hit[0].qualifier.value == "more_than"


GBK = sorted((SHARED / "corpus").glob("*.orig.gbk"))


@pytest.mark.parametrize("path", _or_missing(GBK), ids=[p.name[:24] for p in GBK] or None)
def test_gbk_original_parses_like_its_utf8_copy(path):
    if path is None:
        require_shared("the corpus's *.orig.gbk files")
    original = parse_file(path)
    copy = parse_file(path.with_name(path.name.replace(".orig.gbk", ".txt")))
    assert original.encoding == "gb18030"
    assert original.documents == copy.documents

"""Golden files: each sample's tree and targets, reviewed as a diff.

Regenerate with ``pytest tests/test_golden.py --update-golden`` and read the
diff before committing it.
"""

import json
from pathlib import Path

import pytest

from plankit import parse_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"

SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("*.txt"))


def _tree(sections):
    return [
        {"line": s.line, "level": s.level, "marker": s.marker, "title": s.title, "kind": s.kind.value,
         "children": _tree(s.children)}
        for s in sections
    ]


def _snapshot(name: str) -> dict:
    result = parse_file(SAMPLES / name)
    return {
        "encoding": result.encoding,
        "documents": [
            {
                "title": d.title,
                "line": d.line,
                "sections": _tree(d.sections),
                "targets": [
                    {k: v for k, v in t.model_dump(mode="json").items() if k not in ("section_path",)}
                    | {"section": " > ".join(t.section_path)}
                    for t in d.targets
                ],
            }
            for d in result.documents
        ],
    }


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_sample_matches_golden(name, update_golden):
    got = _snapshot(name)
    path = GOLDEN / (name.removesuffix(".txt") + ".json")
    if update_golden:
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert got == expected


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_sample_spans_slice_the_original(name):
    result = parse_file(SAMPLES / name)
    raw = (SAMPLES / name).read_bytes()
    text = raw.decode(result.encoding)
    assert result.documents
    for doc in result.documents:
        for t in doc.targets:
            assert text[t.span[0] : t.span[1]] == t.text
            assert text.count("\n", 0, t.span[0]) + 1 == t.line


def test_gb18030_sample_equals_its_utf8_reading(tmp_path):
    src = SAMPLES / "xiangzhen-fangan-gb18030.txt"
    utf8 = tmp_path / "same.txt"
    utf8.write_text(src.read_bytes().decode("gb18030"), encoding="utf-8")
    a, b = parse_file(src), parse_file(utf8)
    assert a.encoding == "gb18030" and b.encoding == "utf-8"
    assert a.documents == b.documents


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_targets_have_their_declared_types(name):
    """Targets are built without validation; they must still validate to themselves."""
    from decimal import Decimal

    from plankit.models import Category, Kind, Qualifier, Status, Target

    for doc in parse_file(SAMPLES / name).documents:
        for t in doc.targets:
            assert Target.model_validate(t.model_dump()) == t
            assert isinstance(t.value, Decimal) and (t.value_max is None or isinstance(t.value_max, Decimal))
            assert type(t.kind) is Kind and type(t.qualifier) is Qualifier
            assert type(t.status) is Status and type(t.category) is Category
            assert isinstance(t.span, tuple) and all(type(x) is int for x in t.span)
            assert isinstance(t.line, int) and isinstance(t.section_path, list)
            assert t.period is None or isinstance(t.period, str)


def test_trusted_construction_equals_model_construct():
    from plankit.models import Target

    t = parse_file(SAMPLES / SAMPLE_FILES[0]).documents[0].targets[0]
    values = dict(t)
    rebuilt = Target.trusted(dict(values))
    assert rebuilt == Target.model_construct(**values) == t
    assert rebuilt.model_fields_set == set(Target.model_fields)
    assert rebuilt.model_dump_json() == t.model_dump_json()
    with pytest.raises(Exception):
        rebuilt.value = 1  # still frozen

"""The language data in plankit/data/*.toml loads and fits the models."""

import re

import pytest

from plankit.lexicon import DATA_DIR, load
from plankit.models import Category, Kind, Qualifier, SectionKind


def test_every_data_file_loads():
    names = sorted(p.stem for p in DATA_DIR.glob("*.toml"))
    assert names == ["categories", "compare", "furniture", "metric", "sections", "targets", "units"]
    for name in names:
        assert load(name)


def test_categories_are_model_categories():
    data = load("categories")
    assert set(data["words"]) <= {c.value for c in Category}
    assert set(data["default"]) == {k.value for k in Kind}
    assert set(data["default"].values()) <= {c.value for c in Category}
    assert set(data["units"].values()) <= {c.value for c in Category}


def test_unit_kinds_are_model_kinds():
    data = load("units")
    assert set(data) == {k.value for k in Kind}
    for kind in data.values():
        assert kind["words"], kind
        assert set(kind.get("report", {})) <= set(kind["words"])


def test_qualifiers_are_model_qualifiers():
    quals = load("targets")["qualifiers"]
    names = {q.value for q in Qualifier}
    assert set(quals["before"]) <= names and set(quals["after"]) <= names
    before = [w for words in quals["before"].values() for w in words]
    assert len(before) == len(set(before)), "a qualifier word is listed twice"


def test_status_cues_are_disjoint():
    st = load("targets")["status"]
    assert not set(st["target"]) & set(st["past"])
    assert set(st["bounded"]) <= set(st["target"])


def test_section_kinds_are_model_kinds():
    data = load("sections")
    assert set(data["kinds"]) <= {k.value for k in SectionKind}


@pytest.mark.parametrize("pattern", load("furniture")["lines"])
def test_furniture_patterns_compile(pattern):
    re.compile(pattern)

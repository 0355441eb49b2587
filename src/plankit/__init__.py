"""plankit: Chinese work plans to a heading tree and exact numeric targets.

>>> from plankit import parse_text
>>> result = parse_text("一、工作情况\\n完成专利申请334件,增幅51.13%。")
>>> [(t.value, t.unit) for t in result.documents[0].targets]
[(Decimal('334'), '件'), (Decimal('51.13'), '%')]

The names below are imported on first use, so that ``import plankit`` (and
``plankit --version``) costs nothing the caller does not use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> the module that defines it
_WHERE = {
    "Category": "plankit.models",
    "Comparison": "plankit.models",
    "Document": "plankit.models",
    "Kind": "plankit.models",
    "Link": "plankit.models",
    "Outcome": "plankit.models",
    "ParseResult": "plankit.models",
    "Qualifier": "plankit.models",
    "Section": "plankit.models",
    "SectionKind": "plankit.models",
    "Status": "plankit.models",
    "Target": "plankit.models",
    "NormalizeConfig": "plankit.parse.normalize",
    "PlankitError": "plankit.errors",
    "compare": "plankit.comparison",
    "parse_bytes": "plankit.pipeline",
    "parse_file": "plankit.pipeline",
    "parse_text": "plankit.pipeline",
}

__all__ = sorted([*_WHERE, "__version__"])

if TYPE_CHECKING:  # for type checkers and editors: the same names, eagerly
    from plankit.comparison import compare
    from plankit.errors import PlankitError
    from plankit.models import (
        Category, Comparison, Document, Kind, Link, Outcome, ParseResult, Qualifier, Section, SectionKind,
        Status, Target,
    )
    from plankit.parse.normalize import NormalizeConfig
    from plankit.pipeline import parse_bytes, parse_file, parse_text


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'plankit' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))

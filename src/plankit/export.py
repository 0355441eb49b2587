"""Exports: JSON, JSON Lines and CSV, all from ``model_dump(mode="json")``."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from typing import Iterator, Optional, TextIO

from plankit.models import ParseResult, Target

CSV_COLUMNS = (
    "source", "document", "section_path", "line", "start", "end", "text", "value",
    "value_max", "unit", "kind", "qualifier", "status", "category", "metric", "period",
)
#: how section_path is joined in a CSV cell
PATH_SEPARATOR = " > "


def to_json(result: ParseResult) -> str:
    """One result as an indented JSON object (the CLI streams several as a list)."""
    return json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def to_jsonl_line(result: ParseResult) -> str:
    return json.dumps(result.model_dump(mode="json"), ensure_ascii=False) + "\n"


def decimal_text(value: Optional[Decimal]) -> str:
    """An exact decimal as plain text: 1316000000, 12.22 (never 1.316E+9)."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def target_rows(result: ParseResult) -> Iterator[dict[str, str]]:
    for doc in result.documents:
        for t in doc.targets:
            yield _row(result.source, doc.title, t)


def _row(source: str, document: str, t: Target) -> dict[str, str]:
    return {
        "source": source,
        "document": document,
        "section_path": PATH_SEPARATOR.join(t.section_path),
        "line": str(t.line),
        "start": str(t.span[0]),
        "end": str(t.span[1]),
        "text": t.text,
        "value": decimal_text(t.value),
        "value_max": decimal_text(t.value_max),
        "unit": t.unit,
        "kind": t.kind.value,
        "qualifier": t.qualifier.value,
        "status": t.status.value,
        "category": t.category.value,
        "metric": t.metric,
        "period": t.period or "",
    }


class CsvWriter:
    """Writes the header once, then one row per target of each result."""

    def __init__(self, out: TextIO, *, bom: bool = False):
        self._out = out
        if bom:
            out.write("\ufeff")
        self._writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        self._writer.writeheader()

    def write(self, result: ParseResult) -> None:
        self._writer.writerows(target_rows(result))

"""Exports: JSON and JSON Lines from ``model_dump(mode="json")`` (for JSON
made by :func:`as_dict`, the same dict without building pydantic's
serializer); CSV and Parquet rows from the typed records of ``model_dump()``."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from enum import Enum
from typing import Any, Callable, Iterator, Optional, TextIO

from plankit.models import Comparison, ParseResult, _json_number

def as_dict(model: Any, mode: str = "python") -> dict[str, Any]:
    """``model.model_dump(mode=mode)`` for plankit's models, read straight
    from their fields: the same dict (a test holds them equal on every
    sample), without building pydantic's serializer, which a one-file run
    to JSON paid for on every start (some 20 ms of a 4 KB parse's 300). The
    JSON export uses it (its indenting encoder costs far more per target);
    the row exports keep pydantic's ``model_dump``, twice as fast a target."""
    convert = _json_value if mode == "json" else _python_value
    return {name: convert(getattr(model, name)) for name in type(model).model_fields}


def _json_value(value: Any) -> Any:
    if isinstance(value, (str, int, float)) and not isinstance(value, Enum) or value is None:
        return value  # str, int, float, bool, None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return _json_number(value)
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return as_dict(value, "json")


def _python_value(value: Any) -> Any:
    if isinstance(value, (str, int, float, Decimal, Enum)) or value is None:
        return value
    if isinstance(value, list):
        return [_python_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_python_value(v) for v in value)
    return as_dict(value, "python")


CSV_COLUMNS = (
    "source", "document", "section_path", "line", "start", "end", "text", "value",
    "value_max", "unit", "kind", "qualifier", "status", "category", "metric", "period", "page",
)
#: how section_path is joined in a CSV cell
PATH_SEPARATOR = " > "


def to_json(result: ParseResult) -> str:
    """One result as an indented JSON object (the CLI streams several as a list)."""
    return "".join(json_chunks(result)) + "\n"


#: characters of JSON gathered before :func:`json_chunks` yields them
JSON_CHUNK = 1 << 16


def json_chunks(result: ParseResult) -> Iterator[str]:
    """The text of ``json.dumps(result.model_dump(mode="json"),
    ensure_ascii=False, indent=2)`` in pieces of about :data:`JSON_CHUNK`
    characters, made a target or a top-level section at a time: neither the
    whole dict nor the whole string is ever held (for a 50 MB plan they took
    over a gigabyte)."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2)
    documents = _Lazy(result.documents, lambda d: _dumped(d, ("sections", "targets")))
    pieces: list[str] = []
    size = 0
    for piece in encoder.iterencode(_dumped(result, ("documents",), documents)):
        pieces.append(piece)
        size += len(piece)
        if size >= JSON_CHUNK:
            yield "".join(pieces)
            pieces, size = [], 0
    if pieces:
        yield "".join(pieces)


class _Lazy(list):
    """A list the JSON encoder walks without it ever holding the items: each
    model is dumped when the encoder reaches it, and dropped after."""

    def __init__(self, items: list, dump: Callable[[Any], Any]):
        super().__init__()
        self._items = items
        self._dump = dump

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __iter__(self) -> Iterator[Any]:
        return map(self._dump, self._items)


def _dumped(model: Any, lazy: tuple[str, ...], first: Optional[_Lazy] = None) -> dict[str, Any]:
    """``model.model_dump(mode="json")`` with the list fields ``lazy`` as
    :class:`_Lazy` lists of their items' dumps (``first``: the one given),
    the keys in the order pydantic gives them."""
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        if name in lazy:
            items = getattr(model, name)
            out[name] = first if first is not None else _Lazy(items, _dump_json)
        else:
            out[name] = _json_value(getattr(model, name))
    return out


def _dump_json(model: Any) -> Any:
    return as_dict(model, "json")


def to_jsonl_line(result: ParseResult) -> str:
    return json.dumps(as_dict(result, "json"), ensure_ascii=False) + "\n"


def decimal_text(value: Optional[Decimal]) -> str:
    """An exact decimal as plain text: 1316000000, 12.22 (never 1.316E+9)."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def target_records(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One record per target, the CSV columns with their types (Decimal
    values, int offsets), from a result as ``model_dump()`` gives it: the
    rows of the CSV and of the Parquet export, and what crosses a cluster."""
    for doc in result["documents"]:
        for t in doc["targets"]:
            yield {
                **_place(result["source"], doc["title"], t["section_path"], t),
                "text": t["text"],
                "value": t["value"],
                "value_max": t["value_max"],
                "unit": t["unit"],
                "kind": _plain(t["kind"]),
                "qualifier": _plain(t["qualifier"]),
                "status": _plain(t["status"]),
                "category": _plain(t["category"]),
                "metric": t["metric"],
                "period": t["period"],
                "page": t.get("page"),
            }


SECTION_COLUMNS = (
    "source", "document", "section_path", "line", "start", "end", "level", "marker", "title", "kind", "page",
)


def section_records(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One record per heading, in text order, with the titles above it."""

    def walk(document: str, sections: list[dict[str, Any]], above: list[str]) -> Iterator[dict[str, Any]]:
        for s in sections:
            yield {
                **_place(result["source"], document, above, s),
                "level": s["level"],
                "marker": s["marker"],
                "title": s["title"],
                "kind": _plain(s["kind"]),
                "page": s.get("page"),
            }
            yield from walk(document, s["children"], [*above, s["title"]])

    for doc in result["documents"]:
        yield from walk(doc["title"], doc["sections"], [])


def _place(source: str, document: str, path: list[str], item: dict[str, Any]) -> dict[str, Any]:
    """Where a target or a heading is: the leading columns of both tables."""
    return {
        "source": source,
        "document": document,
        "section_path": PATH_SEPARATOR.join(path),
        "line": item["line"],
        "start": item["span"][0],
        "end": item["span"][1],
    }


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return decimal_text(value)
    return str(value)


def target_rows(result: ParseResult) -> Iterator[dict[str, str]]:
    """The CSV rows of a result: its target records as text."""
    for record in target_records(result.model_dump()):
        yield {k: _cell(v) for k, v in record.items()}


def write_csv_header(out: TextIO, *, bom: bool = False) -> None:
    """The CSV's first line (after a BOM for Excel, when asked); the rows of
    each result follow as :func:`payload` renders them."""
    if bom:
        out.write("\ufeff")
    csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n").writeheader()


# ------------------------------------------------------------------ compare

COMPARE_COLUMNS = (
    "year", "section_path", "metric", "outcome", "plan_line", "plan_text", "plan_value", "plan_value_max",
    "unit", "qualifier", "report_line", "report_text", "report_value", "report_unit", "gap", "ratio",
    "similarity", "reason",
)


def comparison_rows(comparison: Comparison) -> Iterator[dict[str, Any]]:
    """One CSV row per link, plan side first."""
    for k in comparison.links:
        p, r = k.plan, k.report
        yield {
            "year": comparison.year,
            "section_path": PATH_SEPARATOR.join(p.section_path),
            "metric": p.metric,
            "outcome": k.outcome.value,
            "plan_line": p.line, "plan_text": p.text,
            "plan_value": decimal_text(p.value), "plan_value_max": decimal_text(p.value_max),
            "unit": p.unit, "qualifier": p.qualifier.value,
            "report_line": r.line if r else "", "report_text": r.text if r else "",
            "report_value": decimal_text(r.value) if r else "", "report_unit": r.unit if r else "",
            "gap": decimal_text(k.gap), "ratio": decimal_text(k.ratio),
            "similarity": k.similarity, "reason": k.reason,
        }


def write_comparison_csv(comparison: Comparison, out: TextIO, *, bom: bool = False) -> None:
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COMPARE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(comparison_rows(comparison))


# ------------------------------------------------------------------ payloads

#: formats whose output a worker process renders itself (the parent only writes)
PAYLOAD_FORMATS = ("json", "jsonl", "csv", "parquet", "xlsx")


def payload(result: ParseResult, fmt: str) -> Any:
    """What one result adds to an output of format ``fmt``: the text of its
    JSON object (no trailing newline), its JSON line, its CSV rows (no
    header), for Parquet its pair of Arrow record batches, for Excel its
    ``model_dump()`` (the rows' source). A
    worker makes it and the parent writes it as it is, so a run with
    workers writes the same bytes as one without."""
    if fmt == "json":
        return "".join(json_chunks(result))
    if fmt == "jsonl":
        return result.model_dump_json() + "\n"
    if fmt == "csv":
        out = io.StringIO()
        csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n").writerows(target_rows(result))
        return out.getvalue()
    if fmt == "parquet":
        from plankit.parquet import batches

        return batches(result.model_dump())
    if fmt == "xlsx":
        return result.model_dump()
    raise ValueError(f"no payload for format {fmt!r}")

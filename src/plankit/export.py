"""Exports: JSON written straight from the models (the text of
``json.dumps(model_dump(mode="json"), ensure_ascii=False, indent=2)``,
without building pydantic's serializer), JSON Lines from
``model_dump_json()``; CSV and Parquet rows from the typed records of
``model_dump()``."""

from __future__ import annotations

import csv
import io
from json.encoder import encode_basestring  # json's own (in C), as for ensure_ascii=False
from decimal import Decimal
from enum import Enum
from typing import Any, Iterable, Iterator, Optional, TextIO

from pydantic import BaseModel

from plankit.models import Comparison, ParseResult, _json_number

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
    ensure_ascii=False, indent=2)`` in pieces of at most :data:`JSON_CHUNK`
    characters (or one target's or section's text, if longer), made a
    target or a section at a time: neither the whole dict nor the whole
    string is ever held (for a 50 MB plan they took over a gigabyte)."""
    pieces: list[str] = []
    size = 0
    for text in _stream(result, 0):
        if size + len(text) > JSON_CHUNK and pieces:
            yield "".join(pieces)
            pieces, size = [], 0
        pieces.append(text)
        size += len(text)
    if pieces:
        yield "".join(pieces)


def _stream(value: Any, level: int) -> Iterator[str]:
    """The indented JSON text of ``value`` at nesting ``level``, in pieces:
    what holds a list of models (the result, a document, a section with
    children, those lists) item by item, anything else whole."""
    if not _holds_models(value):
        out: list[str] = []
        _indented(value, level, out)
        yield "".join(out)
        return
    is_list, items = _members(value)
    inner = "\n" + "  " * (level + 1)
    sep = ("[" if is_list else "{") + inner
    for item in items:
        if is_list:
            yield sep
            yield from _stream(item, level + 1)
        else:
            yield sep + encode_basestring(item[0]) + ": "
            yield from _stream(item[1], level + 1)
        sep = "," + inner
    yield "\n" + "  " * level + ("]" if is_list else "}")


def _holds_models(value: Any) -> bool:
    """A non-empty list of models, or a model with such a list in a field."""
    if isinstance(value, list):
        return bool(value) and isinstance(value[0], BaseModel)
    return isinstance(value, BaseModel) and any(
        _holds_models(getattr(value, name)) for name in type(value).model_fields)


def _members(value: Any) -> tuple[bool, Iterable[Any]]:
    """(a list?, its items): a list's values, a dict's or a model's
    (name, value) pairs, a model's in the order pydantic dumps them."""
    if isinstance(value, (list, tuple)):
        return True, value
    if isinstance(value, dict):
        return False, value.items()
    return False, ((name, getattr(value, name)) for name in type(value).model_fields)


def _indented(value: Any, level: int, out: list[str]) -> None:
    """Append the text ``json.dumps`` (``ensure_ascii=False, indent=2``)
    gives ``value`` at nesting ``level``, a model written as its
    ``model_dump(mode="json")``: json's own layout, written out for the
    values plankit's models hold (three times as fast as converting each
    model to a dict and running json's indenting encoder, which is pure
    Python)."""
    if isinstance(value, str):  # a str enum's text is its value
        out.append(encode_basestring(value))
    elif value is None or value is True or value is False:
        out.append("null" if value is None else "true" if value else "false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float_text(value))
    elif isinstance(value, Decimal):
        _indented(_json_number(value), level, out)
    elif isinstance(value, (dict, list, tuple, BaseModel)):
        is_list, items = _members(value)
        inner = "\n" + "  " * (level + 1)
        sep = ("[" if is_list else "{") + inner
        for item in items:
            if is_list:
                out.append(sep)
                _indented(item, level + 1, out)
            else:
                out.append(sep + encode_basestring(item[0]) + ": ")
                _indented(item[1], level + 1, out)
            sep = "," + inner
        if sep[0] != ",":  # nothing written: empty
            out.append("[]" if is_list else "{}")
        else:
            out.append("\n" + "  " * level + ("]" if is_list else "}"))
    else:
        raise TypeError(f"not a JSON value: {type(value).__name__}")


def _float_text(value: float) -> str:
    """A float as json writes it (NaN and the infinities never occur: values are finite decimals)."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


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
    header), for Parquet its pair of Arrow record batches, for Excel the
    cells of its rows in the targets and the sections sheet. A
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
        from plankit.xlsx import result_rows

        return result_rows(result.model_dump())
    raise ValueError(f"no payload for format {fmt!r}")

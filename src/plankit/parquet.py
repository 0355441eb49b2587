"""Parquet output: targets and sections as a partitioned dataset.

``OUT/targets/part-00000.parquet``, ``OUT/sections/part-00000.parquet``, ...
one part per ``PART_INPUTS`` inputs, in input order, so that reading the
folder (pandas, DuckDB, pyarrow) gives the rows in the order of the CSV
export. The same part writer serves a local run and a Dask cluster, so both
write the same files. Needs pyarrow (``pip install 'plankit[parquet]'``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from plankit.errors import PlankitError
from plankit.numerals import MAX_INTEGER_DIGITS, MAX_PLACES
from plankit.export import CSV_COLUMNS, SECTION_COLUMNS, section_records, target_records

#: inputs per part file: big enough for efficient files, small enough that a
#: worker holds one part's rows in memory
PART_INPUTS = 200
#: exact values: every value the model allows fits (26 digits before the
#: point, 12 after; see plankit.numerals.representable)
VALUE_TYPE = ("decimal128", MAX_INTEGER_DIGITS + MAX_PLACES, MAX_PLACES)

_INT_COLUMNS = {"line", "start", "end", "level"}
_VALUE_COLUMNS = {"value", "value_max"}


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise PlankitError("--format parquet needs pyarrow: pip install 'plankit[parquet]'") from None
    return pyarrow, pyarrow.parquet


def schemas():
    """The Arrow schemas of the targets and the sections tables."""
    pa, _ = _pyarrow()

    def field(name: str):
        if name in _INT_COLUMNS:
            return pa.field(name, pa.int64(), nullable=False)
        if name == "page":
            return pa.field(name, pa.int64(), nullable=True)
        if name in _VALUE_COLUMNS:
            return pa.field(name, pa.decimal128(VALUE_TYPE[1], VALUE_TYPE[2]), nullable=name == "value_max")
        return pa.field(name, pa.string(), nullable=name == "period")

    return pa.schema([field(c) for c in CSV_COLUMNS]), pa.schema([field(c) for c in SECTION_COLUMNS])


def batches(result: dict[str, Any]):
    """One result (as ``model_dump()`` gives it) as two Arrow record batches,
    its targets and its sections: what a worker sends, so that the parent
    of a parallel run only joins and writes them."""
    pa, _ = _pyarrow()
    targets_schema, sections_schema = schemas()
    return (pa.RecordBatch.from_pylist(list(target_records(result)), schema=targets_schema),
            pa.RecordBatch.from_pylist(list(section_records(result)), schema=sections_schema))


def write_part(out_dir: Path, part: int, results: Iterable[dict[str, Any]]) -> None:
    """Write part ``part`` of both tables from results as ``model_dump()`` gives them."""
    write_batches(out_dir, part, [batches(result) for result in results])


def write_batches(out_dir: Path, part: int, pairs: list) -> None:
    """Write part ``part`` of both tables from each result's pair of record
    batches (:func:`batches`), in order."""
    pa, pq = _pyarrow()
    targets_schema, sections_schema = schemas()
    for k, (name, schema) in enumerate((("targets", targets_schema), ("sections", sections_schema))):
        folder = Path(out_dir) / name
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_batches([pair[k] for pair in pairs], schema=schema).combine_chunks()
        final = folder / f"part-{part:05d}.parquet"
        tmp = folder / f".part-{part:05d}.{os.getpid()}.tmp"
        try:
            pq.write_table(table, tmp)
            os.replace(tmp, final)  # a crash never leaves half a part
        except BaseException:  # a full disk, Ctrl-C: no temporary file is left
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise


def clear(out_dir: Path) -> None:
    """Remove the parts of an earlier run, so that no stale part is read with these."""
    for name in ("targets", "sections"):
        for old in (Path(out_dir) / name).glob("part-*.parquet"):
            old.unlink()

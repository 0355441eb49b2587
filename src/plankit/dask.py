"""plankit on a Dask cluster: archives too big for one machine.

    from plankit.dask import parse_paths, targets_frame
    bag = parse_paths(["archive/"])            # dask.bag.Bag of ParseResult dicts
    frame = targets_frame(bag)                 # dask.dataframe: one row per target
    frame.groupby("category").size().compute()

Listing the inputs happens here (it only reads names); parsing happens on
the workers, which need plankit installed. A file that fails never fails the
job: :func:`outcomes` keeps its error, :func:`parse_paths` leaves it out.
Needs the extra: ``pip install 'plankit[dask]'``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Optional

from plankit.batch import Source, expand, parse_source
from plankit.parse.formats import DOCUMENTS
from plankit.export import CSV_COLUMNS, target_records
from plankit.parquet import PART_INPUTS, write_part


def _dask():
    try:
        import dask.bag as db
    except ImportError:
        from plankit.errors import PlankitError

        raise PlankitError("the Dask integration needs its extra: pip install 'plankit[dask]'") from None
    return db


def _outcome(source: Source, encoding: Optional[str], script: str) -> dict[str, Any]:
    outcome = parse_source(source, encoding, script)
    return {
        "source": source.name,
        "result": outcome.result.model_dump() if outcome.result is not None else None,
        "error": outcome.error,
    }


def outcomes(paths: Iterable[str], *, glob: str = DOCUMENTS, encoding: Optional[str] = None,
             script: str = "simplified", partition_size: int = PART_INPUTS):
    """A bag of ``{"source", "result", "error"}``, one per input, in input order."""
    db = _dask()
    sources = list(expand(paths, glob))
    bag = db.from_sequence(sources, partition_size=max(1, partition_size))
    return bag.map(_outcome, encoding, script)


def parse_paths(paths: Iterable[str], **options):
    """A bag of ``ParseResult.model_dump()`` dicts (Decimal values, exact),
    one per input that parsed; the others are left out (see :func:`outcomes`)."""
    return outcomes(paths, **options).filter(lambda o: o["error"] is None).pluck("result")


def targets_frame(bag):
    """One row per target of a bag of result dicts: the CSV columns, with
    int64 offsets and exact Decimal values (object columns)."""
    import pandas as pd

    meta = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("line", "start", "end") else "object")
                         for c in CSV_COLUMNS})
    return bag.map_partitions(_records).to_dataframe(meta=meta)


def _records(results: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for result in results for r in target_records(result)]


# ------------------------------------------------------------------ the CLI's job


def _write_chunk(job: tuple[int, list[Source]], out_dir: str, encoding: Optional[str],
                 script: str) -> list[tuple[str, str]]:
    """A worker's task: parse one chunk of inputs, write its Parquet part,
    return the failures."""
    part, sources = job
    done = [parse_source(s, encoding, script) for s in sources]
    write_part(Path(out_dir), part, (o.result.model_dump() for o in done if o.result is not None))
    return [(o.source.name, o.error) for o in done if o.error]


def connect(address: Optional[str]):
    """A client of the scheduler at ``address``, or of a new local cluster
    with one single-threaded worker process per core."""
    from dask.distributed import Client, LocalCluster

    if address:
        return Client(address)
    cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster)


def write_parquet(sources: list[Source], out_dir: Path, client, *, encoding: Optional[str] = None,
                  script: str = "simplified") -> list[tuple[str, str]]:
    """Parse ``sources`` on the cluster behind ``client`` into Parquet parts
    of ``PART_INPUTS`` inputs each; returns (input, error) of each failure."""
    db = _dask()
    chunks = [(k, sources[i : i + PART_INPUTS]) for k, i in enumerate(range(0, len(sources), PART_INPUTS))]
    if not chunks:
        return []
    bag = db.from_sequence(chunks, npartitions=len(chunks))
    failures = bag.map(_write_chunk, str(out_dir), encoding, script).compute(scheduler=client.get)
    return [f for chunk in failures for f in chunk]

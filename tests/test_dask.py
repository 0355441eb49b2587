"""Parquet output, locally and on a Dask LocalCluster: the same rows as the
local CSV export, in the same order, with bad inputs reported."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plankit.cli import _dask_address_optional, app
from plankit.export import _cell

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """200 good files (the samples, round and round) and two bad ones."""
    root = tmp_path_factory.mktemp("archive")
    texts = [p.read_bytes() for p in sorted(SAMPLES.glob("*.txt"))]
    for k in range(200):
        sub = root / f"batch{k // 50}"
        sub.mkdir(exist_ok=True)
        (sub / f"{k:04d}.txt").write_bytes(texts[k % len(texts)])
    (root / "batch1" / "0060-binary.txt").write_bytes(bytes(range(256)) * 40)
    (root / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    return root


def _csv_rows(paths: list[str]) -> list[dict[str, str]]:
    result = CliRunner().invoke(app, ["parse", *paths, "-f", "csv", "-j", "1"])
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _parquet_rows(out: Path) -> list[dict[str, str]]:
    table = pq.ParquetDataset(out / "targets").read()
    return [{k: _cell(v) for k, v in row.items()} for row in table.to_pylist()]


def _values_exact(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Parquet holds values as decimal(38, 12): 700000 comes back as
    700000.000000000000, the same number; compare the numbers."""
    from decimal import Decimal

    out = []
    for r in rows:
        r = dict(r)
        for k in ("value", "value_max"):
            r[k] = str(Decimal(r[k]).normalize()) if r[k] else ""
        out.append(r)
    return out


def test_local_parquet_equals_csv(tmp_path):
    out = tmp_path / "pq"
    result = CliRunner().invoke(app, ["parse", str(SAMPLES), "-f", "parquet", "--out-dir", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert _values_exact(_parquet_rows(out)) == _values_exact(_csv_rows([str(SAMPLES)]))
    sections = pq.ParquetDataset(out / "sections").read()
    assert sections.num_rows > 0 and set(sections.column("kind").to_pylist()) <= {
        "summary", "plan", "problems", "measures", "other"}
    assert (out / "errors.jsonl").read_text() == ""


def test_parquet_types_are_exact():
    from plankit.parquet import schemas

    targets, sections = schemas()
    assert str(targets.field("value").type) == "decimal128(38, 12)"
    assert str(targets.field("line").type) == "int64"
    assert str(sections.field("level").type) == "int64"


def test_cluster_parquet_equals_local_csv_on_samples(client, tmp_path):
    from plankit.batch import expand
    from plankit.dask import write_parquet

    failures = write_parquet(list(expand([str(SAMPLES)])), tmp_path, client)
    assert failures == []
    assert _values_exact(_parquet_rows(tmp_path)) == _values_exact(_csv_rows([str(SAMPLES)]))


def test_cluster_run_of_200_files_with_two_bad_ones(client, folder, tmp_path):
    from plankit.batch import expand
    from plankit.dask import write_parquet

    failures = write_parquet(list(expand([str(folder)])), tmp_path, client)
    assert sorted(Path(name.split("!")[0]).name for name, _ in failures) == ["0060-binary.txt", "broken.zip"]
    local = _csv_rows([str(folder)])
    assert len({r["source"] for r in local}) == 200
    assert _values_exact(_parquet_rows(tmp_path)) == _values_exact(local)


def test_parse_paths_and_targets_frame(client):
    from plankit.dask import outcomes, parse_paths, targets_frame

    bag = parse_paths([str(SAMPLES)], partition_size=2)
    frame = targets_frame(bag).compute(scheduler=client.get)
    local = _csv_rows([str(SAMPLES)])
    assert len(frame) == len(local)
    assert [_cell(v) for v in frame["value"]] == [r["value"] for r in local]
    assert str(frame["line"].dtype) == "int64"
    results = outcomes([str(SAMPLES), str(SAMPLES / "missing.txt")]).compute(scheduler=client.get)
    assert [o["error"] is None for o in results] == [True] * 4 + [False]


def test_cli_dask_local_cluster_reports_bad_files(folder, tmp_path):
    """The whole command, with a local cluster it starts itself."""
    import subprocess
    import sys

    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "plankit", "parse", str(folder), "--dask", "--format", "parquet", "--out-dir", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    assert "parsed 200 of 202 inputs" in proc.stderr and "Traceback" not in proc.stderr
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 2
    assert len(list((out / "targets").glob("part-*.parquet"))) == 2  # 202 inputs, 200 a part


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["parse", "d", "--dask", "-f", "parquet"], ["parse", "d", "--dask=local", "-f", "parquet"]),
        (["parse", "d", "--dask"], ["parse", "d", "--dask=local"]),
        (["parse", "--dask", "tcp://10.0.0.5:8786", "d"], ["parse", "--dask", "tcp://10.0.0.5:8786", "d"]),
        (["parse", "--dask", "sched:8786", "d"], ["parse", "--dask", "sched:8786", "d"]),
        (["parse", "--dask", "plans/", "-f", "parquet"], ["parse", "--dask=local", "plans/", "-f", "parquet"]),
    ],
)
def test_dask_address_is_optional(argv, expected):
    assert _dask_address_optional(argv) == expected


@pytest.mark.parametrize(
    "args, message",
    [
        (["--dask", "local", "-f", "csv"], "--dask writes Parquet"),
        (["-f", "parquet"], "--out-dir"),
    ],
)
def test_parquet_usage_errors(args, message):
    result = CliRunner().invoke(app, ["parse", str(SAMPLES), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_local_parquet_of_200_files_with_two_bad_ones(folder, tmp_path):
    out = tmp_path / "local"
    result = CliRunner().invoke(app, ["parse", str(folder), "-f", "parquet", "--out-dir", str(out), "-j", "2"])
    assert result.exit_code == 1
    assert len((out / "errors.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert _values_exact(_parquet_rows(out)) == _values_exact(_csv_rows([str(folder)]))


def test_duckdb_reads_the_parquet(tmp_path):
    import duckdb
    out = tmp_path / "pq"
    CliRunner().invoke(app, ["parse", str(SAMPLES), "-f", "parquet", "--out-dir", str(out), "-j", "1"])
    con = duckdb.connect()
    n, total = con.execute(
        f"SELECT count(*), sum(value) FROM read_parquet('{out}/targets/*.parquet') WHERE kind = 'money'"
    ).fetchone()
    local = [r for r in _csv_rows([str(SAMPLES)]) if r["kind"] == "money"]
    from decimal import Decimal

    assert n == len(local)
    assert Decimal(total) == sum(Decimal(r["value"]) for r in local)

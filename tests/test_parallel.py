"""Worker processes (issue 17): the output of -j 2 is byte for byte that of
-j 1 in every format, under the start method plankit chooses and under spawn
(the method of macOS and Windows)."""

import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plankit import batch

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """24 inputs: the samples (GB18030 and traditional among them) three
    times over, and small plans, an empty file and a binary file."""
    root = tmp_path_factory.mktemp("plans")
    for k in range(3):
        for sample in sorted(SAMPLES.glob("*.txt")):
            shutil.copy(sample, root / f"{k}-{sample.name}")
    for k in range(10):
        (root / f"small-{k:02d}.txt").write_text(f"一、目标\n力争新增企业{k + 1}家,投资{k * 100 + 50}万元。\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return root


def _run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "plankit", "parse", *map(str, args)], capture_output=True)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_j2_writes_the_bytes_of_j1(folder: Path, fmt: str) -> None:
    one, two = _run(folder, "-f", fmt, "-j", "1"), _run(folder, "-f", fmt, "-j", "2")
    assert one.returncode == two.returncode == 1  # the binary file fails, the rest are written
    assert one.stdout == two.stdout
    assert one.stdout.count(b"\n") >= 23  # one line or more per input that parsed
    assert one.stderr.splitlines()[0] == two.stderr.splitlines()[0]


def test_j2_writes_the_files_of_j1(folder: Path, tmp_path: Path) -> None:
    for jobs in ("1", "2"):
        _run(folder, "--out-dir", tmp_path / jobs, "-j", jobs)
    ones = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*.json"))
    assert len(ones) == 23
    assert ones == sorted(p.relative_to(tmp_path / "2") for p in (tmp_path / "2").rglob("*.json"))
    for rel in ones:
        assert (tmp_path / "1" / rel).read_bytes() == (tmp_path / "2" / rel).read_bytes()


def test_j2_writes_the_parquet_of_j1(folder: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    for jobs in ("1", "2"):
        _run(folder, "-f", "parquet", "--out-dir", tmp_path / jobs, "-j", jobs)
    for table in ("targets", "sections"):
        one, two = pq.read_table(tmp_path / "1" / table), pq.read_table(tmp_path / "2" / table)
        assert one.num_rows > 50
        assert one.equals(two)


def test_the_start_method_is_chosen_not_defaulted() -> None:
    import threading

    context = batch.pool_context()
    if not sys.platform.startswith("linux"):
        assert context.get_start_method() == "spawn"
        return
    assert context.get_start_method() == ("fork" if threading.active_count() == 1 else "forkserver")
    # with another thread running (a progress bar's), never fork
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert batch.pool_context().get_start_method() == "forkserver"
    finally:
        stop.set()
        other.join()


@pytest.mark.parametrize("method", ["forkserver"])
def test_the_fork_server_writes_the_same_bytes(folder: Path, method: str) -> None:
    served = subprocess.run([sys.executable, "-m", "plankit", "parse", str(folder), "-f", "jsonl", "-j", "2"],
                            capture_output=True, env={**os.environ, "PLANKIT_START_METHOD": method})
    assert served.stdout == _run(folder, "-f", "jsonl", "-j", "1").stdout


def test_spawned_workers_write_the_same_bytes(folder: Path, monkeypatch) -> None:
    """What macOS and Windows do: each worker starts a fresh interpreter and
    warms plankit itself."""
    from plankit.export import payload
    from plankit.pipeline import parse_file

    monkeypatch.setattr(batch, "pool_context", lambda: multiprocessing.get_context("spawn"))
    sources = list(batch.expand([str(folder)]))
    spawned = list(batch.parse_sources(sources, jobs=2, fmt="csv"))
    assert [o.source.name for o in spawned] == [s.name for s in sources]
    for outcome in spawned:
        if outcome.error:
            continue
        assert outcome.payload == payload(parse_file(outcome.source.path), "csv")
    assert sum(1 for o in spawned if o.error) == 1  # the binary file


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_the_start_method_can_be_chosen(folder: Path, method: str, monkeypatch) -> None:
    monkeypatch.setenv("PLANKIT_START_METHOD", method)
    assert batch.pool_context().get_start_method() == method
    chosen = subprocess.run([sys.executable, "-m", "plankit", "parse", str(folder), "-f", "csv", "-j", "2"],
                            capture_output=True, env={**os.environ})
    monkeypatch.delenv("PLANKIT_START_METHOD")
    assert chosen.stdout == _run(folder, "-f", "csv", "-j", "1").stdout


def test_an_unknown_start_method_is_a_usage_error(folder: Path, monkeypatch) -> None:
    monkeypatch.setenv("PLANKIT_START_METHOD", "teleport")
    result = subprocess.run([sys.executable, "-m", "plankit", "parse", str(folder), "-j", "2"],
                            capture_output=True, text=True, env={**os.environ})
    assert result.returncode == 2
    assert result.stderr.startswith("plankit: error: PLANKIT_START_METHOD=teleport") and "Traceback" not in result.stderr

#!/usr/bin/env python3
"""A Dask LocalCluster beside local ``-j 2``, on the same folder, to Parquet.

    pip install -e '.[dask]'
    python benchmarks/cluster.py [N_FILES]     # default 600

Prints the wall time of ``plankit parse DIR -f parquet -j 2`` (a fresh
process: start-up included), the job time on a running 2-worker
LocalCluster (``plankit.dask.write_parquet``; the cluster's own start-up is
printed apart, since a cluster is started once for many jobs), the overhead
of the cluster against ``-j 2``, and the cost model: documents and
characters per core-second, to size a cluster for a million files.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def main(argv: list[str]) -> int:
    from throughput import load_texts, make_folder

    from plankit.batch import expand
    from plankit.dask import write_parquet

    n = int(argv[0]) if argv else 600
    folders = [f for f in (ROOT / "samples", ROOT.parent / "shared" / "gold" / "dev" / "texts",
                           ROOT.parent / "shared" / "corpus") if f.is_dir()]
    texts = load_texts(folders)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        folder = make_folder(texts, n, tmp_path)
        chars = sum(len(texts[k % len(texts)]) for k in range(n))
        exe = [sys.executable, "-m", "plankit"]

        local = []
        for r in range(3):
            t0 = time.perf_counter()
            subprocess.run([*exe, "parse", str(folder), "-f", "parquet", "--out-dir", str(tmp_path / f"j2-{r}"),
                            "-j", "2"], check=True, stderr=subprocess.DEVNULL)
            local.append(time.perf_counter() - t0)

        from dask.distributed import Client, LocalCluster

        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        start = time.perf_counter() - t0
        sources = list(expand([str(folder)]))
        on_cluster = []
        try:
            for r in range(3):
                t0 = time.perf_counter()
                failures = write_parquet(sources, tmp_path / f"dask-{r}", client)
                on_cluster.append(time.perf_counter() - t0)
                assert not failures, failures
        finally:
            client.close()
            cluster.close()

    j2, dk = statistics.median(local), statistics.median(on_cluster)
    print(f"{n} files, {chars:,} characters; {os.cpu_count()} cores")
    print(f"-j 2 (fresh process, start-up included): {j2:.2f} s ({n / j2:.0f} files/s)")
    print(f"Dask LocalCluster, 2 workers: job {dk:.2f} s ({n / dk:.0f} files/s; first job {on_cluster[0]:.2f} s, "
          f"workers load plankit in it); cluster start {start:.2f} s")
    print(f"cluster overhead against -j 2: {(dk / j2 - 1) * 100:+.0f}% (bar: under +25%)")
    per_core = n / (dk * 2)
    print(f"cost model: {per_core:.0f} documents ({chars / n / 1000:.1f}k characters each) per core-second "
          f"-> 1,000,000 such documents take {1_000_000 / per_core / 3600:.1f} core-hours")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""The limits of one ``plankit parse`` run: a ~49 MB text in every output
format, and a 2,000-entry zip beside the same 2,000 files in a folder.

    python benchmarks/limits.py [--keep DIR] [--src SRC] [--formats table,json,...] [--skip-zip] [--skip-big]

The inputs are built in a temporary folder (or in ``--keep DIR``, where they
stay and are reused by the next run), never in the checkout:

* ``big.txt``: the UTF-8 texts of ``../shared/corpus/*.txt`` (beside the
  checkout) and ``samples/*.txt``, decoded as plankit decodes them, joined by
  blank lines and repeated until the file reaches ~49 MB (just under the
  50 MB input limit);
* ``plans/``: 2,000 small texts (the first 8,000 characters of those texts,
  in turn), and ``plans.zip``: the same files in one deflated archive.

Prints, for ``plankit parse big.txt -f FORMAT`` (table, json, jsonl, csv, and
parquet when pyarrow is importable), the wall time and the peak RSS of the
run, each in its own subprocess: a tiny wrapper starts plankit and reports
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``, so the figure belongs to
that one run. Then ``plankit parse plans.zip -f jsonl -j 1`` beside
``plankit parse plans/ -f jsonl -j 1`` (median of 3 alternating runs) and
their ratio. The acceptance targets are printed beside the figures; nothing
is asserted (times depend on the machine).

``--src SRC`` runs ``python -m plankit`` with ``SRC`` first on PYTHONPATH
(a ``src`` folder exported from some commit, say ``git archive``): two
versions compared on the same inputs while the checkout changes.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "samples"

BIG_BYTES = 49_000_000
ZIP_ENTRIES = 2_000
SMALL_CHARS = 8_000

#: acceptance targets (issue 15)
MAX_SECONDS = 60.0
MAX_RSS_MB = 1.5 * 1024
MAX_ZIP_RATIO = 1.5

#: runs ``argv[1:]`` with its output thrown away; prints its wall time and
#: the peak RSS (KB on Linux) of that child alone as JSON
WRAPPER = (
    "import json, resource, subprocess, sys, time\n"
    "t0 = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "wall = time.perf_counter() - t0\n"
    "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(json.dumps({'wall': wall, 'rss_kb': rss, 'rc': p.returncode, 'stderr': p.stderr.decode()[-400:]}))\n"
)


#: set by --src: the source tree to run instead of the installed plankit
SRC: "Path | None" = None


def plankit_cmd() -> list[str]:
    if SRC is not None:
        return [sys.executable, "-m", "plankit"]
    exe = shutil.which("plankit", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "plankit"]


def texts() -> list[str]:
    from plankit.parse.read import decode_bytes

    files = sorted(CORPUS.glob("*.txt")) + sorted(SAMPLES.glob("*.txt"))
    if not files:
        raise SystemExit(f"no texts in {CORPUS} or {SAMPLES}")
    return [decode_bytes(p.read_bytes()).text.replace("\r\n", "\n") for p in files]


def build_big(path: Path, pieces: list[str]) -> None:
    block = "\n\n".join(pieces) + "\n\n"
    raw = block.encode("utf-8")
    n = BIG_BYTES // len(raw)
    with open(path, "wb") as f:
        for _ in range(n):
            f.write(raw)
        rest = raw[: BIG_BYTES - n * len(raw)].decode("utf-8", errors="ignore")
        f.write(rest.encode("utf-8"))


def build_small(folder: Path, archive: Path, pieces: list[str]) -> None:
    folder.mkdir()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for k in range(ZIP_ENTRIES):
            text = pieces[k % len(pieces)][:SMALL_CHARS]
            name = f"{k:05d}.txt"
            (folder / name).write_text(text, encoding="utf-8")
            z.writestr(name, text.encode("utf-8"))


def measure(cmd: list[str]) -> dict:
    env = dict(os.environ)
    if SRC is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    out = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout)


def formats() -> list[str]:
    names = ["table", "json", "jsonl", "csv"]
    if importlib.util.find_spec("pyarrow") is not None:
        names.append("parquet")
    return names


def run_big(where: Path, big: Path, only: list[str]) -> None:
    size = big.stat().st_size
    print(f"1. one {size / 1e6:.1f} MB text ({big}); target per format: <= {MAX_SECONDS:.0f} s "
          f"and <= {MAX_RSS_MB / 1024:.1f} GB peak RSS")
    print(f"   {'format':<8} {'wall s':>8} {'peak RSS MB':>12}  {'RSS/input':>9}  verdict")
    for fmt in only:
        if fmt == "parquet":
            out = where / "big.parquet.d"
            shutil.rmtree(out, ignore_errors=True)
            cmd = [*plankit_cmd(), "parse", str(big), "-f", "parquet", "--out-dir", str(out)]
        else:
            cmd = [*plankit_cmd(), "parse", str(big), "-f", fmt]
        m = measure(cmd)
        mb = m["rss_kb"] / 1024
        ok = m["rc"] == 0 and m["wall"] <= MAX_SECONDS and mb <= MAX_RSS_MB
        note = "" if m["rc"] == 0 else f" (exit {m['rc']}: {m['stderr'].strip()[-200:]})"
        print(f"   {fmt:<8} {m['wall']:>8.1f} {mb:>12.0f}  {mb * 1024 * 1024 / size:>8.1f}x  "
              f"{'ok' if ok else 'OVER'}{note}", flush=True)


def run_zip(folder: Path, archive: Path, runs: int = 3) -> None:
    base = [*plankit_cmd(), "parse"]
    tail = ["-f", "jsonl", "-j", "1"]
    zips, dirs, failed = [], [], set()
    for _ in range(runs):  # alternate, so that a busy moment hits both sides
        for path, times in ((archive, zips), (folder, dirs)):
            m = measure([*base, str(path), *tail])
            times.append(m["wall"])
            if m["rc"] != 0:
                failed.add(f"{path.name}: exit {m['rc']}: {m['stderr'].strip().splitlines()[-1:]}")
    z, d = statistics.median(zips), statistics.median(dirs)
    ratio = statistics.median(a / b for a, b in zip(zips, dirs))
    print(f"2. {ZIP_ENTRIES:,} small texts, -f jsonl -j 1 (median of {runs}): zip {z:.1f} s, folder {d:.1f} s "
          f"-> zip/folder {ratio:.2f}x (target <= {MAX_ZIP_RATIO}x: {'ok' if ratio <= MAX_ZIP_RATIO else 'OVER'})")
    for note in sorted(failed):
        print(f"   failed: {note}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", type=Path, help="build the inputs here and keep them (reused when present)")
    ap.add_argument("--src", type=Path, help="run plankit from this source folder (python -m plankit)")
    ap.add_argument("--formats", help="comma-separated subset of " + ",".join(formats()))
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--skip-zip", action="store_true")
    args = ap.parse_args(argv)
    global SRC
    SRC = args.src.resolve() if args.src else None
    only = args.formats.split(",") if args.formats else formats()

    tmp = None
    if args.keep:
        where = args.keep
        where.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory()
        where = Path(tmp.name)
    try:
        big, folder, archive = where / "big.txt", where / "plans", where / "plans.zip"
        pieces = None
        if not args.skip_big and not big.exists():
            pieces = texts()
            build_big(big, pieces)
        if not args.skip_zip and not (folder.is_dir() and archive.exists()):
            shutil.rmtree(folder, ignore_errors=True)
            archive.unlink(missing_ok=True)
            build_small(folder, archive, pieces or texts())
        if not args.skip_big:
            run_big(where, big, only)
        if not args.skip_zip:
            run_zip(folder, archive)
    finally:
        if tmp:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Throughput, start-up, parallel speed-up and memory of plankit, in one run.

    pip install -e '.[bench]'   # JioNLP, the money-only peer (benchmark only)
    python benchmarks/throughput.py [--peer-only] [TEXT_DIR ...]

Prints:
1. plankit's full ``parse_text`` characters per second beside JioNLP's
   ``ner.extract_money`` on the same texts (the shared dev texts when
   present), in the same process;
2. the cold start of ``plankit parse`` on a 4 KB file and of ``plankit
   --version`` beside ``python -c "import pydantic, typer, rich"`` (medians of
   paired runs), with plankit's modules compiled to bytecode as an install
   leaves them and the per-user caches filled by one earlier run;
3. the wall time of ``plankit parse DIR -j 1`` and ``-j 2`` on a folder of
   1,000 real files, in CSV, JSON Lines and Parquet, beside what two
   processes of pure Python gain on this machine (the ceiling);
4. peak memory (RSS) of a 100-file and a 1,000-file batch.

Texts come from the given folders (default: the bundled samples, plus the
shared dev texts and corpus when they sit beside the checkout).
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
#: the annotated dev texts: what the JioNLP figure (and instructions.py, ab.py) is measured on
DEV_TEXTS = SHARED / "gold" / "dev" / "texts"
PLANKIT = [sys.executable, "-m", "plankit"]


def load_texts(folders: list[Path]) -> list[str]:
    from plankit.parse.read import decode_bytes

    texts = []
    for folder in folders:
        for p in sorted(folder.glob("*.txt")):
            texts.append(decode_bytes(p.read_bytes()).text)
    return texts


def chars_per_second(fn, texts: list[str], rounds: int = 3, reset=None) -> float:
    fn("预热:一、目标\n新增企业5家,投资300万元。")  # lazy loads happen outside the clock
    best = float("inf")
    for _ in range(rounds):
        if reset:
            reset()  # no help from caches filled by the previous round
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return sum(map(len, texts)) / best


def paired_medians(cmd_a: list[str], cmd_b: list[str], runs: int = 11) -> tuple[float, float, float]:
    """Median seconds of two commands run alternately, and the median of the
    per-pair ratios a/b: alternating keeps a busy moment of the machine from
    landing on one side only."""
    times_a, times_b, ratios = [], [], []
    for _ in range(runs):
        a = wall_time(cmd_a)
        b = wall_time(cmd_b)
        times_a.append(a)
        times_b.append(b)
        ratios.append(a / b)
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios)


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def machine_ceiling(n: int = 5_000_000) -> float:
    """What two processes gain over one on this machine for pure Python work:
    the ceiling for any -j 2 speed-up here."""
    from concurrent.futures import ProcessPoolExecutor

    t0 = time.perf_counter()
    _spin(n)
    _spin(n)
    serial = time.perf_counter() - t0
    with ProcessPoolExecutor(2) as pool:
        t0 = time.perf_counter()
        list(pool.map(_spin, [n, n]))
        parallel = time.perf_counter() - t0
    return serial / parallel


def make_folder(texts: list[str], n: int, where: Path) -> Path:
    folder = where / f"plans{n}"
    folder.mkdir()
    for k in range(n):
        (folder / f"{k:05d}.txt").write_text(texts[k % len(texts)], encoding="utf-8")
    return folder


def wall_time(cmd: list[str], env=None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - t0


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak RSS of a child process (Linux: ru_maxrss in KB), via a fresh wrapper."""
    code = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main(argv: list[str]) -> int:
    peer_only = "--peer-only" in argv  # section 1 alone: the report CI prints
    argv = [a for a in argv if a != "--peer-only"]
    folders = [Path(a) for a in argv] or [
        f for f in (ROOT / "samples", SHARED / "gold" / "dev" / "texts", SHARED / "corpus") if f.is_dir()
    ]
    texts = load_texts(folders)
    print(f"texts: {len(texts)} files, {sum(map(len, texts)):,} characters from {', '.join(map(str, folders))}")
    peer_texts = load_texts([DEV_TEXTS]) if DEV_TEXTS.is_dir() and not argv else texts

    from plankit import parse_text
    from plankit.pipeline import clear_caches

    try:
        import jionlp
    except ImportError:
        ours = chars_per_second(parse_text, peer_texts, reset=clear_caches)
        print(f"1. plankit parse_text (full pipeline): {ours:,.0f} chars/s")
        print("   JioNLP not installed (pip install jionlp) - peer not measured")
    else:
        # alternate the two, one pass each, and compare pass by pass: the
        # machine's speed drifts by more than the difference being measured
        pairs = [
            (chars_per_second(parse_text, peer_texts, rounds=1, reset=clear_caches),
             chars_per_second(jionlp.ner.extract_money, peer_texts, rounds=1))
            for _ in range(7)
        ]
        ours = statistics.median(p for p, _ in pairs)
        theirs = statistics.median(j for _, j in pairs)
        ratio = statistics.median(p / j for p, j in pairs)
        print(f"1. plankit parse_text (full pipeline): {ours:,.0f} chars/s")
        print(f"   JioNLP ner.extract_money (money only): {theirs:,.0f} chars/s  -> plankit is {ratio:.2f}x "
              "(median of 7 alternating passes; bar 1.5x)")
    if peer_only:
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        small = tmp_path / "small.txt"
        sample = (ROOT / "samples" / "kejiju-2024-zongjie-jihua.txt").read_bytes()
        small.write_bytes(sample[:4096].decode("utf-8", errors="ignore").encode("utf-8"))
        exe = shutil.which("plankit", path=str(Path(sys.executable).parent)) or ""
        cold_cmd = [exe] if exe else PLANKIT
        # an installed plankit has its modules compiled (pip does it); an
        # editable one under PYTHONDONTWRITEBYTECODE would compile them at
        # every start, which is not what a user waits for
        compileall.compile_dir(str(ROOT / "src" / "plankit"), quiet=1)
        # a cache folder of this run's own, filled by one run as a user's
        # first run fills it (compiled patterns, tables): a developer's folder
        # also holds what earlier versions and test runs compiled, and reading
        # that back costs more than a user ever pays
        os.environ["XDG_CACHE_HOME"] = str(tmp_path / "cache")
        wall_time([*cold_cmd, "parse", str(small), "--format", "json"])
        cold, bare, ratio = paired_medians(
            [*cold_cmd, "parse", str(small), "--format", "json"],
            [sys.executable, "-c", "import pydantic, typer, rich"],
        )
        print(f"2. cold start: plankit parse (4 KB, json) {cold * 1000:.0f} ms; "
              f"import pydantic, typer, rich {bare * 1000:.0f} ms -> {ratio:.2f}x (median of paired runs; bar 2.5x)")
        first = []
        for k in range(3):  # a user's very first run: no cache folder yet
            env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / f"fresh-cache-{k}")}
            first.append(wall_time([*cold_cmd, "parse", str(small), "--format", "json"], env))
        print(f"   the very first run (empty cache folder: patterns compiled, tables built) "
              f"{statistics.median(first) * 1000:.0f} ms")
        version, bare, ratio = paired_medians([*cold_cmd, "--version"],
                                              [sys.executable, "-c", "import pydantic, typer, rich"])
        print(f"   plankit --version {version * 1000:.0f} ms; the bare import {bare * 1000:.0f} ms -> {ratio:.2f}x "
              "(bar 1.5x)")

        folder = make_folder(texts, 100, tmp_path)
        big = make_folder(texts, 1000, tmp_path)
        size = sum(f.stat().st_size for f in big.iterdir()) / 1e6
        print(f"3. 1,000 files ({size:.1f} MB); two processes of pure Python gain {machine_ceiling():.2f}x "
              f"on this machine ({os.cpu_count()} cores): the ceiling")
        for fmt, bar in (("csv", 1.75), ("jsonl", 1.75), ("parquet", 1.6)):
            out = ["--out-dir", str(tmp_path / "pq")] if fmt == "parquet" else ["-o", os.devnull]
            j1, j2, speedup = paired_medians(
                [*cold_cmd, "parse", str(big), "-f", fmt, "-j", "1", *out],
                [*cold_cmd, "parse", str(big), "-f", fmt, "-j", "2", *out],
                runs=5,  # the machine's speed drifts: five pairs, their median ratio
            )
            print(f"   {fmt:8} -j 1 {j1:.2f} s, -j 2 {j2:.2f} s -> {speedup:.2f}x (bar {bar}x; ceiling "
                  f"{machine_ceiling():.2f}x)")
        try:
            import xlsxwriter  # noqa: F401  (the xlsx extra)
        except ImportError:
            print("   xlsx     XlsxWriter not installed (pip install 'plankit[xlsx]') - not measured")
        else:  # no bar: one process writes the workbook, which bounds the speed-up
            book = str(tmp_path / "out.xlsx")
            j1, j2, speedup = paired_medians(
                [*cold_cmd, "parse", str(big), "-f", "xlsx", "-j", "1", "-o", book],
                [*cold_cmd, "parse", str(big), "-f", "xlsx", "-j", "2", "-o", book],
                runs=3,
            )
            print(f"   xlsx     -j 1 {j1:.2f} s, -j 2 {j2:.2f} s -> {speedup:.2f}x (no bar: the parent writes "
                  "every cell through XlsxWriter)")
        print("   start methods, 100 files, -f jsonl -j 2 (PLANKIT_START_METHOD; spawn is macOS's and Windows'):")
        for method in ("forkserver", "fork", "spawn"):
            env = {**os.environ, "PLANKIT_START_METHOD": method}
            seconds = statistics.median(
                wall_time([*cold_cmd, "parse", str(folder), "-f", "jsonl", "-j", "2"], env) for _ in range(3))
            print(f"     {method:10} {seconds:.2f} s")

        r100 = peak_rss_mb([*cold_cmd, "parse", str(folder), "-f", "jsonl", "-j", "2"])
        r1000 = peak_rss_mb([*cold_cmd, "parse", str(big), "-f", "jsonl", "-j", "2"])
        print(f"4. peak RSS: 100 files {r100:.0f} MB, 1,000 files {r1000:.0f} MB -> {r1000 / r100:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

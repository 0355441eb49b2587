"""Issue 15: nothing lost, nothing crashes, nothing unbounded.

One regression test (or a parametrised family) per item of the issue that
concerns the command line and batches: outputs that are inputs, output names
that collide, a full disk, Ctrl-C and SIGTERM, zip archives read in linear
time, .docx bombs, an unbounded standard input, a closed pipe, the --out-dir
checked up front, conflicting options, path globs, FIFOs, damaged zip
entries, unknown encodings, --verbose, the install script and the shared
texts' tests.
"""

from __future__ import annotations

import errno
import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plankit import batch
from plankit.batch import expand, parse_sources, write_atomic
from plankit.cli import app
from plankit.errors import InputTooLarge
from plankit.parse import read
from plankit.parse.formats import docx as formats

ROOT = Path(__file__).resolve().parent.parent
PLAN = "某局2025年工作计划\n一、主要目标\n力争新增高新技术企业{n}家,争取资金{n}00万元。\n"
#: a longer plan, so that a batch of them runs long enough to be interrupted
LONG_PLAN = "某局2025年工作计划\n一、主要目标\n" + "力争新增高新技术企业{n}家,争取资金{n}00万元,完成专利申请334件,增幅51.13%。\n" * 40


def plan(n: int) -> str:
    return PLAN.format(n=n)


def run(*args, input=None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


def assert_one_line_error(result, code: int, *fragments: str) -> str:
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("plankit: error: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def plankit(*args, **kwargs) -> subprocess.Popen:
    """The installed command in a child process (its own entry point: signal
    handlers, exit codes and the interpreter's shutdown are the real ones)."""
    return subprocess.Popen([sys.executable, "-m", "plankit", *map(str, args)], **kwargs)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "plans"
    root.mkdir()
    for n in range(1, 9):
        (root / f"p{n}.txt").write_text(plan(n), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory) -> Path:
    """2,000 plans: long enough a run to interrupt or cut off midway."""
    root = tmp_path_factory.mktemp("big") / "plans"
    root.mkdir()
    for n in range(2000):
        (root / f"p{n:04d}.txt").write_text(LONG_PLAN.format(n=n), encoding="utf-8")
    return root


# ---------------------------------------------------------------- 1. outputs that are inputs


def test_output_that_is_an_input_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    """`parse x.txt -o x.txt -f csv` truncated its input; `report x.txt -o x.txt`
    overwrote it. Now: exit 2 before anything is opened for writing."""
    monkeypatch.chdir(tmp_path)
    x = tmp_path / "x.txt"
    x.write_text(plan(1), encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(x)
    os.link(x, tmp_path / "hard.txt")
    cases = [
        ("parse", "x.txt", "-o", "x.txt", "-f", "csv"),
        ("parse", "x.txt", "-o", x, "-f", "json"),  # the same file, absolute
        ("parse", "x.txt", "-o", "link.txt"),  # through a symbolic link
        ("parse", "x.txt", "-o", "hard.txt"),  # a hard link: the same inode
        ("parse", "x.txt", "--errors", "./x.txt"),
        ("parse", ".", "-o", "x.txt", "-f", "jsonl"),  # found inside an input folder
        ("report", "x.txt", "-o", "x.txt"),
        ("report", tmp_path, "-o", "hard.txt"),
    ]
    for args in cases:
        result = run(*args)
        assert_one_line_error(result, 2, "is one of the inputs")
        assert result.stdout == ""
        assert x.read_text(encoding="utf-8") == plan(1), args


def test_out_dir_that_would_write_onto_an_input_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "o" / "plans").mkdir(parents=True)
    data = (tmp_path / "o" / "plans" / "p1.json")
    data.write_text(plan(1), encoding="utf-8")  # a plan that happens to be named .json
    result = run("parse", "o", "--glob", "*.json", "--out-dir", ".")
    assert_one_line_error(result, 2, "over the input")
    assert data.read_text(encoding="utf-8") == plan(1)
    # --out-dir an input file, and --errors the same file as --output
    result = run("parse", data, "--glob", "*.json", "--out-dir", data)
    assert_one_line_error(result, 2, "is one of the inputs")
    result = run("parse", data, "-o", tmp_path / "out.json", "--errors", tmp_path / "out.json")
    assert_one_line_error(result, 2, "same file")
    assert not (tmp_path / "out.json").exists()


# ---------------------------------------------------------------- 2. unique output names


COLLISIONS = [
    pytest.param(["a/plan.txt", "b/plan.txt"], ["a/plan.json", "b/plan.json"], id="same-name-two-folders"),
    pytest.param(["plan.txt", "plan.txt"], ["plan.json", "plan-2.json"], id="same-file-twice"),
    pytest.param(["plan.txt", "plan.md"], ["plan.json", "plan-2.json"], id="same-stem"),
    pytest.param(["a", "a/plan.txt"], ["a/plan-2.json", "a/plan.json", "a/plan-3.json", "a/z.zip.d/00000-plan.json",
                                       "a/plan-4.json"], id="folder-and-its-file"),
    pytest.param(["x/a", "y/a"], ["x/a/plan.json", "y/a/plan.json"], id="same-folder-name"),
    pytest.param(["a/z.zip", "b/z.zip"], ["a/z.zip.d/00000-plan.json", "b/z.zip.d/00000-plan.json"], id="same-zip-name"),
    pytest.param(["-", "stdin.txt"], ["stdin.json", "stdin-2.json"], id="stdin-and-stdin-txt"),
    pytest.param(["a/plan.txt", "a/plan-2.txt", "plan.txt", "a/plan.md"],
                 ["a/plan.json", "a/plan-2.json", "plan.json", "a/plan-3.json"], id="numbered-name-taken"),
]


def _tree(root: Path) -> None:
    for rel in ("a/plan.txt", "a/plan-2.txt", "a/plan.md", "b/plan.txt", "plan.txt", "plan.md", "stdin.txt",
                "x/a/plan.txt", "y/a/plan.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(plan(len(rel)), encoding="utf-8")
    for rel in ("a/z.zip", "b/z.zip"):
        with zipfile.ZipFile(root / rel, "w") as z:
            z.writestr("plan.txt", plan(3))


@pytest.mark.parametrize(("paths", "names"), COLLISIONS)
def test_out_dir_names_are_unique(tmp_path: Path, monkeypatch, paths: list[str], names: list[str]) -> None:
    """`parse a/plan.txt b/plan.txt --out-dir o` wrote one o/plan.json."""
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path)
    assert [s.out_name for s in expand(paths)] == names
    result = run("parse", *paths, "--out-dir", "o", input=plan(9).encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    written = sorted(str(p.relative_to(tmp_path / "o")) for p in (tmp_path / "o").rglob("*.json"))
    assert written == sorted(names)
    sources = [json.loads((tmp_path / "o" / n).read_text(encoding="utf-8"))["source"] for n in names]
    assert sources == [s.name for s in expand(paths)]


def test_out_dir_keeps_the_layout_of_one_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path)
    assert [s.out_name for s in expand(["a"])] == ["a/plan-2.json", "a/plan.json", "a/plan-3.json",
                                                   "a/z.zip.d/00000-plan.json"]
    assert [s.out_name for s in expand(["x/a"])] == ["a/plan.json"]
    monkeypatch.chdir(tmp_path / "x")
    assert [s.out_name for s in expand(["."])] == ["a/plan.json"]
    assert [s.out_name for s in expand(["a/plan.txt"])] == ["plan.json"]


# ---------------------------------------------------------------- 3. a full disk


def _disk_full_after(monkeypatch, n: int) -> None:
    """Every fsync after the first ``n`` fails as on a full disk."""
    calls = {"n": 0}
    real = os.fsync

    def fsync(fd):
        calls["n"] += 1
        if calls["n"] > n:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd)

    monkeypatch.setattr(batch.os, "fsync", fsync)


@pytest.mark.parametrize("jobs", [1, 2])
def test_disk_full_stops_the_run_with_one_line(folder: Path, tmp_path: Path, monkeypatch, jobs: int) -> None:
    """ENOSPC at the writer: a traceback, an empty --errors file and *.tmp
    files left behind. Now one line, exit 1, the failure in --errors, no
    temporary file, no worker left."""
    _disk_full_after(monkeypatch, 3)
    out, errors = tmp_path / "out", tmp_path / "errors.jsonl"
    result = run("parse", folder, "--out-dir", out, "-j", jobs, "--errors", errors)
    line = assert_one_line_error(result, 1, "No space left on device", "stopped after 3 of 8 inputs")
    assert str(out / "plans" / "p4.json") in line
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["p1.json", "p2.json", "p3.json"]
    assert not list(out.rglob("*.tmp")) and not list(out.rglob(".*"))
    [failure] = [json.loads(x) for x in errors.read_text(encoding="utf-8").splitlines()]
    assert failure["source"].endswith("p4.txt") and "No space left" in failure["error"]
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT, errno.EROFS])
def test_disk_full_on_the_output_file(folder: Path, tmp_path: Path, monkeypatch, code: int) -> None:
    from plankit.output import Sink

    def full(self, outcome):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(Sink, "write", full)
    result = run("parse", folder, "-f", "csv", "-o", tmp_path / "out.csv")
    assert_one_line_error(result, 1, "cannot write", os.strerror(code), "stopped after 0 of 8")


def test_write_atomic_removes_its_temporary_file_on_any_error(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "a" / "b.json"
    for exc in (OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()):
        def fail(fd, exc=exc):
            raise exc

        monkeypatch.setattr(batch.os, "fsync", fail)
        with pytest.raises(type(exc)):
            write_atomic(target, "text")
        assert list(target.parent.iterdir()) == []


# ---------------------------------------------------------------- 4. Ctrl-C and SIGTERM


def _children(pid: int) -> list[int]:
    try:
        import psutil
    except ImportError:  # the /proc file system: processes whose parent is pid
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
        return found
    try:
        return [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _alive(pid: int) -> bool:
    """Running, and not a zombie waiting for its (new) parent to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs the /proc file system (Linux)")
@pytest.mark.parametrize(("signum", "code", "group"), [
    pytest.param(signal.SIGINT, 130, True, id="ctrl-c-to-the-process-group"),
    pytest.param(signal.SIGTERM, 143, False, id="sigterm-to-the-main-process"),
])
def test_interrupt_stops_workers_and_leaves_no_temporary_file(big_folder: Path, tmp_path: Path, signum: int,
                                                              code: int, group: bool) -> None:
    """Ctrl-C: a worker's KeyboardInterrupt traceback and a .tmp left; SIGTERM:
    both workers orphaned. Now one line, exit 128 + the signal, no worker and
    no temporary file left."""
    out = tmp_path / "out"
    proc = plankit("parse", big_folder, "--out-dir", out, "-j", "2",
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            if len(workers) >= 2 and len(list(out.rglob("*.json"))) >= 3:
                break
            time.sleep(0.05)
        assert proc.poll() is None and len(workers) >= 2, "the run ended before it could be interrupted"
        if group:
            os.killpg(proc.pid, signum)  # what the terminal does on Ctrl-C
        else:
            os.kill(proc.pid, signum)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, stderr
    assert stderr.decode() == "plankit: error: interrupted\n"
    assert not list(out.rglob("*.tmp"))
    assert 3 <= len(list(out.rglob("*.json"))) < 2000
    time.sleep(0.1)
    assert [pid for pid in workers if _alive(pid)] == []


# ---------------------------------------------------------------- 5. zip archives in linear time


def test_zip_entries_do_not_reopen_the_archive(tmp_path: Path, monkeypatch) -> None:
    """Each entry opened the archive again (reading its whole directory):
    2,000 entries took 10 times a folder. Now once per archive and process."""
    paths = []
    for name in ("a.zip", "b.zip"):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for n in range(300):
                z.writestr(f"d/p{n:03d}.txt", plan(n + 1))
        paths.append(str(path))
    opened: list[str] = []
    real = zipfile.ZipFile

    class Counting(real):
        def __init__(self, file, *args, **kwargs):
            opened.append(str(file))
            super().__init__(file, *args, **kwargs)

    monkeypatch.setattr(batch.zipfile, "ZipFile", Counting)
    outcomes = list(parse_sources(expand(paths)))
    assert len(outcomes) == 600 and not any(o.error for o in outcomes)
    # one open to list each archive, one to read its entries
    assert sorted(opened) == sorted(paths * 2)


def test_a_changed_archive_is_reopened(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("p.txt", plan(1))
    [source] = list(expand([str(path)]))
    assert batch.read_source(source) == plan(1).encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("p.txt", plan(22))
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert batch.read_source(source) == plan(22).encode("utf-8")
    batch.close_archive()


# ---------------------------------------------------------------- 6. .docx bombs


def _docx(xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def _document_xml(body: str) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}'
            "</w:body></w:document>").encode("utf-8")


def test_docx_bomb_is_refused_before_unpacking(tmp_path: Path, monkeypatch) -> None:
    """A .docx of 214 KB whose XML expands to 60 MB took 196 s and 4.5 GB:
    refused from the sizes in the archive's directory, over 50 MB or over
    200-fold, before anything is unpacked."""
    paragraph = "<w:p><w:r><w:t>一</w:t></w:r></w:p>"
    unpacked: list[int] = []
    real_open = zipfile.ZipFile.open
    for name, count, fragment in (("huge.docx", 1_800_000, "over the 50 MB limit"),  # 63 MB
                                  ("bomb.docx", 150_000, "-fold: a zip bomb")):  # 5 MB, 1,000-fold
        xml = _document_xml(paragraph * count)
        path = tmp_path / name
        path.write_bytes(_docx(xml))
        assert path.stat().st_size < 1_000_000 and len(xml) > 200 * path.stat().st_size
        monkeypatch.setattr(zipfile.ZipFile, "open",
                            lambda self, *a, **k: unpacked.append(1) or real_open(self, *a, **k))
        start = time.perf_counter()
        result = run("parse", path)
        assert_one_line_error(result, 1, name, "word/document.xml", fragment)
        assert time.perf_counter() - start < 30
        assert unpacked == []
        monkeypatch.undo()


def test_docx_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    """The size limit holds whatever the ratio (here about 3-fold)."""
    body = "".join(f"<w:p><w:r><w:t>第{n}段 {os.urandom(8).hex()}</w:t></w:r></w:p>" for n in range(400))
    path = tmp_path / "big.docx"
    path.write_bytes(_docx(_document_xml(body)))
    assert path.stat().st_size < 20_000 < len(_document_xml(body))
    monkeypatch.setattr(read, "MAX_BYTES", 20_000)
    with pytest.raises(InputTooLarge, match="word/document.xml"):
        formats.docx_text(path.read_bytes(), str(path))
    result = run("parse", path)
    assert_one_line_error(result, 1, "word/document.xml", "limit")


def test_docx_within_the_limits_still_parses(tmp_path: Path) -> None:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in plan(5).splitlines())
    path = tmp_path / "plan.docx"
    path.write_bytes(_docx(_document_xml(body)))
    payload = json.loads(run("parse", path, "-f", "json").stdout)
    assert [t["text"] for d in payload["documents"] for t in d["targets"]] == ["5家", "500万元"]


# ---------------------------------------------------------------- 7. standard input


def test_stdin_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    """`-` read all of standard input, however large."""
    good = tmp_path / "good.txt"
    good.write_text(plan(2), encoding="utf-8")
    huge = b"a" * (read.MAX_BYTES + 1)
    result = run("parse", "-", good, "-f", "jsonl", input=huge)
    assert_one_line_error(result, 1, "standard input", "50 MB limit")
    assert [json.loads(x)["source"] for x in result.stdout.splitlines()] == [str(good)]
    result = run("normalize", "-", input=huge)
    assert_one_line_error(result, 1, "standard input", "50 MB limit")
    assert result.stdout == ""


def test_stdin_reads_no_more_than_the_limit() -> None:
    class Stream(io.BytesIO):
        asked: list = []

        def read(self, n=-1):
            self.asked.append(n)
            return super().read(n)

    stream = Stream(b"x" * 100)
    assert read.read_stdin(stream) == b"x" * 100
    assert Stream.asked == [read.MAX_BYTES + 1]


# ---------------------------------------------------------------- 8. a closed standard output


@pytest.mark.parametrize(("fmt", "jobs"), [("csv", "1"), ("csv", "2"), ("jsonl", "2")])
def test_closed_stdout_ends_the_run_quietly(big_folder: Path, fmt: str, jobs: str) -> None:
    """`plankit parse DIR -f csv | head -1` gave a Broken pipe error per file."""
    proc = plankit("parse", big_folder, "-f", fmt, "-j", jobs, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        header = proc.stdout.readline()
        proc.stdout.close()  # as head -1 does
        stderr = proc.stderr.read()
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert header.startswith(b"source,document," if fmt == "csv" else b'{"source":')
    assert stderr.decode() == ""
    assert proc.returncode in (0, 141)


# ---------------------------------------------------------------- 9. --out-dir checked up front


def test_out_dir_checked_before_parsing(folder: Path, tmp_path: Path, monkeypatch) -> None:
    """A read-only or non-directory --out-dir was found after parsing everything."""
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    for out_dir, fragment in ((blocker, "is a file, not a folder"), (blocker / "sub", "cannot create --out-dir")):
        result = run("parse", folder, "--out-dir", out_dir)
        assert_one_line_error(result, 2, fragment)
    assert blocker.read_text(encoding="utf-8") == "x"

    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    result = run("parse", folder, "--out-dir", tmp_path / "ro")
    assert_one_line_error(result, 2, "cannot write in --out-dir", "Permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_read_only_out_dir_is_a_usage_error(folder: Path, tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        result = run("parse", folder, "--out-dir", ro)
        assert_one_line_error(result, 2, "cannot write in --out-dir")
    finally:
        ro.chmod(0o700)


def test_out_dir_probe_leaves_nothing(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("parse", folder, "--out-dir", out)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.rglob("*")) == ["p1.json", "p2.json", "p3.json", "p4.json", "p5.json",
                                                       "p6.json", "p7.json", "p8.json", "plans"]


# ---------------------------------------------------------------- 10. options that exclude each other


CONFLICTS = [
    pytest.param(["--out-dir", "{o}", "-o", "{t}/x.json"], "exclude each other", id="out-dir-and-output"),
    pytest.param(["--bom", "-f", "json"], "--bom", id="bom-json"),
    pytest.param(["--bom"], "--bom", id="bom-table"),
    pytest.param(["--out-dir", "{o}", "-f", "csv"], "--out-dir writes one JSON file", id="out-dir-csv"),
    pytest.param(["--out-dir", "{o}", "-f", "table"], "--out-dir writes one JSON file", id="out-dir-table"),
    pytest.param(["--out-dir", "{o}", "-f", "jsonl"], "--out-dir writes one JSON file", id="out-dir-jsonl"),
    pytest.param(["--errors", "{t}"], "Is a directory", id="errors-a-folder"),
    pytest.param(["--errors", "{t}/no/such/folder/e.jsonl"], "No such file or directory", id="errors-no-folder"),
    pytest.param(["--errors", "{f}/e.jsonl"], "Not a directory", id="errors-under-a-file"),
    pytest.param(["-j", "-1"], "--jobs", id="negative-jobs"),
]


@pytest.mark.parametrize(("options", "fragment"), CONFLICTS)
def test_conflicting_options_are_usage_errors(folder: Path, tmp_path: Path, options: list[str],
                                              fragment: str) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    args = [o.format(o=tmp_path / "o", t=tmp_path, f=tmp_path / "f") for o in options]
    result = run("parse", folder, *args)
    assert_one_line_error(result, 2, fragment)
    assert result.stdout == ""
    assert not (tmp_path / "o").exists() and not (tmp_path / "x.json").exists()


def test_out_dir_writes_json_by_default(folder: Path, tmp_path: Path) -> None:
    result = run("parse", folder, "--out-dir", tmp_path / "o")
    assert result.exit_code == 0, result.stderr
    assert json.loads((tmp_path / "o" / "plans" / "p1.json").read_text(encoding="utf-8"))["source"].endswith("p1.txt")
    result = run("parse", folder / "p1.txt", "-f", "csv", "--bom")
    assert result.exit_code == 0 and result.stdout.startswith("\ufeff")


# ---------------------------------------------------------------- 11. path globs


GLOBS = [
    pytest.param("**/*.txt", ["a.txt", "sub/b.txt", "sub/deep/c.txt"], id="double-star-any-depth"),
    pytest.param("*.txt", ["a.txt", "sub/b.txt", "sub/deep/c.txt"], id="base-names-as-before"),
    pytest.param("sub/*.txt", ["sub/b.txt"], id="one-folder"),
    pytest.param("sub/**/*.txt", ["sub/b.txt", "sub/deep/c.txt"], id="below-a-folder"),
    pytest.param("**/deep/*", ["sub/deep/c.txt"], id="a-folder-at-any-depth"),
    pytest.param("**/*.md", ["sub/d.md"], id="other-suffix"),
    pytest.param("s?b/[bc].txt", ["sub/b.txt"], id="question-mark-and-class"),
    pytest.param("./sub/*.md", ["sub/d.md"], id="dot-slash"),
]


@pytest.mark.parametrize(("pattern", "expected"), GLOBS)
def test_glob_matches_paths(tmp_path: Path, pattern: str, expected: list[str]) -> None:
    """`--glob '**/*.txt'` matched nothing: only base names were matched."""
    root = tmp_path / "root"
    for rel in ("a.txt", "sub/b.txt", "sub/deep/c.txt", "sub/d.md"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(plan(1), encoding="utf-8")
    found = [str(Path(s.path).relative_to(root)) for s in expand([str(root)], pattern)]
    assert found == expected
    with zipfile.ZipFile(tmp_path / "r.zip", "w") as z:
        for rel in ("a.txt", "sub/b.txt", "sub/deep/c.txt", "sub/d.md"):
            z.writestr(rel, plan(1))
    entries = [s.member for s in expand([str(tmp_path / "r.zip")], pattern)]
    assert entries == expected


def test_glob_in_the_command(tmp_path: Path) -> None:
    (tmp_path / "d" / "e").mkdir(parents=True)
    (tmp_path / "d" / "e" / "p.txt").write_text(plan(4), encoding="utf-8")
    result = run("parse", tmp_path / "d", "--glob", "**/*.txt", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert [json.loads(x)["source"] for x in result.stdout.splitlines()] == [str(tmp_path / "d" / "e" / "p.txt")]


# ---------------------------------------------------------------- 12. FIFOs, damaged entries, encodings, --verbose


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_named_and_not_opened(tmp_path: Path) -> None:
    """A FIFO was 'a directory, not a file' (and opening one waits for a writer)."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for command in ("parse", "normalize"):
        proc = plankit(command, fifo, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            stdout, stderr = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == 1
        assert stderr.decode() == f"plankit: error: {fifo} is a FIFO (named pipe), not a regular file; " \
                                  "pass a plan file (or - with a pipe)\n"
    with pytest.raises(Exception, match="a device, not a regular file"):
        read.read_input(Path(os.devnull))


def test_damaged_zip_entry_is_an_input_error(tmp_path: Path) -> None:
    """A bad CRC gave 'internal error … please report it'."""
    text = plan(6).encode("utf-8")
    stored, deflated = tmp_path / "stored.zip", tmp_path / "deflated.zip"
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as z:
        z.writestr("bad.txt", text)
        z.writestr("good.txt", text)
    data = stored.read_bytes()
    stored.write_bytes(data.replace(text, text.replace("企业".encode(), "企亚".encode()), 1))  # a bad CRC
    with zipfile.ZipFile(deflated, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bad.txt", text * 50)
    data = bytearray(deflated.read_bytes())
    start = data.index(b"bad.txt") + len(b"bad.txt")
    for k in range(start + 10, start + 40):
        data[k] ^= 0x5A  # damaged deflate data
    deflated.write_bytes(bytes(data))
    result = run("parse", stored, deflated, "-f", "jsonl")
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 3 and errors[-1] == "plankit: parsed 1 of 3 inputs, 2 failed"
    for line in errors[:2]:
        assert line.startswith("plankit: error: ") and "internal error" not in line and "damaged" in line
    assert [json.loads(x)["source"] for x in result.stdout.splitlines()] == [f"{stored}!good.txt"]


@pytest.mark.parametrize("encoding", ["nonsense", "rot13", "base64"])
@pytest.mark.parametrize("command", ["parse", "report", "normalize"])
def test_unknown_encoding_is_a_usage_error(tmp_path: Path, command: str, encoding: str) -> None:
    """`--encoding nonsense` exited 1 (once per input)."""
    path = tmp_path / "p.txt"
    path.write_text(plan(1), encoding="utf-8")
    args = [command, path, "--encoding", encoding] + (["-o", tmp_path / "r.html"] if command == "report" else [])
    result = run(*args)
    assert_one_line_error(result, 2, repr(encoding))
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_verbose_prints_the_traceback_of_internal_errors(folder: Path, monkeypatch, jobs: str) -> None:
    """-v printed nothing more: the batch had kept only the error's text."""
    def bug(source, encoding=None, stdin=None):
        raise ValueError("a bug in plankit")

    import multiprocessing

    monkeypatch.setattr(batch, "source_text", bug)
    # workers forked from this process inherit the patch (the fork server's would not)
    monkeypatch.setattr(batch, "pool_context", lambda: multiprocessing.get_context("fork"))
    quiet = run("parse", folder / "p1.txt", folder / "p2.txt", "-j", jobs)
    assert quiet.exit_code == 1
    assert len(quiet.stderr.splitlines()) == 2 and "Traceback" not in quiet.stderr
    assert "internal error (ValueError: a bug in plankit); please report it" in quiet.stderr
    loud = run("parse", folder / "p1.txt", folder / "p2.txt", "-j", jobs, "-v")
    assert loud.exit_code == 1
    assert loud.stderr.count("Traceback (most recent call last)") == 2
    assert loud.stderr.count("ValueError: a bug in plankit") == 4  # each error line and its traceback
    assert "in bug" in loud.stderr


# ---------------------------------------------------------------- 13. the install script, 14. the shared texts


def test_install_script_waits_for_the_dpkg_lock() -> None:
    """The script failed at once while another process held the dpkg lock."""
    script = (ROOT / "scripts" / "install-test-browser.sh").read_text(encoding="utf-8")
    calls = [line for line in script.splitlines() if "apt-get" in line and not line.lstrip().startswith("#")]
    assert len(calls) == 2 and {" update" in c for c in calls} == {True, False}
    assert all("-o DPkg::Lock::Timeout=120" in c for c in calls)


@pytest.mark.parametrize(("ci", "outcome"), [("", "skipped"), ("false", "skipped"), ("true", "failed"), ("1", "failed")])
def test_real_text_tests_say_why_they_skip_and_fail_in_ci(tmp_path: Path, ci: str, outcome: str) -> None:
    """Without ../shared the real-text tests skipped without notice, in CI too."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(PLANKIT_SHARED=str(tmp_path / "no-shared"), **({"CI": ci} if ci else {}))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", str(ROOT / "tests" / "test_real_texts.py"), "-q", "-rs",
         "-p", "no:cacheprovider", "-o", "addopts="],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )
    summary = proc.stdout.strip().splitlines()[-1]
    assert f"3 {outcome}" in summary, proc.stdout
    assert "need ../shared beside this checkout" in proc.stdout
    assert proc.returncode == (0 if outcome == "skipped" else 1)

"""Batches: files, folders and zip archives, parsed in parallel, in input order.

:func:`expand` turns the paths a user gives into :class:`Source` records
(cheap descriptions, never contents); :func:`parse_sources` parses them with
``jobs`` worker processes and yields one :class:`Outcome` per source in input
order, keeping only a bounded window of work in flight so that memory stays
flat however large the archive.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import re
import signal
import sys
import threading
import zipfile
import zlib
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Iterator, Optional

from plankit import regex
from plankit.errors import InputTooLarge, PlankitError
from plankit.parse.formats import DOCUMENTS, SUPPORTED
from plankit.models import ParseResult
from plankit.parse.read import MAX_BYTES, MAX_RATIO, check_zip_part, read_input

#: zip archives: at most this many entries, and this much decompressed in all
ZIP_MAX_ENTRIES = 20_000
ZIP_MAX_TOTAL = 4 * 1024**3
#: an entry that expands more than this is a bomb (the bound of every container part)
ZIP_MAX_RATIO = MAX_RATIO



@dataclass(frozen=True)
class Source:
    """One input to parse: a file, a zip entry, or standard input."""

    name: str  # what the user sees, and ParseResult.source
    path: Optional[str] = None  # file on disk (the archive, for an entry)
    member: Optional[str] = None  # entry inside the archive
    index: int = 0  # entry number inside the archive
    #: where the output goes under --out-dir (relative, never from archive text)
    out_name: str = ""
    error: Optional[str] = None  # the source could not even be listed


@dataclass(frozen=True)
class Outcome:
    source: Source
    result: Optional[ParseResult] = None  # parsed in this process
    json: Optional[str] = None  # parsed in a worker: the ParseResult as JSON
    error: Optional[str] = None
    size: int = 0  # bytes read
    #: the traceback of an internal error (a bug in plankit), for --verbose
    traceback: Optional[str] = None
    #: parsed in a worker that rendered it for the output format (export.payload)
    payload: Any = None
    #: what the reader said a person should know (pages OCRed, a reader's fallback)
    notes: tuple[str, ...] = ()

    def parsed(self) -> ParseResult:
        """The result, whichever process made it."""
        if self.result is not None:
            return self.result
        assert self.json is not None, self.error
        return ParseResult.model_validate_json(self.json)


# ------------------------------------------------------------------ listing


def expand(paths: Iterable[str], pattern: str = DOCUMENTS) -> Iterator[Source]:
    """Sources for the given paths: files as they are, folders walked (names
    matching ``pattern``, zips always), zips opened (entries matching it).

    ``pattern`` (by default :data:`DOCUMENTS`, every format plankit reads) is
    matched against base names (``*.txt``), or, when it holds
    a ``/``, against the path below the folder or inside the archive, where
    ``*`` stays within a folder and ``**/`` is any number of folders
    (``**/*.txt``, ``2024/*.docx``).

    Each source's ``out_name`` (where ``--out-dir`` writes it) mirrors its
    path below the common folder of all the paths given (a folder keeps its
    own name: ``plans/sub/p1.json``), and is unique: two inputs that would
    still share a name are numbered (``plan.json``, ``plan-2.json``)."""
    paths = list(paths)
    root = _common_root(paths)
    match = _matcher(pattern)
    names = _UniqueNames()
    for raw in paths:
        for source in _expand_one(raw, pattern, match, root):
            yield names.assign(source)


def _expand_one(raw: str, pattern: str, match, root: str) -> Iterator[Source]:
    if raw == "-":
        yield Source(name="<stdin>", out_name="stdin.json")
        return
    p = Path(raw)
    if p.is_dir():
        found = 0
        for f in _walk(p):
            rel = f.relative_to(p)
            if f.suffix.lower() == ".zip":
                found += 1
                yield from _zip_sources(f, _out_path(f, root), pattern, match)
            elif match(rel.as_posix()):
                found += 1
                yield Source(name=str(f), path=str(f), out_name=_json_name(_out_path(f, root)))
        if not found:
            what = "documents plankit reads" if pattern == DOCUMENTS else f"{pattern} files"
            yield Source(name=raw, path=raw, error=f"the directory {raw} holds no {what}; see --glob")
    elif p.suffix.lower() == ".zip" and p.is_file():
        yield from _zip_sources(p, _out_path(p, root), pattern, match)
    else:
        yield Source(name=raw, path=raw, out_name=_json_name(_out_path(p, root)))


def _anchor(raw: str) -> str:
    """The folder that a path's output names are relative to: its parent (a
    folder given by name keeps that name), or ``.`` and ``..`` themselves."""
    absolute = os.path.abspath(raw)
    if Path(raw).name in ("", ".", "..") and os.path.isdir(raw):
        return absolute
    return os.path.dirname(absolute)


def _common_root(paths: list[str]) -> str:
    anchors = [_anchor(raw) for raw in paths if raw != "-"]
    return os.path.commonpath(anchors) if anchors else os.getcwd()


def _out_path(path: Path, root: str) -> PurePosixPath:
    """``path`` below ``root``, as a relative path to write under --out-dir."""
    rel = os.path.relpath(os.path.abspath(path), root)
    return PurePosixPath(*Path(rel).parts)


def _json_name(rel: PurePosixPath) -> str:
    return str(rel.with_suffix(".json")) if rel.suffix else f"{rel}.json"


class _UniqueNames:
    """Numbers an output name already taken (by a file, or as a folder)."""

    def __init__(self) -> None:
        self._files: set[str] = set()
        self._folders: set[str] = set()

    def assign(self, source: Source) -> Source:
        name = source.out_name
        if not name:
            return source
        if name in self._files or name in self._folders:
            path = PurePosixPath(name)
            k = 2
            while True:
                candidate = str(path.with_name(f"{path.stem}-{k}{path.suffix}"))
                if candidate not in self._files and candidate not in self._folders:
                    break
                k += 1
            name = candidate
            source = replace(source, out_name=name)
        self._files.add(name)
        self._folders.update(str(parent) for parent in PurePosixPath(name).parents)
        return source


def _matcher(pattern: str):
    """A test of a path (relative, with ``/``) against a --glob pattern."""
    if pattern == DOCUMENTS:
        return lambda rel: rel.lower().endswith(SUPPORTED)
    if "/" not in pattern:
        return lambda rel: fnmatch.fnmatch(rel.rsplit("/", 1)[-1], pattern)
    # a user's pattern: compiled here, not kept in plankit's cache of its own patterns
    compiled = re.compile(_glob_regex(pattern[2:] if pattern.startswith("./") else pattern))
    return lambda rel: compiled.fullmatch(rel) is not None


def _glob_regex(pattern: str) -> str:
    """A path glob as a regular expression: ``**/`` any number of folders,
    ``**`` anything, ``*`` and ``?`` within one name, ``[...]`` a class."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        c = pattern[i]
        i += 1
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = i
            if j < n and pattern[j] == "!":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                out.append("\\[")
                continue
            body = pattern[i:j].replace("\\", "\\\\")
            i = j + 1
            if body.startswith("!"):
                body = "^" + body[1:]
            elif body.startswith("^"):
                body = "\\" + body
            out.append(f"[{body}]")
        else:
            out.append(re.escape(c))
    return "".join(out)


def _walk(folder: Path) -> Iterator[Path]:
    """Files below ``folder`` in a stable order, not following links out of it."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            f = Path(root) / name
            if f.is_file():
                yield f


_SAFE = regex.compile(r"[^\w.-]+")  # \w keeps Han characters


def _zip_sources(archive: Path, rel: PurePosixPath, pattern: str, match=None) -> Iterator[Source]:
    match = match or _matcher(pattern)
    try:
        with zipfile.ZipFile(archive) as z:
            infos = [i for i in z.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        yield Source(name=str(archive), path=str(archive), error=f"{archive} is not a readable zip archive ({exc})")
        return
    if len(infos) > ZIP_MAX_ENTRIES:
        yield Source(name=str(archive), path=str(archive),
                     error=f"{archive} has {len(infos):,} entries, over the {ZIP_MAX_ENTRIES:,} limit; split it")
        return
    if sum(i.file_size for i in infos) > ZIP_MAX_TOTAL:
        yield Source(name=str(archive), path=str(archive),
                     error=f"{archive} unpacks to over {ZIP_MAX_TOTAL // 1024**3} GB; split it")
        return
    out_dir = rel.with_name(rel.name + ".d")
    for k, info in enumerate(infos):
        entry = _entry_name(info)
        base = PurePosixPath(entry).name
        if not match(entry):
            continue
        # the output name is made from the entry's number and a sanitised stem:
        # no path from the archive is ever used to write a file
        stem = _SAFE.sub("_", PurePosixPath(base).stem)[:60] or "entry"
        yield Source(
            name=f"{archive}!{entry}",
            path=str(archive),
            member=info.filename,
            index=k,
            out_name=str(out_dir / f"{k:05d}-{stem}.json"),
        )


def _entry_name(info: zipfile.ZipInfo) -> str:
    """Zip entry names written by Windows tools in GBK are flagged as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


# ------------------------------------------------------------------ reading


def read_source(source: Source, stdin: Optional[bytes] = None) -> bytes:
    """The bytes of ``source``. ``stdin`` is what was read of standard input:
    at most ``MAX_BYTES + 1`` bytes (more is refused)."""
    if source.error:
        raise PlankitError(source.error)
    if source.path is None:
        data = stdin or b""
        if len(data) > MAX_BYTES:
            raise InputTooLarge(f"standard input is over the {MAX_BYTES // (1024 * 1024)} MB limit; "
                                "split it or pass files")
        return data
    if source.member is None:
        return read_input(Path(source.path))
    try:
        z = _archive(source.path)
        info = z.getinfo(source.member)
        check_zip_part(info, source.name, ZIP_MAX_RATIO)
        with z.open(info) as f:
            data = f.read(MAX_BYTES + 1)  # never trust the header's size
    except PlankitError:
        raise
    except KeyError:
        close_archive()
        raise PlankitError(f"{source.name} is no longer in its archive (was it changed during the run?)") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a bad CRC, damaged deflate data
        close_archive()
        raise PlankitError(f"{source.name} is damaged in its archive ({exc}); skipped") from None
    except (NotImplementedError, RuntimeError) as exc:  # encrypted, or an unknown compression method
        close_archive()
        raise PlankitError(f"{source.name} cannot be unpacked ({exc}); skipped") from None
    except OSError as exc:
        close_archive()
        raise PlankitError(f"cannot read {source.path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise InputTooLarge(f"{source.name} unpacks to over the {MAX_BYTES // (1024 * 1024)} MB limit; skipped")
    return data


#: the archive this thread read last, kept open: reading each entry of a zip
#: would otherwise read its whole central directory again (quadratic time)
_last_archive = threading.local()


def _archive(path: str) -> zipfile.ZipFile:
    """The open archive at ``path``: the one read last when it is the same
    file, unchanged, in this process and thread; else opened anew."""
    st = os.stat(path)
    key = (os.getpid(), path, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    held = getattr(_last_archive, "held", None)
    if held is not None and held[0] == key:
        return held[1]
    close_archive()
    z = zipfile.ZipFile(path)
    _last_archive.held = (key, z)
    return z


def close_archive() -> None:
    """Close the archive kept open by :func:`read_source` in this thread."""
    held = getattr(_last_archive, "held", None)
    _last_archive.held = None
    if held is not None and held[0][0] == os.getpid():  # never one a parent process opened
        with contextlib.suppress(Exception):
            held[1].close()


def source_text(source: Source, encoding: Optional[str] = None, stdin: Optional[bytes] = None):
    """The text plankit parses for ``source`` (decoded, or extracted from a
    PDF, Word, OFD or web page, by content) and the bytes read."""
    from plankit.parse.formats import extract

    data = read_source(source, stdin)
    return extract(data, name=source.name, encoding=encoding), len(data)


def parse_source(source: Source, encoding: Optional[str] = None, script: str = "simplified",
                 stdin: Optional[bytes] = None) -> Outcome:
    """Parse one source; failures become an Outcome with an error, never an exception."""
    from plankit.pipeline import parse_text

    try:
        extracted, size = source_text(source, encoding, stdin)
        result = parse_text(extracted.text, source=source.name, encoding=extracted.encoding, script=script,
                            pages=extracted.pages)
        return Outcome(source, result=result, size=size, notes=extracted.notes)
    except PlankitError as exc:
        return Outcome(source, error=str(exc))
    except Exception as exc:  # a bug in plankit: report it, keep the batch going
        import traceback

        return Outcome(source, error=f"{source.name}: internal error ({type(exc).__name__}: {exc}); please report it",
                       traceback=traceback.format_exc())


def _parse_jobs(sources: list[Source], encoding: Optional[str], script: str, fmt: Optional[str]) -> list[Outcome]:
    """A worker's task: several sources, each result rendered here for the
    output format (the parent only writes it), else sent back as JSON,
    cheaper to send than a model."""
    from plankit import export

    out = []
    for source in sources:
        outcome = parse_source(source, encoding, script)
        if outcome.result is not None:
            if fmt in export.PAYLOAD_FORMATS:
                outcome = Outcome(source, payload=export.payload(outcome.result, fmt), size=outcome.size,
                                  notes=outcome.notes)
            else:
                outcome = Outcome(source, json=outcome.result.model_dump_json(), size=outcome.size,
                                  notes=outcome.notes)
        out.append(outcome)
    return out


def _worker_start() -> None:
    """A worker ignores Ctrl-C (the parent stops the pool) and dies at once on
    SIGTERM, whatever handlers it inherited from the parent; a spawned one
    warms plankit first (a forked one was warmed by the fork server)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    import plankit.warm  # noqa: F401  (already imported where the server preloaded it)


def pool_context():
    """How worker processes start, chosen and not left to the platform's
    default. On Linux, fork when this process runs no other thread: the
    workers are copies of this warmed process (plankit.warm: its regexes,
    OpenCC and jieba's tables loaded), started before the pool's own thread
    (the pool launches every forked worker at once); with another thread
    running (a progress bar's), whose state fork would copy half-done, a fork
    server that has imported and warmed plankit. Elsewhere spawn, each worker
    warming itself (macOS and Windows have no safe fork).
    ``PLANKIT_START_METHOD`` (fork, forkserver, spawn) chooses another."""
    import multiprocessing
    import threading

    method = os.environ.get("PLANKIT_START_METHOD")
    if not method:
        if not sys.platform.startswith("linux"):
            method = "spawn"
        else:
            method = "fork" if threading.active_count() == 1 else "forkserver"
    if method not in multiprocessing.get_all_start_methods():
        raise PlankitError(f"PLANKIT_START_METHOD={method} is not a start method here; "
                           f"use one of {', '.join(multiprocessing.get_all_start_methods())}")
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["plankit.warm"])
    elif method == "fork":
        import plankit.warm  # noqa: F401  (warm here, once, for every worker)
    return context


#: sources a task takes at most: fewer round trips for folders of small files
TASK_SOURCES = 8


def parse_sources(sources: Iterable[Source], *, jobs: int = 1, encoding: Optional[str] = None,
                  script: str = "simplified", stdin: Optional[bytes] = None,
                  fmt: Optional[str] = None) -> Iterator[Outcome]:
    """Outcomes in input order. With ``jobs`` > 1, worker processes parse,
    several sources a task, and render each result for ``fmt`` (see
    :data:`plankit.export.PAYLOAD_FORMATS`), while at most ``8 * jobs``
    tasks wait to be consumed (enough that one slow file does not leave the
    other workers idle)."""
    if jobs <= 1:
        try:
            for s in sources:
                yield parse_source(s, encoding, script, stdin)
        finally:
            close_archive()
        return
    from concurrent.futures import ProcessPoolExecutor

    sources = list(sources)
    per_task = max(1, min(TASK_SOURCES, len(sources) // (jobs * 8)))
    window = 8 * jobs
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start, mp_context=pool_context())
    pending: deque = deque()
    finished = False
    task: list[Source] = []

    def submit() -> None:
        if task:
            pending.append(pool.submit(_parse_jobs, list(task), encoding, script, fmt))
            task.clear()

    try:
        for s in sources:
            if s.path is None or s.error:  # stdin and listing errors stay in this process
                submit()
                pending.append(_Done([parse_source(s, encoding, script, stdin)]))
            else:
                task.append(s)
                if len(task) >= per_task:
                    submit()
            while len(pending) >= window:
                yield from pending.popleft().result()
        submit()
        while pending:
            yield from pending.popleft().result()
        finished = True
    finally:
        # the consumer stopped early (a full disk, a closed pipe, Ctrl-C) or
        # a result raised: cancel what waits and end the workers now
        if finished:
            pool.shutdown(wait=True)
        else:
            stop_pool(pool)


def stop_pool(pool) -> None:
    """Cancel the futures that have not started, terminate the workers (they
    may be in the middle of a long file) and wait for them to exit."""
    # The pool's own thread cancels what waits (cancelling here too races with
    # it: Python 3.11 then reports InvalidStateError from that thread).
    # shutdown() drops the pool's references to these: take them first.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    thread = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
    # A worker ended while it sent a result leaves half a message in the
    # result pipe, and the pool's thread waiting for the rest forever (and
    # the interpreter's exit waiting for that thread). This process holds the
    # last writing end: closing it turns the wait into an end of file, which
    # the thread handles as a broken pool, and it exits.
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.close()
    if thread is not None:
        thread.join(5)


class _Done:
    """Finished outcomes that sit in the queue like a future's."""

    def __init__(self, outcomes: list[Outcome]):
        self._outcomes = outcomes

    def result(self) -> list[Outcome]:
        return self._outcomes


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash never leaves half a file,
    and a failure (a full disk, Ctrl-C) never leaves the temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

"""The command line: parses arguments, calls the library, renders the result.

Exit codes: 0 all inputs parsed, 1 some inputs failed (or the output could
not be written: a full disk), 2 usage error, 130 and 143 interrupted
(SIGINT, SIGTERM), 141 standard output closed (``| head``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from plankit import __version__
from plankit.parse.formats import DOCUMENTS
from plankit.cli_compare import compare_command
from plankit.errors import PlankitError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn Chinese work plans into a heading tree and exact numeric targets.",
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"


class Script(str, Enum):
    simplified = "simplified"
    original = "original"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"plankit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Turn Chinese work plans into a heading tree and exact numeric targets."""


def _error(message: str) -> None:
    sys.stderr.write(f"plankit: error: {message}\n")


def _usage(message: str) -> None:
    """A usage error: one line, exit 2, before anything is read or written."""
    _error(message)
    raise typer.Exit(2)


#: a write that fails with one of these fails every write after it: the run stops
_FATAL_ERRNOS = {errno.ENOSPC, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC)}


class _Stop(Exception):
    """A failure that ends the run (a full disk): one line on standard error."""

    def __init__(self, message: str, source: Optional[str] = None):
        super().__init__(message)
        self.source = source


def _quiet_stdout() -> None:
    """Standard output was closed (``| head``): point it at /dev/null so that
    nothing more is reported, not even at exit (the Python docs' recipe)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


@contextlib.contextmanager
def _stdout_guard():
    """A closed standard output ends the command quietly, exit 141 (as SIGPIPE)."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        raise typer.Exit(141) from None


def _check_encoding(encoding: Optional[str]) -> None:
    if encoding:
        from plankit.parse.read import check_encoding

        try:
            check_encoding(encoding)
        except PlankitError as exc:
            _usage(str(exc))


def _check_file_target(path: Optional[Path]) -> None:
    """An output file must be a file in a folder that exists."""
    if path is None:
        return
    if path.is_dir():
        _usage(f"cannot write {path}: Is a directory")
    parent = path.parent
    if not parent.exists():
        _usage(f"cannot write {path}: No such file or directory")
    if not parent.is_dir():
        _usage(f"cannot write {path}: Not a directory")


def _identities(path) -> set:
    """What makes two paths the same file: the resolved path, and the inode
    when it exists (hard links, bind mounts)."""
    ids: set = {("path", os.path.realpath(path))}
    with contextlib.suppress(OSError, ValueError):
        st = os.stat(path)
        ids.add(("inode", st.st_dev, st.st_ino))
    return ids


def _check_outputs(sources, *, output: Optional[Path] = None, errors_file: Optional[Path] = None,
                   out_dir: Optional[Path] = None, parquet: bool = False) -> None:
    """No output may be one of the inputs (given, or found in a folder), nor
    two outputs the same file: refused before anything is opened for writing."""
    inputs: dict = {}
    for path in dict.fromkeys(s.path for s in sources if s.path is not None):
        for key in _identities(path):
            inputs.setdefault(key, path)

    def clash(path, option: str) -> None:
        for key in _identities(path):
            if key in inputs:
                where = "" if str(path) == str(inputs[key]) else f" (as {inputs[key]})"
                _usage(f"{option} {path} is one of the inputs{where}; write elsewhere")

    if output is not None:
        clash(output, "--output")
    if errors_file is not None:
        clash(errors_file, "--errors")
        if output is not None and _identities(output) & _identities(errors_file):
            _usage(f"--output and --errors are the same file ({output})")
    if out_dir is None:
        return
    clash(out_dir, "--out-dir")
    root = os.path.realpath(out_dir)
    if parquet:
        written = [("errors.jsonl", os.path.join(root, "errors.jsonl"))]
        for folder in ("targets", "sections"):
            for path in inputs.values():
                real = os.path.realpath(path)
                if os.path.dirname(real) == os.path.join(root, folder) and real.endswith(".parquet"):
                    _usage(f"--out-dir {out_dir} would overwrite the input {path}; choose another folder")
    else:
        written = [(s.out_name, os.path.join(root, s.out_name)) for s in sources if s.out_name and not s.error]
    errors_ids = _identities(errors_file) if errors_file is not None else set()
    for name, path in written:
        keys = _identities(path)
        for key in keys:
            if key in inputs:
                _usage(f"--out-dir {out_dir} would write {out_dir / name} over the input {inputs[key]}; "
                       "choose another folder")
        if keys & errors_ids:
            _usage(f"--errors {errors_file} is also a file of --out-dir; choose another name")


def _prepare_out_dir(out_dir: Path) -> None:
    """Create --out-dir and check that a file can be written in it, before any
    input is parsed."""
    import tempfile

    if out_dir.exists() and not out_dir.is_dir():
        _usage(f"--out-dir {out_dir} is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _usage(f"cannot create --out-dir {out_dir}: {exc.strerror or exc}")
    try:
        fd, probe = tempfile.mkstemp(dir=out_dir, prefix=".plankit-probe-", suffix=".tmp")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        _usage(f"cannot write in --out-dir {out_dir}: {exc.strerror or exc}")


@app.command()
def parse(
    paths: List[str] = typer.Argument(
        ..., metavar="PATH...", help="Plan files, folders or .zip archives; - reads standard input."
    ),
    fmt: Optional[Format] = typer.Option(
        None, "--format", "-f", show_default=False,
        help="Output format [default: table; json with --out-dir].",
    ),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    out_dir: Optional[Path] = typer.Option(
        None, "--out-dir", help="Write one JSON file per input here, mirroring the input tree."
    ),
    glob: str = typer.Option(
        DOCUMENTS, "--glob",
        help="Which files to take from folders and zip archives: a name pattern, or a path pattern "
        "(with /, ** for any folders: '**/*.txt'). Default: every format plankit reads.",
    ),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (default: the machine's cores)."),
    errors_file: Optional[Path] = typer.Option(None, "--errors", help="Write failed inputs here as JSON Lines."),
    encoding: Optional[str] = typer.Option(None, "--encoding", "-e", help="Decode inputs with this encoding (default: detect)."),
    bom: bool = typer.Option(False, "--bom", help="Start CSV output with a UTF-8 BOM (for Excel); CSV only."),
    script: Script = typer.Option(Script.simplified, "--script", help="Script of titles, metrics and units."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show tracebacks of internal errors."),
    dask: Optional[str] = typer.Option(
        None, "--dask", metavar="[ADDRESS]",
        help="Parse on a Dask cluster: the scheduler at ADDRESS (tcp://host:8786), or a new local one. "
        "Writes --format parquet to --out-dir.",
    ),
) -> None:
    """Parse plans and print their headings and targets."""
    from plankit.batch import expand, parse_sources
    from plankit.output import BatchProgress, Sink

    if fmt is None:
        fmt = Format.json if out_dir is not None else Format.table
    if dask is not None and fmt != Format.parquet:
        _usage("--dask writes Parquet: add --format parquet --out-dir DIR")
    if fmt == Format.parquet and out_dir is None:
        _usage("--format parquet writes a folder: add --out-dir DIR")
    if fmt == Format.xlsx and output is None and out_dir is None:
        _usage("--format xlsx writes a file: add -o FILE.xlsx")
    if out_dir is not None and output is not None:
        _usage("--out-dir and --output exclude each other: --out-dir writes one file per input")
    if out_dir is not None and fmt not in (Format.json, Format.parquet):
        _usage(f"--out-dir writes one JSON file per input, not {fmt.value}: use --format json "
               "(the default with --out-dir) or parquet, or --output FILE")
    if bom and fmt != Format.csv:
        _usage("--bom is for --format csv only")
    if fmt == Format.parquet and "-" in paths:
        _usage("--format parquet reads files, not standard input")
    if fmt == Format.xlsx:
        from plankit.xlsx import check

        try:
            check()  # XlsxWriter is there
        except PlankitError as exc:
            _usage(str(exc))
    if jobs < 0:
        _usage("--jobs must be 0 (one per core) or more")
    _check_encoding(encoding)
    _check_file_target(output)
    _check_file_target(errors_file)
    sources = list(expand(paths, glob))
    _check_outputs(sources, output=output, errors_file=errors_file, out_dir=out_dir,
                   parquet=fmt == Format.parquet)
    if out_dir is not None:
        _prepare_out_dir(out_dir)
    if fmt == Format.parquet:
        _parse_to_parquet(sources, out_dir, jobs, encoding, script.value, dask)
        return
    archive = any(Path(p).is_dir() or p.lower().endswith(".zip") for p in paths if p != "-")
    many = len(sources) != 1 or archive
    if "-" in paths:
        from plankit.parse.read import read_stdin

        stdin = read_stdin(check=False)  # at most the limit and a byte: more fails that input
    else:
        stdin = None
    workers = 1 if len(sources) <= 1 else (jobs or os.cpu_count() or 1)
    if workers > 1:
        from plankit.batch import pool_context

        try:
            pool_context()  # PLANKIT_START_METHOD names one this platform has
        except PlankitError as exc:
            _error(str(exc))
            raise typer.Exit(2) from None
    failures: list[tuple[str, str]] = []
    sink = errors_out = None
    try:
        sink = Sink(fmt.value, output=output, out_dir=out_dir, bom=bom, many=many)
        # line-buffered: each failure is on disk as soon as it is known
        errors_out = open(errors_file, "w", encoding="utf-8", buffering=1) if errors_file else None
    except OSError as exc:
        if sink is not None:
            sink.abort()
        _usage(f"cannot write {exc.filename}: {exc.strerror}")
    progress = BatchProgress(len(sources)) if many and sys.stderr.isatty() else None
    if progress is None and sys.stderr.isatty():
        from plankit.parse.formats import pdf

        pdf.progress = _ocr_progress  # one file: its scanned pages, page by page
    done = 0
    finished = False
    try:
        outcomes = parse_sources(sources, jobs=workers, encoding=encoding, script=script.value, stdin=stdin,
                                 fmt="json" if out_dir is not None else fmt.value)
        try:
            for outcome in outcomes:
                if _SIGNALLED:  # an interrupt that a library turned into an error (pydantic does)
                    raise KeyboardInterrupt
                error = outcome.error
                for note in outcome.notes:
                    _report(f"{outcome.source.name}: {note}", progress, "note")
                if not error:
                    try:
                        sink.write(outcome)
                    except BrokenPipeError:
                        raise
                    except OSError as exc:
                        where = (out_dir / outcome.source.out_name if out_dir is not None
                                 else output or "standard output")
                        if out_dir is None or exc.errno in _FATAL_ERRNOS:
                            raise _Stop(f"cannot write {where}: {exc.strerror or exc}; stopped after "
                                        f"{done} of {len(sources)} inputs", outcome.source.name) from None
                        error = f"cannot write {where}: {exc.strerror or exc}"  # this input only
                if error:
                    failures.append((outcome.source.name, error))
                    _report(error, progress)
                    if verbose and outcome.traceback:
                        sys.stderr.write(outcome.traceback)
                    if errors_out:
                        try:
                            errors_out.write(_error_line(outcome.source.name, error))
                        except OSError as exc:
                            raise _Stop(f"cannot write {errors_file}: {exc.strerror or exc}; stopped after "
                                        f"{done} of {len(sources)} inputs") from None
                done += 1
                if progress:
                    progress.advance(outcome, failed=len(failures))
        finally:
            outcomes.close()  # on any early exit: cancel the queue, end the workers
            if progress:
                progress.stop()
        try:
            sink.close()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _Stop(f"cannot write {output or 'standard output'}: {exc.strerror or exc}") from None
        finished = True
    except BrokenPipeError:
        _quiet_stdout()
        raise typer.Exit(141) from None
    except _Stop as stop:
        _error(str(stop))
        if errors_out and stop.source:
            with contextlib.suppress(OSError):
                errors_out.write(_error_line(stop.source, str(stop)))
        raise typer.Exit(1) from None
    finally:
        if not finished:
            sink.abort()
        if errors_out:
            with contextlib.suppress(OSError):
                errors_out.close()
    if archive:
        sys.stderr.write(
            f"plankit: parsed {len(sources) - len(failures)} of {len(sources)} inputs"
            + (f", {len(failures)} failed" if failures else "") + "\n"
        )
    if failures:
        raise typer.Exit(1)


def _parse_to_parquet(sources, out_dir: Path, jobs: int, encoding: Optional[str], script: str,
                      dask: Optional[str]) -> None:
    """Parquet parts of targets and sections under ``out_dir``, and the
    failures in ``out_dir/errors.jsonl``; locally with ``jobs`` processes, or
    on a Dask cluster."""
    from plankit import parquet

    try:
        parquet.schemas()  # pyarrow is there
        out_dir.mkdir(parents=True, exist_ok=True)
        parquet.clear(out_dir)
    except PlankitError as exc:
        _usage(str(exc))
    except OSError as exc:
        _usage(f"cannot write {out_dir}: {exc.strerror}")
    if dask is not None:
        from plankit.dask import connect, write_parquet

        address = None if dask in ("", "local") else dask
        try:
            with connect(address) as client:
                failures = write_parquet(sources, out_dir, client, encoding=encoding, script=script)
        except OSError as exc:  # no scheduler at that address
            _error(f"cannot reach the Dask scheduler at {address}: {exc}")
            raise typer.Exit(2) from None
    else:
        from plankit.batch import parse_sources

        failures = []
        workers = 1 if len(sources) <= 1 else (jobs or os.cpu_count() or 1)
        results: list = []  # each input's pair of record batches
        part = 0
        outcomes = parse_sources(sources, jobs=workers, encoding=encoding, script=script, fmt="parquet")
        try:
            for k, outcome in enumerate(outcomes):
                if outcome.error:
                    failures.append((outcome.source.name, outcome.error))
                else:
                    results.append(outcome.payload if outcome.payload is not None
                                   else parquet.batches(outcome.result.model_dump()))
                if (k + 1) % parquet.PART_INPUTS == 0 or k + 1 == len(sources):
                    try:
                        parquet.write_batches(out_dir, part, results)
                    except OSError as exc:
                        _error(f"cannot write {out_dir}: {exc.strerror or exc}; stopped after "
                               f"{k + 1 - len(results)} of {len(sources)} inputs")
                        raise typer.Exit(1) from None
                    part, results = part + 1, []
        finally:
            outcomes.close()
    try:
        with open(out_dir / "errors.jsonl", "w", encoding="utf-8") as f:
            for name, error in failures:
                _error(error)
                f.write(_error_line(name, error))
    except OSError as exc:
        _error(f"cannot write {out_dir / 'errors.jsonl'}: {exc.strerror or exc}")
        raise typer.Exit(1) from None
    sys.stderr.write(
        f"plankit: parsed {len(sources) - len(failures)} of {len(sources)} inputs into {out_dir}"
        + (f", {len(failures)} failed (listed in {out_dir / 'errors.jsonl'})" if failures else "") + "\n"
    )
    if failures:
        raise typer.Exit(1)


def _ocr_progress(name: str, done: int, total: int) -> None:
    """OCR's progress on a terminal: one line, rewritten page by page."""
    sys.stderr.write(f"\rplankit: OCR of {name}: page {done} of {total}" + ("\n" if done == total else ""))
    sys.stderr.flush()


def _error_line(source: str, error: str) -> str:
    """A failure as the JSON line of --errors and errors.jsonl."""
    import json

    return json.dumps({"source": source, "error": error}, ensure_ascii=False) + "\n"


def _report(message: str, progress, level: str = "error") -> None:
    """One line on standard error (above the progress bar when there is one)."""
    if progress:
        from rich.markup import escape

        colour = "red" if level == "error" else "yellow"
        progress.console.print(f"[{colour}]plankit: {level}:[/{colour}] {escape(message)}", highlight=False)
    elif level == "error":
        _error(message)
    else:
        sys.stderr.write(f"plankit: {level}: {message}\n")


@app.command()
def report(
    paths: List[str] = typer.Argument(..., metavar="PATH...", help="Plan files, folders or .zip archives."),
    output: Path = typer.Option(..., "--output", "-o", help="The HTML file to write."),
    glob: str = typer.Option(DOCUMENTS, "--glob", help="Which files to take from folders and zip archives."),
    encoding: Optional[str] = typer.Option(None, "--encoding", "-e", help="Decode inputs with this encoding (default: detect)."),
) -> None:
    """Write a self-contained HTML page to review headings and targets in their text."""
    from plankit.batch import expand, source_text
    from plankit.pipeline import parse_text
    from plankit.report import Input, render

    _check_encoding(encoding)
    _check_file_target(output)
    sources = list(expand(paths, glob))
    _check_outputs(sources, output=output)
    inputs: list[Input] = []
    failures = 0
    for source in sources:
        try:
            if source.path is None:
                raise PlankitError("the report reads files, not standard input")
            extracted, _ = source_text(source, encoding)
        except PlankitError as exc:
            _error(str(exc))
            failures += 1
            continue
        inputs.append(Input(extracted.text, parse_text(extracted.text, source=source.name,
                                                       encoding=extracted.encoding, pages=extracted.pages)))
    if not inputs:
        _error("nothing to report: no input could be read")
        raise typer.Exit(1)
    try:
        from plankit.batch import write_atomic

        write_atomic(output, render(inputs))
    except OSError as exc:
        _error(f"cannot write {output}: {exc.strerror}")
        raise typer.Exit(1 if exc.errno in _FATAL_ERRNOS else 2) from None
    targets = sum(len(d.targets) for i in inputs for d in i.result.documents)
    sys.stderr.write(f"plankit: wrote {output} ({len(inputs)} file(s), {targets} targets)\n")
    if failures:
        raise typer.Exit(1)


class SchemaOf(str, Enum):
    parse = "parse"
    compare = "compare"


app.command("compare")(compare_command)


@app.command()
def schema(
    what: SchemaOf = typer.Argument(SchemaOf.parse, help="parse: a parse result; compare: a comparison."),
) -> None:
    """Print the JSON Schema of a parse result (or of a comparison)."""
    import json

    from plankit.models import Comparison, ParseResult

    model = Comparison if what == SchemaOf.compare else ParseResult
    with _stdout_guard():
        typer.echo(json.dumps(model.model_json_schema(mode="serialization"), ensure_ascii=False, indent=2))


@app.command()
def normalize(
    path: str = typer.Argument(..., help="A plan file; - reads standard input."),
    explain: bool = typer.Option(False, "--explain", help="List the steps that changed the text, with counts."),
    encoding: Optional[str] = typer.Option(None, "--encoding", "-e", help="Decode with this encoding (default: detect)."),
) -> None:
    """Print the normalised text that the later stages read."""
    from plankit.parse.normalize import STEPS
    from plankit.parse.normalize import normalize as run
    from plankit.parse.read import decode_bytes, read_input, read_stdin

    _check_encoding(encoding)
    try:
        if path == "-":
            data, name = read_stdin(), "<stdin>"
        else:
            data, name = read_input(Path(path)), path
        decoded = decode_bytes(data, encoding, name=name)
    except PlankitError as exc:
        _error(str(exc))
        raise typer.Exit(1) from None
    result = run(decoded.text, explain=explain)
    with _stdout_guard():
        if explain:
            typer.echo(f"encoding: {decoded.encoding}")
            for step in STEPS:
                typer.echo(f"{step}: {result.changes.get(step, 0)}")
            return
        sys.stdout.write(result.text)


def _dask_address_optional(argv: list[str]) -> list[str]:
    """``--dask`` may stand without its ADDRESS (a local cluster): then it is
    ``--dask=local``. An address has a scheme (tcp://) or is host:port."""
    out = list(argv)
    for i, arg in enumerate(out):
        if arg == "--dask":
            nxt = out[i + 1] if i + 1 < len(out) else ""
            if not ("://" in nxt or nxt == "local" or (":" in nxt and nxt.rsplit(":", 1)[1].isdigit())):
                out[i] = "--dask=local"
    return out


#: the signal that interrupted the run (SIGINT or SIGTERM), once one came
_SIGNALLED: list[int] = []


def _on_signal(signum, frame) -> None:
    """SIGINT and SIGTERM raise KeyboardInterrupt once: the command unwinds,
    stopping the workers and removing temporary files on its way out; a
    second signal during that clean-up is ignored."""
    if _SIGNALLED:
        return
    _SIGNALLED.append(signum)
    raise KeyboardInterrupt


def main() -> None:
    """Entry point of the ``plankit`` command."""
    # the command uses no pydantic plugins: without this, pydantic's first model
    # scans every installed package's entry points for some (a start-up cost)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = _dask_address_optional(sys.argv[1:])
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _on_signal)
    try:
        app(args=args)
        code = 0
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        _quiet_stdout()
        code = 141
    except Exception as exc:  # a bug in plankit outside any one input, or an interrupt in disguise
        if not _SIGNALLED:
            _error(f"internal error ({type(exc).__name__}: {exc}); please report it")
            if "-v" in args or "--verbose" in args:
                import traceback

                traceback.print_exc()
        code = 1
    if _SIGNALLED or code == 130:
        signum = _SIGNALLED[0] if _SIGNALLED else signal.SIGINT
        _error("interrupted")
        code = 128 + signum
    sys.exit(code)


if __name__ == "__main__":
    main()

"""The command line: parses arguments, calls the library, renders the result.

Exit codes: 0 all inputs parsed, 1 some inputs failed, 2 usage error.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from plankit import __version__
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


@app.command()
def parse(
    paths: List[str] = typer.Argument(
        ..., metavar="PATH...", help="Plan files, folders or .zip archives; - reads standard input."
    ),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    out_dir: Optional[Path] = typer.Option(
        None, "--out-dir", help="Write one JSON file per input here, mirroring the input tree."
    ),
    glob: str = typer.Option("*.txt", "--glob", help="Which files to take from folders and zip archives."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (default: the machine's cores)."),
    errors_file: Optional[Path] = typer.Option(None, "--errors", help="Write failed inputs here as JSON Lines."),
    encoding: Optional[str] = typer.Option(None, "--encoding", "-e", help="Decode inputs with this encoding (default: detect)."),
    bom: bool = typer.Option(False, "--bom", help="Start CSV output with a UTF-8 BOM (for Excel); CSV only."),
    script: Script = typer.Option(Script.simplified, "--script", help="Script of titles, metrics and units."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show tracebacks of failures."),
    dask: Optional[str] = typer.Option(
        None, "--dask", metavar="[ADDRESS]",
        help="Parse on a Dask cluster: the scheduler at ADDRESS (tcp://host:8786), or a new local one. "
        "Writes --format parquet to --out-dir.",
    ),
) -> None:
    """Parse plans and print their headings and targets."""
    from plankit.batch import expand, parse_sources
    from plankit.output import BatchProgress, Sink

    if dask is not None and fmt != Format.parquet:
        _error("--dask writes Parquet: add --format parquet --out-dir DIR")
        raise typer.Exit(2)
    if fmt == Format.parquet and out_dir is None:
        _error("--format parquet writes a folder: add --out-dir DIR")
        raise typer.Exit(2)
    sources = list(expand(paths, glob))
    if fmt == Format.parquet:
        _parse_to_parquet(sources, out_dir, jobs, encoding, script.value, dask)
        return
    archive = any(Path(p).is_dir() or p.lower().endswith(".zip") for p in paths if p != "-")
    many = len(sources) != 1 or archive
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    workers = 1 if len(sources) <= 1 else (jobs or os.cpu_count() or 1)
    failures: list[tuple[str, str]] = []
    try:
        sink = Sink(fmt.value, output=output, out_dir=out_dir, bom=bom, many=many)
        errors_out = open(errors_file, "w", encoding="utf-8") if errors_file else None
    except OSError as exc:
        _error(f"cannot write {exc.filename}: {exc.strerror}")
        raise typer.Exit(2) from None
    progress = BatchProgress(len(sources)) if many and sys.stderr.isatty() else None
    try:
        outcomes = parse_sources(sources, jobs=workers, encoding=encoding, script=script.value, stdin=stdin)
        for outcome in outcomes:
            error = outcome.error
            if not error:
                try:
                    sink.write(outcome)
                except OSError as exc:  # a full disk, a read-only --out-dir
                    error = f"cannot write the result of {outcome.source.name}: {exc.strerror}"
            if error:
                failures.append((outcome.source.name, error))
                _report(error, progress)
                if errors_out:
                    errors_out.write(_error_line(outcome.source.name, error))
            if progress:
                progress.advance(outcome, failed=len(failures))
    finally:
        if progress:
            progress.stop()
        sink.close()
        if errors_out:
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
        _error(str(exc))
        raise typer.Exit(2) from None
    except OSError as exc:
        _error(f"cannot write {out_dir}: {exc.strerror}")
        raise typer.Exit(2) from None
    if any(s.path is None for s in sources):
        _error("--format parquet reads files, not standard input")
        raise typer.Exit(2)
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
        results: list[dict] = []
        part = 0
        for k, outcome in enumerate(parse_sources(sources, jobs=workers, encoding=encoding, script=script)):
            if outcome.error:
                failures.append((outcome.source.name, outcome.error))
            else:
                results.append(outcome.parsed().model_dump())
            if (k + 1) % parquet.PART_INPUTS == 0 or k + 1 == len(sources):
                parquet.write_part(out_dir, part, results)
                part, results = part + 1, []
    with open(out_dir / "errors.jsonl", "w", encoding="utf-8") as f:
        for name, error in failures:
            _error(error)
            f.write(_error_line(name, error))
    sys.stderr.write(
        f"plankit: parsed {len(sources) - len(failures)} of {len(sources)} inputs into {out_dir}"
        + (f", {len(failures)} failed (listed in {out_dir / 'errors.jsonl'})" if failures else "") + "\n"
    )
    if failures:
        raise typer.Exit(1)


def _error_line(source: str, error: str) -> str:
    """A failure as the JSON line of --errors and errors.jsonl."""
    import json

    return json.dumps({"source": source, "error": error}, ensure_ascii=False) + "\n"


def _report(message: str, progress) -> None:
    if progress:
        from rich.markup import escape

        progress.console.print(f"[red]plankit: error:[/red] {escape(message)}", highlight=False)
    else:
        _error(message)


@app.command()
def report(
    paths: List[str] = typer.Argument(..., metavar="PATH...", help="Plan files, folders or .zip archives."),
    output: Path = typer.Option(..., "--output", "-o", help="The HTML file to write."),
    glob: str = typer.Option("*.txt", "--glob", help="Which files to take from folders and zip archives."),
    encoding: Optional[str] = typer.Option(None, "--encoding", "-e", help="Decode inputs with this encoding (default: detect)."),
) -> None:
    """Write a self-contained HTML page to review headings and targets in their text."""
    from plankit.batch import expand, source_text
    from plankit.pipeline import parse_text
    from plankit.report import Input, render

    inputs: list[Input] = []
    failures = 0
    for source in expand(paths, glob):
        try:
            if source.path is None:
                raise PlankitError("the report reads files, not standard input")
            text, used, _ = source_text(source, encoding)
        except PlankitError as exc:
            _error(str(exc))
            failures += 1
            continue
        inputs.append(Input(text, parse_text(text, source=source.name, encoding=used)))
    if not inputs:
        _error("nothing to report: no input could be read")
        raise typer.Exit(1)
    try:
        from plankit.batch import write_atomic

        write_atomic(output, render(inputs))
    except OSError as exc:
        _error(f"cannot write {output}: {exc.strerror}")
        raise typer.Exit(2) from None
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
    from plankit.parse.read import decode_bytes, read_input

    try:
        if path == "-":
            data, name = sys.stdin.buffer.read(), "<stdin>"
        else:
            data, name = read_input(Path(path)), path
        decoded = decode_bytes(data, encoding, name=name)
    except PlankitError as exc:
        _error(str(exc))
        raise typer.Exit(1) from None
    result = run(decoded.text, explain=explain)
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


def main() -> None:
    """Entry point of the ``plankit`` command."""
    try:
        app(args=_dask_address_optional(sys.argv[1:]))
    except KeyboardInterrupt:
        _error("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)


if __name__ == "__main__":
    main()

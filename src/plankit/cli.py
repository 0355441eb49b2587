"""The command line: parses arguments, calls the library, renders the result.

Exit codes: 0 all inputs parsed, 1 some inputs failed, 2 usage error.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from plankit import __version__
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


def _read_input(path: str, encoding: Optional[str], script: Script):
    from plankit.pipeline import parse_bytes, parse_file

    if path == "-":
        return parse_bytes(sys.stdin.buffer.read(), source="<stdin>", encoding=encoding, script=script.value)
    return parse_file(path, encoding=encoding, script=script.value)


@app.command()
def parse(
    paths: List[str] = typer.Argument(..., metavar="PATH...", help="Plan files to parse; - reads standard input."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    encoding: Optional[str] = typer.Option(None, "--encoding", "-e", help="Decode inputs with this encoding (default: detect)."),
    bom: bool = typer.Option(False, "--bom", help="Start CSV output with a UTF-8 BOM (for Excel); CSV only."),
    script: Script = typer.Option(Script.simplified, "--script", help="Script of titles, metrics and units."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show tracebacks of failures."),
) -> None:
    """Parse plans and print their headings and targets."""
    from plankit import export

    results = []
    failed = 0
    for path in paths:
        try:
            results.append(_read_input(path, encoding, script))
        except PlankitError as exc:
            failed += 1
            _error(str(exc))
        except Exception as exc:  # a bug: report it, keep the other inputs
            failed += 1
            if verbose:
                import traceback

                traceback.print_exc()
            _error(f"{path}: internal error ({type(exc).__name__}: {exc}); rerun with --verbose and report it")

    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt is Format.json:
            if results:
                out.write(export.to_json(results, many=len(paths) > 1))
        elif fmt is Format.jsonl:
            for r in results:
                out.write(export.to_jsonl_line(r))
        elif fmt is Format.csv:
            writer = export.CsvWriter(out, bom=bom)
            for r in results:
                writer.write(r)
        else:
            from plankit.render import render_results

            render_results(results, out)
    finally:
        if output:
            out.close()
    if failed:
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a parse result."""
    import json

    from plankit.models import ParseResult

    typer.echo(json.dumps(ParseResult.model_json_schema(mode="serialization"), ensure_ascii=False, indent=2))


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
        raise typer.Exit(1)
    result = run(decoded.text)
    if explain:
        typer.echo(f"encoding: {decoded.encoding}")
        for step in STEPS:
            typer.echo(f"{step}: {result.changes.get(step, 0)}")
        return
    sys.stdout.write(result.text)


def main() -> None:
    """Entry point of the ``plankit`` command."""
    try:
        app()
    except KeyboardInterrupt:
        _error("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)


if __name__ == "__main__":
    main()

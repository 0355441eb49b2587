"""``plankit compare PLAN REPORT``: the command, a thin client of
:func:`plankit.compare` and its writers."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from plankit.errors import PlankitError


class CompareFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"
    xlsx = "xlsx"


def compare_command(
    plan: Path = typer.Argument(..., help="The plan (or the work report whose plan part sets year N's targets)."),
    report: Path = typer.Argument(..., help="The later report that reviews year N."),
    year: Optional[int] = typer.Option(None, "--year", help="Year N (default: read from the plan and the report)."),
    fmt: CompareFormat = typer.Option(CompareFormat.table, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    bom: bool = typer.Option(False, "--bom", help="Start CSV output with a UTF-8 BOM (for Excel); CSV only."),
    encoding: Optional[str] = typer.Option(None, "--encoding", "-e", help="Decode both inputs with this encoding."),
) -> None:
    """Link each target the plan sets for year N to the result the report gives for it."""
    from plankit.comparison import CompareError, compare, infer_year
    from plankit.pipeline import parse_file

    def fail(message: str, code: int) -> None:
        sys.stderr.write(f"plankit: error: {message}\n")
        raise typer.Exit(code)

    if bom and fmt != CompareFormat.csv:
        fail("--bom is for --format csv", 2)
    if fmt == CompareFormat.xlsx:
        from plankit.xlsx import check

        if output is None:
            fail("--format xlsx writes a file: add -o FILE.xlsx", 2)
        try:
            check()  # XlsxWriter is there
        except PlankitError as exc:
            fail(str(exc), 2)
    if plan.exists() and report.exists() and os.path.samefile(plan, report):
        fail(f"{plan} is both the plan and the report; give the later report second", 2)
    if output is not None and any(p.exists() and output.exists() and os.path.samefile(output, p) for p in (plan, report)):
        fail(f"-o {output} would overwrite an input", 2)
    try:
        parsed_plan = parse_file(plan, encoding=encoding)
        parsed_report = parse_file(report, encoding=encoding)
        if year is None:
            warning = infer_year(parsed_plan, parsed_report)[2]
            if warning:
                sys.stderr.write(f"plankit: warning: {warning}\n")
        comparison = compare(parsed_plan, parsed_report, year)
        sys.stderr.write(f"plankit: comparing the targets for {comparison.year} (from {comparison.year_basis})\n")
        if not any(k.report for k in comparison.links):
            sys.stderr.write(f"plankit: warning: {report} gives no figure for any of the plan's targets for {comparison.year}\n")
    except CompareError as exc:
        fail(str(exc), 1)
    except PlankitError as exc:
        fail(str(exc), 1)
    if fmt == CompareFormat.xlsx:
        from plankit.xlsx import write_comparison

        try:
            write_comparison(output, comparison)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}", 1)
        return
    try:
        out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}", 2)
    try:
        if fmt == CompareFormat.json:
            out.write(comparison.model_dump_json(indent=2) + "\n")
        elif fmt == CompareFormat.html:
            from plankit.report import render_comparison_page

            out.write(render_comparison_page(comparison))
        elif fmt == CompareFormat.csv:
            from plankit.export import write_comparison_csv

            write_comparison_csv(comparison, out, bom=bom)
        else:
            from plankit.render import render_comparison

            render_comparison(comparison, out)
    finally:
        if output:
            out.close()

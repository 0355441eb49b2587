"""Where parse results go: a stream in one format, or one file per input.

:class:`Sink` receives results one at a time, in input order, and writes
them at once, so a batch of any size needs no more memory than one result.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Optional

from plankit import export
from plankit.batch import Outcome, write_atomic


class Sink:
    def __init__(self, fmt: str, *, output: Optional[Path] = None, out_dir: Optional[Path] = None,
                 bom: bool = False, many: bool = False):
        self.fmt = fmt
        self.out_dir = out_dir
        self.many = many
        self._count = 0
        self._out = None
        self._xlsx = None
        if fmt == "xlsx":  # a workbook, written row by row (plankit.xlsx)
            from plankit.xlsx import XlsxOut

            self._xlsx = XlsxOut(output)
        elif out_dir is None:
            self._out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
            self._owns = output is not None
            if fmt == "csv":
                export.write_csv_header(self._out, bom=bom)

    def write(self, outcome: Outcome) -> None:
        """Write one result: the payload a worker rendered (export.payload),
        or the same rendered here, so that -j 1 and -j N write the same bytes."""
        body = outcome.payload
        if self._xlsx is not None:
            self._xlsx.write_rows(body if body is not None else export.payload(outcome.parsed(), "xlsx"))
        elif self.out_dir is not None:
            if body is None:
                body = export.payload(outcome.result, "json")
            write_atomic(self.out_dir / outcome.source.out_name, body + "\n")
        elif self.fmt == "json":
            if self.many:
                self._out.write("[\n" if self._count == 0 else ",\n")
            if body is not None:
                self._out.write(body)
            else:
                for chunk in export.json_chunks(outcome.parsed()):  # never the whole text at once
                    self._out.write(chunk)
            if not self.many:
                self._out.write("\n")
        elif self.fmt in ("jsonl", "csv"):
            self._out.write(body if body is not None else export.payload(outcome.parsed(), self.fmt))
        else:
            from plankit.render import render_results

            render_results([outcome.parsed()], self._out)
        self._count += 1

    def close(self) -> None:
        if self._xlsx is not None:
            xlsx, self._xlsx = self._xlsx, None
            xlsx.close()
            return
        if self._out is None:
            return
        if self.fmt == "json" and self.many:
            self._out.write("[]\n" if self._count == 0 else "\n]\n")
        self._out.flush()
        if self._owns:
            self._out.close()

    def abort(self) -> None:
        """Stop after a failure (a full disk, a closed pipe, Ctrl-C): close the
        file as it is, without a JSON list's end, and never raise (a workbook
        is not written at all)."""
        xlsx, self._xlsx = self._xlsx, None
        if xlsx is not None:
            xlsx.abort()
        out, self._out = self._out, None
        if out is not None and self._owns:
            try:
                out.close()
            except OSError:
                pass


class BatchProgress:
    """A progress bar on standard error: files, MB/s and failures."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.console = Console(stderr=True)
        self._bytes = 0
        self._start = time.perf_counter()
        self._progress = Progress(
            TextColumn("parsing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} MB/s"),
            TextColumn("[red]{task.fields[failed]} failed"),
            TimeRemainingColumn(),
            console=self.console,
            transient=False,
        )
        self._task = self._progress.add_task("parse", total=total, rate="0.0", failed=0)
        self._progress.start()

    def advance(self, outcome: Outcome, failed: int) -> None:
        self._bytes += outcome.size
        elapsed = max(time.perf_counter() - self._start, 1e-6)
        self._progress.update(self._task, advance=1, rate=f"{self._bytes / elapsed / 1e6:.1f}", failed=failed)

    def stop(self) -> None:
        self._progress.stop()

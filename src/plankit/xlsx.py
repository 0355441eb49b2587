"""Excel output (``--format xlsx -o FILE.xlsx``, the ``xlsx`` extra: XlsxWriter).

Two sheets: ``targets`` (the CSV's columns) and ``sections`` (those of the
Parquet sections table) (``plankit compare``: one, ``comparison``), each with a bold, frozen header row, an autofilter
and column widths that fit Chinese (an East Asian wide character counts
twice). Values are numbers: an exact decimal is written as a number shown
with its own decimal places; a value a double cannot hold exactly (more than
15 significant digits) is written as the nearest number, and its exact text
goes in ``value_text`` (``value_max_text``). Offsets, levels and pages are
integers.

XlsxWriter's constant-memory mode writes each row to a temporary file as it
comes (no batch is ever held in memory), in a temporary folder of the run's
own, removed however the run ends; the workbook is assembled next to FILE
and renamed over it at the end, so a failed run leaves no half-written
file. A sheet that reaches Excel's 1,048,576 rows goes on in ``targets 2``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Optional

from plankit.errors import PlankitError
from plankit.export import COMPARE_COLUMNS, CSV_COLUMNS, SECTION_COLUMNS, section_records, target_records

#: the targets sheet: the CSV's columns, then the exact text of values a double cannot hold
TARGET_COLUMNS = CSV_COLUMNS + ("value_text", "value_max_text")
#: Excel's rows a sheet (the header one of them)
MAX_ROWS = 1_048_576
#: Excel's characters a cell
MAX_CELL = 32_767
#: digits a double holds exactly (and Excel shows)
EXACT_DIGITS = 15
#: column widths, in characters of the default font
MIN_WIDTH, MAX_WIDTH = 6, 60

_INTEGERS = {"line", "start", "end", "level", "page"}
_VALUES = {"value": "value_text", "value_max": "value_max_text"}

MISSING = "--format xlsx needs XlsxWriter: pip install 'plankit[xlsx]'"


def _xlsxwriter():
    try:
        import xlsxwriter
    except ImportError:
        raise PlankitError(MISSING) from None
    return xlsxwriter


def check() -> None:
    """Raise the one-line missing-extra error before anything is parsed."""
    _xlsxwriter()


def display_width(text: str) -> int:
    """Columns ``text`` takes: East Asian wide and full-width characters two.

    >>> display_width("GDP增长6%"), display_width("１２")
    (9, 4)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def exact_number(value: Decimal) -> Optional[float]:
    """``value`` as the double that is exactly it (up to 15 significant
    digits), or None when no double is.

    >>> exact_number(Decimal("1316000000")), exact_number(Decimal("12.22")), exact_number(Decimal("1234567890.1234567"))
    (1316000000.0, 12.22, None)
    """
    number = float(value)
    digits = len(value.normalize().as_tuple().digits)
    if digits > EXACT_DIGITS or Decimal(repr(number)) != value:
        return None
    return number


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


class _Sheet:
    """One table, written row by row, over as many sheets as Excel needs."""

    def __init__(self, book: "XlsxOut", name: str, columns: tuple[str, ...],
                 exact: Optional[dict[str, str]] = None):
        self.book = book
        #: decimal column -> the column of its exact text when a double cannot hold it
        #: (a decimal column without one gets the text in its own cell)
        self.exact = _VALUES if exact is None else exact
        self.name = name
        self.columns = columns
        self.index = {c: k for k, c in enumerate(columns)}
        self.sheets: list[Any] = []
        self.row = 0
        self.widths = [max(MIN_WIDTH, display_width(c) + 3) for c in columns]  # + the filter button
        self._new_sheet()

    def _new_sheet(self) -> None:
        if self.sheets:
            self._finish(self.sheets[-1])
        name = self.name if not self.sheets else f"{self.name} {len(self.sheets) + 1}"
        sheet = self.book.workbook.add_worksheet(name)
        for k, column in enumerate(self.columns):
            sheet.write_string(0, k, column, self.book.bold)
        self.sheets.append(sheet)
        self.row = 0

    def _finish(self, sheet) -> None:
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(self.row, 1), len(self.columns) - 1)
        for k, width in enumerate(self.widths):
            sheet.set_column(k, k, min(width, MAX_WIDTH) + 1)

    def add(self, record: dict[str, Any]) -> None:
        if self.row + 1 >= MAX_ROWS:
            self._new_sheet()
        self.row += 1
        sheet, row = self.sheets[-1], self.row
        for column, value in record.items():
            k = self.index.get(column)
            if k is None or value is None or value == "":
                continue
            if isinstance(value, Decimal):
                number = exact_number(value)
                if number is None:
                    text = str(value)
                    if column not in self.exact:
                        sheet.write_string(row, k, text)
                        self._fit(k, text)
                        continue
                    number = float(value)
                    sheet.write_string(row, self.index[self.exact[column]], text)
                    self._fit(self.index[self.exact[column]], text)
                sheet.write_number(row, k, number, self.book.decimal(_places(value)))
                self._fit(k, f"{number:.{min(_places(value), 12)}f}")
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(row, k, value)
                self._fit(k, str(value))
            else:
                text = str(value)
                if len(text) > MAX_CELL:
                    text = text[: MAX_CELL - 1] + "…"
                sheet.write_string(row, k, text)
                self._fit(k, text)

    def _fit(self, k: int, text: str) -> None:
        width = self.widths[k]
        if width >= MAX_WIDTH or 2 * len(text) <= width:  # cannot widen the column
            return
        self.widths[k] = max(width, display_width(text[:MAX_WIDTH]))

    def close(self) -> None:
        self._finish(self.sheets[-1])


class XlsxOut:
    """A workbook of the targets and sections of the results written to it."""

    def __init__(self, path: Path, sheets: str = "parse"):
        xlsxwriter = _xlsxwriter()
        self.path = Path(path)
        self._tmpdir = tempfile.mkdtemp(prefix="plankit-xlsx-")
        self._tmp = str(self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp"))
        try:
            open(self._tmp, "wb").close()  # the folder takes a file, before any input is parsed
        except BaseException:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            raise
        self.workbook = xlsxwriter.Workbook(self._tmp, {
            "constant_memory": True, "tmpdir": self._tmpdir,
            "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
        })
        self.bold = self.workbook.add_format({"bold": True})
        self._decimals: dict[int, Any] = {}
        if sheets == "compare":
            self.sheets = [_Sheet(self, "comparison", COMPARE_COLUMNS, exact={})]
        else:
            self.targets = _Sheet(self, "targets", TARGET_COLUMNS)
            self.sections = _Sheet(self, "sections", SECTION_COLUMNS)
            self.sheets = [self.targets, self.sections]

    def decimal(self, places: int):
        """The number format that shows ``places`` decimals (0: an integer, never 1.3E+09)."""
        places = min(places, 12)
        if places not in self._decimals:
            self._decimals[places] = self.workbook.add_format({"num_format": "0" + ("." + "0" * places if places else "")})
        return self._decimals[places]

    def write(self, result: dict[str, Any]) -> None:
        """Add one result as ``model_dump()`` gives it."""
        for record in target_records(result):
            self.targets.add(record)
        for record in section_records(result):
            self.sections.add(record)

    def close(self) -> None:
        """Assemble the workbook and put it in place."""
        try:
            for sheet in self.sheets:
                sheet.close()
            try:
                self.workbook.close()
            except Exception as exc:  # XlsxWriter wraps the OSError of a full disk
                cause = exc.__cause__ or exc.__context__
                if isinstance(cause, OSError):
                    raise cause from None
                raise
            os.replace(self._tmp, self.path)
        except BaseException:
            self.abort()
            raise
        shutil.rmtree(self._tmpdir, ignore_errors=True)

    def abort(self) -> None:
        """Leave nothing behind: the temporary workbook and row files removed."""
        for sheet in self.workbook.worksheets():
            fh = getattr(sheet, "row_data_fh", None)
            if fh is not None:
                try:
                    fh.close()
                except OSError:
                    pass
        shutil.rmtree(self._tmpdir, ignore_errors=True)
        try:
            os.unlink(self._tmp)
        except OSError:
            pass


def write_results(path: Path, results: Iterable[dict[str, Any]]) -> None:
    """A workbook of these results (``model_dump()`` each), for the library."""
    out = XlsxOut(path)
    try:
        for result in results:
            out.write(result)
    except BaseException:
        out.abort()
        raise
    out.close()


#: comparison columns that hold numbers
_COMPARE_DECIMALS = ("plan_value", "plan_value_max", "report_value", "gap", "ratio")
_COMPARE_INTEGERS = ("year", "plan_line", "report_line")


def write_comparison(path: Path, comparison) -> None:
    """``plankit compare --format xlsx``: one sheet of the CSV's columns,
    values, gaps and ratios as numbers (a value a double cannot hold as its
    exact text)."""
    from plankit.export import comparison_rows

    out = XlsxOut(path, sheets="compare")
    try:
        for row in comparison_rows(comparison):
            record = dict(row)
            for column in _COMPARE_DECIMALS:
                record[column] = Decimal(record[column]) if record[column] not in ("", None) else None
            for column in _COMPARE_INTEGERS:
                record[column] = int(record[column]) if record[column] not in ("", None) else None
            out.sheets[0].add(record)
    except BaseException:
        out.abort()
        raise
    out.close()

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
from typing import Any, Iterable, NamedTuple, Optional

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


class Layout(NamedTuple):
    """A table's columns as its sheet's rows need them."""

    columns: tuple[str, ...]
    index: dict[str, int]
    #: decimal column -> the column of its exact text when a double cannot hold it
    #: (a decimal column without one gets the text in its own cell)
    exact: dict[str, str]
    #: each column's width from its header (+ the filter button)
    widths: tuple[int, ...]


def layout(columns: tuple[str, ...], exact: Optional[dict[str, str]] = None) -> Layout:
    return Layout(columns, {c: k for k, c in enumerate(columns)}, _VALUES if exact is None else exact,
                  tuple(max(MIN_WIDTH, display_width(c) + 3) for c in columns))


TARGETS = layout(TARGET_COLUMNS)
SECTIONS = layout(SECTION_COLUMNS)
COMPARISON = layout(COMPARE_COLUMNS, exact={})

#: one cell of a row: its column, its value (a string, or a number), the
#: decimal places its number format shows (None: no format) and the width it
#: asks of its column (0: no more than the header's)
Cell = tuple[int, Any, Optional[int], int]


def row_cells(table: Layout, record: dict[str, Any]) -> list[Cell]:
    """The cells of one record's row, all that its sheet needs: a worker makes
    them, the process that holds the workbook only writes them."""
    cells: list[Cell] = []
    index, header = table.index, table.widths

    def width(k: int, text: str) -> int:
        return display_width(text[:MAX_WIDTH]) if 2 * len(text) > header[k] else 0

    for column, value in record.items():
        k = index.get(column)
        if k is None or value is None or value == "":
            continue
        if isinstance(value, Decimal):
            number = exact_number(value)
            if number is None:
                text = str(value)
                if column not in table.exact:
                    cells.append((k, text, None, width(k, text)))
                    continue
                number = float(value)
                at = index[table.exact[column]]
                cells.append((at, text, None, width(at, text)))
            places = _places(value)
            cells.append((k, number, places, width(k, f"{number:.{min(places, 12)}f}")))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            cells.append((k, value, None, width(k, str(value))))
        else:
            text = str(value)
            if len(text) > MAX_CELL:
                text = text[: MAX_CELL - 1] + "…"
            cells.append((k, text, None, width(k, text)))
    return cells


def result_rows(result: dict[str, Any]) -> tuple[list[list[Cell]], list[list[Cell]]]:
    """The rows one result adds to the targets and the sections sheet, from
    its ``model_dump()``: what a worker sends for ``--format xlsx``."""
    return ([row_cells(TARGETS, r) for r in target_records(result)],
            [row_cells(SECTIONS, r) for r in section_records(result)])


class _Sheet:
    """One table, written row by row, over as many sheets as Excel needs."""

    def __init__(self, book: "XlsxOut", name: str, table: Layout):
        self.book = book
        self.name = name
        self.table = table
        self.sheets: list[Any] = []
        self.row = 0
        self.widths = list(table.widths)
        self._new_sheet()

    def _new_sheet(self) -> None:
        if self.sheets:
            self._finish(self.sheets[-1])
        name = self.name if not self.sheets else f"{self.name} {len(self.sheets) + 1}"
        sheet = self.book.workbook.add_worksheet(name)
        for k, column in enumerate(self.table.columns):
            sheet.write_string(0, k, column, self.book.bold)
        self.sheets.append(sheet)
        self.row = 0

    def _finish(self, sheet) -> None:
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(self.row, 1), len(self.table.columns) - 1)
        for k, width in enumerate(self.widths):
            sheet.set_column(k, k, min(width, MAX_WIDTH) + 1)

    def add(self, record: dict[str, Any]) -> None:
        self.add_cells(row_cells(self.table, record))

    def add_cells(self, cells: list[Cell]) -> None:
        if self.row + 1 >= MAX_ROWS:
            self._new_sheet()
        self.row += 1
        sheet, row, widths = self.sheets[-1], self.row, self.widths
        for k, value, places, width in cells:
            if isinstance(value, str):
                sheet.write_string(row, k, value)
            elif places is None:
                sheet.write_number(row, k, value)
            else:
                sheet.write_number(row, k, value, self.book.decimal(places))
            if width > widths[k]:
                widths[k] = width

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
            self.sheets = [_Sheet(self, "comparison", COMPARISON)]
        else:
            self.targets = _Sheet(self, "targets", TARGETS)
            self.sections = _Sheet(self, "sections", SECTIONS)
            self.sheets = [self.targets, self.sections]

    def decimal(self, places: int):
        """The number format that shows ``places`` decimals (0: an integer, never 1.3E+09)."""
        places = min(places, 12)
        if places not in self._decimals:
            self._decimals[places] = self.workbook.add_format({"num_format": "0" + ("." + "0" * places if places else "")})
        return self._decimals[places]

    def write(self, result: dict[str, Any]) -> None:
        """Add one result as ``model_dump()`` gives it."""
        self.write_rows(result_rows(result))

    def write_rows(self, rows: tuple[list[list[Cell]], list[list[Cell]]]) -> None:
        """Add one result's rows as :func:`result_rows` made them."""
        targets, sections = rows
        for cells in targets:
            self.targets.add_cells(cells)
        for cells in sections:
            self.sections.add_cells(cells)

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

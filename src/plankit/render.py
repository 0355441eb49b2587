"""The ``table`` view: each document's heading tree and a table of its targets.

The tree and the table are laid out here, line by line, and printed through
rich in chunks of :data:`CHUNK` lines as styled text. rich's own ``Table``
and ``Tree`` measure every cell at once and send each one through the whole
rendering pipeline (about a millisecond a target, and every line held until
the table is done), which a 50 MB plan with 100,000 targets cannot afford;
here a column's width is one pass over its cells, and memory holds one chunk.

The table fits the width (a terminal's, else ``COLUMNS``, else
:data:`PIPE_WIDTH`) without ever cutting a value, a quantity's text or its
unit: the metric wraps, and the low-priority columns go first
(:data:`DROP_ORDER`). When even text, value, unit and a few cells of metric
do not fit, each target becomes a short block of lines instead of a row.
"""

from __future__ import annotations

import os
from typing import Iterable, Iterator, Optional, TextIO

from rich.cells import cell_len, get_character_cell_size
from rich.console import COLOR_SYSTEMS, Console
from rich.markup import escape
from rich.style import Style

from plankit.export import decimal_text
from plankit.models import Comparison, Document, ParseResult, Section, Target

#: width of piped output when COLUMNS is not set
PIPE_WIDTH = 160
#: lines per print: bounds the memory of a table of any length
CHUNK = 2000
#: the table's columns, left to right
COLUMNS = ("line", "text", "value", "unit", "kind", "qualifier", "status", "category", "metric")
#: dropped in this order, one at a time, while the metric would get fewer than
#: :data:`METRIC_COMFORT` cells (text, value, unit and metric always stay)
DROP_ORDER = ("qualifier", "kind", "category", "line", "status")
METRIC_COMFORT = 16
#: below this many cells of metric the targets are printed as blocks of lines
METRIC_MIN = 6

_KIND_STYLE = {"summary": "green", "plan": "cyan", "problems": "red", "measures": "magenta", "other": "dim"}
_STATUS_STYLE = {"target": "cyan", "actual": "green"}
#: control characters (a tab, a stray line break) shown as a space
_CONTROLS = {c: " " for c in [*range(32), 127]}


def _clean(s: str) -> str:
    return s.translate(_CONTROLS) if not s.isprintable() else s


def _width_of(s: str) -> int:
    return len(s) if s.isascii() else cell_len(s)


def _fold_ranges(s: str, width: int) -> list[tuple[int, int]]:
    """Where to cut ``s`` into lines of at most ``width`` cells: after a
    space when the cut would split a word of spaced text, anywhere in CJK
    text; the spaces at a cut are dropped, and a character wider than
    ``width`` gets a line of its own."""
    if _width_of(s) <= width:
        return [(0, len(s))]
    ranges, start, used = [], 0, 0
    i = 0
    while i < len(s):
        ch = s[i]
        w = get_character_cell_size(ch)
        if used + w > width and i > start:
            cut = i
            if ch != " " and s[i - 1] != " ":  # inside a word: break after its space, if any
                space = s.rfind(" ", start, i)
                if space > start:
                    cut = space + 1
            end = cut
            while end > start and s[end - 1] == " ":
                end -= 1
            ranges.append((start, end))
            while cut < len(s) and s[cut] == " ":
                cut += 1
            start, used, i = cut, 0, cut
            continue
        used += w
        i += 1
    if start < len(s):
        ranges.append((start, len(s)))
    return ranges


def _fold(s: str, width: int) -> list[str]:
    return [s[a:b] for a, b in _fold_ranges(s, width)]


class _Out:
    """Lines of styled text, written a chunk at a time: plain, or with the
    ANSI codes rich gives each style for this console's colours (plain on
    an old Windows console, which takes no ANSI codes)."""

    def __init__(self, console: Console):
        self._system = None if console.legacy_windows else COLOR_SYSTEMS.get(console.color_system or "")
        self.file = console.file
        self._codes: dict[str, tuple[str, str]] = {}
        self._parts: list[str] = []
        self._lines = 0

    def _styled(self, s: str, style: str) -> str:
        codes = self._codes.get(style)
        if codes is None:
            before, _, after = Style.parse(style).render("\0", color_system=self._system).partition("\0")
            codes = self._codes[style] = (before, after)
        return codes[0] + s + codes[1]

    def line(self, pieces: Iterable[tuple[str, Optional[str]]]) -> None:
        if self._system is None:
            self._parts.extend(s for s, _ in pieces)
        else:
            self._parts.extend(self._styled(s, style) if style and s else s for s, style in pieces)
        self._parts.append("\n")
        self._lines += 1
        if self._lines >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            self.file.write("".join(self._parts))
        self._parts, self._lines = [], 0


# ---------------------------------------------------------------- the tree


def _count_targets(doc: Document) -> dict[tuple[str, ...], int]:
    counts: dict[tuple[str, ...], int] = {}
    for t in doc.targets:
        key = tuple(t.section_path)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _label(section: Section, n: int) -> list[tuple[str, Optional[str]]]:
    kind = section.kind.value
    pieces = [(_clean(section.marker), "bold"), (_clean(section.title) + " ", None), (kind, _KIND_STYLE.get(kind))]
    if n:
        pieces += [(" ", None), (f"{n} target{'s' if n > 1 else ''}", "yellow")]
    pieces += [(" ", None), (f"L{section.line}", "dim")]
    return pieces


def _wrapped(prefix: str, rest: str, pieces: list[tuple[str, Optional[str]]],
             width: int) -> Iterator[list[tuple[str, Optional[str]]]]:
    """A label after its tree guides, folded to ``width`` with its
    continuation lines under the label (``rest`` is the guide they take)."""
    room = max(width - _width_of(prefix), 10)
    plain = "".join(s for s, _ in pieces)
    ranges = _fold_ranges(plain, room)
    if len(ranges) == 1:
        yield [(prefix, "dim"), *pieces]
        return
    # cut the styled pieces at the same places as the plain text
    for k, (start, end) in enumerate(ranges):
        out: list[tuple[str, Optional[str]]] = [(prefix if k == 0 else rest, "dim")]
        pos = 0
        for s, style in pieces:
            a, b = max(start, pos), min(end, pos + len(s))
            if a < b:
                out.append((s[a - pos:b - pos], style))
            pos += len(s)
        yield out


def _tree(out: _Out, doc: Document, width: int) -> None:
    counts = _count_targets(doc)
    out.line([(_clean(doc.title or "(untitled)"), "bold"), (" ", None), (f"L{doc.line}", "dim")])
    # depth first without recursion: (section, the guides above it, its path, is last)
    stack = [(s, "", (s.title,), k == len(doc.sections) - 1) for k, s in enumerate(doc.sections)][::-1]
    while stack:
        section, guides, path, last = stack.pop()
        label = _label(section, counts.get(path, 0))
        head = guides + ("└── " if last else "├── ")
        below = guides + ("    " if last else "│   ")
        for line in _wrapped(head, below, label, width):
            out.line(line)
        kids = section.children
        for k in range(len(kids) - 1, -1, -1):
            stack.append((kids[k], below, path + (kids[k].title,), k == len(kids) - 1))


# ---------------------------------------------------------------- the table


def _cells(t: Target) -> dict[str, str]:
    value = decimal_text(t.value) + (f"–{decimal_text(t.value_max)}" if t.value_max is not None else "")
    return {
        "line": str(t.line), "text": _clean(t.text), "value": value, "unit": _clean(t.unit),
        "kind": t.kind.value, "qualifier": t.qualifier.value, "status": t.status.value,
        "category": f"{t.category.value} {t.category.label}", "metric": _clean(t.metric),
    }


def _layout(natural: dict[str, int], width: int) -> Optional[tuple[list[str], int]]:
    """The columns shown and the metric's width, or None when the essential
    columns leave the metric under :data:`METRIC_MIN` cells."""
    shown = list(COLUMNS)
    comfort = min(natural["metric"], METRIC_COMFORT)

    def metric_room() -> int:
        # a border, then " cell │" for each column
        return width - 1 - sum(natural[c] + 3 for c in shown if c != "metric") - 3

    for col in DROP_ORDER:
        if metric_room() >= comfort:
            break
        shown.remove(col)
    room = metric_room()
    if room < min(natural["metric"], METRIC_MIN):
        return None
    return shown, min(natural["metric"], room)


def _border(widths: list[int], left: str, mid: str, right: str, fill: str) -> str:
    return left + mid.join(fill * (w + 2) for w in widths) + right


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width_of(s))


def _table(out: _Out, targets: list[Target], width: int) -> None:
    natural = {c: _width_of(c) for c in COLUMNS}
    for t in targets:
        for c, s in _cells(t).items():
            w = _width_of(s)
            if w > natural[c]:
                natural[c] = w
    layout = _layout(natural, width)
    if layout is None:
        _blocks(out, targets, width)
        return
    shown, metric_width = layout
    widths = [metric_width if c == "metric" else natural[c] for c in shown]
    out.line([(_border(widths, "┏", "┳", "┓", "━"), None)])
    header: list[tuple[str, Optional[str]]] = [("┃", None)]
    for c, w in zip(shown, widths):
        header += [(" ", None), (_pad(c, w), "bold"), (" ┃", None)]
    out.line(header)
    out.line([(_border(widths, "┡", "╇", "┩", "━"), None)])
    blank = [" " * w for w in widths]
    for t in targets:
        cells = _cells(t)
        metric = _fold(cells["metric"], metric_width) if cells["metric"] else [""]
        for k, piece in enumerate(metric):
            row: list[tuple[str, Optional[str]]] = [("│", None)]
            for c, w, empty in zip(shown, widths, blank):
                if c == "metric":
                    row += [(" ", None), (_pad(piece, w), None)]
                elif k:
                    row += [(" ", None), (empty, None)]
                elif c == "status":
                    row += [(" ", None), (_pad(cells[c], w), _STATUS_STYLE.get(cells[c]))]
                else:
                    row += [(" ", None), (_pad(cells[c], w), None)]
                row.append((" │", None))
            out.line(row)
    out.line([(_border(widths, "└", "┴", "┘", "─"), None)])


def _blocks(out: _Out, targets: list[Target], width: int) -> None:
    """Targets too wide for a table at this width: one block each, its
    fields flowed onto lines and never cut (the metric folds)."""
    for t in targets:
        c = _cells(t)
        st = c["status"]
        fields: list[tuple[str, Optional[str]]] = [
            (f"L{c['line']}", "dim"), (c["text"], "bold"), ("= " + c["value"], None),
        ]
        if c["unit"]:
            fields.append((c["unit"], None))
        fields += [(st, _STATUS_STYLE.get(st)), (f"{c['kind']} {c['qualifier']} {c['category']}", "dim")]
        line: list[tuple[str, Optional[str]]] = []
        used = fields_here = 0
        for s, style in fields:
            w = _width_of(s)
            if fields_here and used + 1 + w > width:
                out.line(line)
                line, used, fields_here = [("  ", None)], 2, 0
            elif fields_here:
                line.append((" ", None))
                used += 1
            line.append((s, style))
            used += w
            fields_here += 1
        out.line(line)
        if c["metric"]:
            for piece in _fold(c["metric"], max(width - 2, 1)):
                out.line([("  ", None), (piece, None)])


# ---------------------------------------------------------------- entry


def _rule(out: _Out, result: ParseResult, width: int) -> None:
    """The source's name in a rule across the width, or under it when too long."""
    name, encoding = _clean(result.source), f"({result.encoding})"
    room = width - _width_of(name) - _width_of(encoding) - 4
    if room >= 2:
        left = room // 2
        out.line([("─" * left + " ", "bright_green"), (name, "bold"), (" ", None), (encoding, "dim"),
                  (" " + "─" * (room - left), "bright_green")])
        return
    out.line([("─" * width, "bright_green")])
    for piece in _fold(f"{name} {encoding}", width):
        out.line([(piece, "bold")])


def view_width(console: Console) -> int:
    """A terminal's width; for a file or a pipe COLUMNS when set, else
    :data:`PIPE_WIDTH`."""
    if console.is_terminal:
        return console.width
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    return PIPE_WIDTH


def render_results(results: list[ParseResult], out: TextIO, width: Optional[int] = None) -> None:
    """Print each result's documents: the heading tree, then the targets.
    ``width`` overrides the width the output is laid out for."""
    console = Console(file=out)  # for what it knows of the terminal: colours, width
    width = width or view_width(console)
    lines = _Out(console)
    for result in results:
        _rule(lines, result, width)
        if not result.documents:
            lines.line([("no documents (the input is empty)", "dim")])
        for doc in result.documents:
            _tree(lines, doc, width)
            if not doc.targets:
                lines.line([("no targets", "dim")])
                lines.line([])
                continue
            _table(lines, doc.targets, width)
            lines.line([])
    lines.flush()


# ---------------------------------------------------------------- compare

_OUTCOME_STYLE = {"met": "green", "missed": "red", "unclear": "yellow", "not_reported": "dim"}


def render_comparison(comparison: Comparison, out: TextIO, width: Optional[int] = None) -> None:
    """One row per plan target, grouped by the plan's top-level section,
    its outcome coloured; then the count of each outcome."""
    from rich.table import Table

    console = Console(file=out, soft_wrap=False)
    console.width = width or view_width(console)
    console.rule(f"[bold]{escape(comparison.plan)}[/bold] → [bold]{escape(comparison.report)}[/bold]  "
                 f"[dim]targets for {comparison.year}[/dim]")
    groups: dict[str, list] = {}
    for link in comparison.links:
        groups.setdefault(link.plan.section_path[0] if link.plan.section_path else "", []).append(link)
    for section, links in groups.items():
        table = Table(title=escape(section or "(no section)"), title_justify="left", header_style="bold")
        for col in ("line", "plan", "metric", "report", "outcome", "gap"):
            table.add_column(col, overflow="fold", no_wrap=col in ("line", "outcome"))
        for k in links:
            style = _OUTCOME_STYLE[k.outcome.value]
            report = f"{escape(k.report.text)} [dim]L{k.report.line}[/dim]" if k.report else "[dim]–[/dim]"
            gap = "" if k.gap is None else decimal_text(k.gap) + (f" ({decimal_text(k.ratio)}×)" if k.ratio else "")
            table.add_row(str(k.plan.line), escape(k.plan.text), escape(k.plan.metric), report,
                          f"[{style}]{k.outcome.value}[/{style}]", gap)
        console.print(table)
    counts = comparison.counts()
    console.print(" · ".join(f"[{_OUTCOME_STYLE[o]}]{o.replace('_', ' ')} {n}[/{_OUTCOME_STYLE[o]}]"
                             for o, n in counts.items()))

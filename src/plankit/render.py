"""The ``table`` view: each document's heading tree and a table of its targets."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from plankit.export import decimal_text
from plankit.models import Document, ParseResult, Section

_KIND_STYLE = {"summary": "green", "plan": "cyan", "problems": "red", "measures": "magenta", "other": "dim"}
_STATUS_STYLE = {"target": "cyan", "actual": "green"}


def _count_targets(doc: Document) -> dict[tuple[str, ...], int]:
    counts: dict[tuple[str, ...], int] = {}
    for t in doc.targets:
        key = tuple(t.section_path)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _add(branch: Tree, section: Section, path: tuple[str, ...], counts: dict) -> None:
    here = path + (section.title,)
    n = counts.get(here, 0)
    style = _KIND_STYLE.get(section.kind.value, "")
    label = (
        f"[bold]{escape(section.marker)}[/bold]{escape(section.title)} "
        f"[{style}]{section.kind.value}[/{style}]"
        + (f" [yellow]{n} target{'s' if n > 1 else ''}[/yellow]" if n else "")
        + f" [dim]L{section.line}[/dim]"
    )
    node = branch.add(label)
    for child in section.children:
        _add(node, child, here, counts)


def render_results(results: list[ParseResult], out: TextIO) -> None:
    console = Console(file=out, soft_wrap=False)
    if not console.is_terminal:
        console.width = 160  # a file or a pipe: room for the columns
    for result in results:
        console.rule(f"[bold]{escape(result.source)}[/bold] [dim]({result.encoding})[/dim]")
        if not result.documents:
            console.print("[dim]no documents (the input is empty)[/dim]")
        for doc in result.documents:
            counts = _count_targets(doc)
            tree = Tree(f"[bold]{escape(doc.title or '(untitled)')}[/bold] [dim]L{doc.line}[/dim]")
            for section in doc.sections:
                _add(tree, section, (), counts)
            console.print(tree)
            if not doc.targets:
                console.print("[dim]no targets[/dim]\n")
                continue
            table = Table(show_lines=False, header_style="bold")
            for col in ("line", "text", "value", "unit", "kind", "qualifier", "status", "category"):
                table.add_column(col, no_wrap=True)
            table.add_column("metric", overflow="fold")
            for t in doc.targets:
                st = _STATUS_STYLE.get(t.status.value, "")
                value = decimal_text(t.value) + (f"–{decimal_text(t.value_max)}" if t.value_max is not None else "")
                table.add_row(
                    str(t.line), escape(t.text), value, escape(t.unit), t.kind.value, t.qualifier.value,
                    f"[{st}]{t.status.value}[/{st}]", t.category.value, escape(t.metric),
                )
            console.print(table)
            console.print()

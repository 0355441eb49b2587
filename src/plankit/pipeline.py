"""The pipeline, in order: read -> normalise -> split documents -> headings
-> quantities -> targets -> models. Each stage is a function of its own module;
this one only wires them.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from pathlib import Path
from typing import Optional, Union

from plankit.extract.quantities import Quantity, find_quantities
from plankit.extract.targets import Sentences, decide_all
from plankit.models import Category, Document, Kind, ParseResult, Qualifier, Section, SectionKind, Status, Target
from plankit.parse.documents import DocumentSpan, split_documents, tidy_title
from plankit.parse.headings import Heading, assign_levels, build_tree, detect_headings
from plankit.parse.lines import LineIndex, split_lines
from plankit.parse.mask import analysis_view
from plankit.parse.normalize import NormalizeConfig, Normalized, normalize
from plankit.parse.formats import extract, page_of
from plankit.parse.read import MAX_BYTES, read_input
from plankit.parse.sections import document_kind, kind_of_title

__all__ = ["MAX_BYTES", "parse_bytes", "parse_file", "parse_text"]


class _Context:
    """What every stage of one text needs: the views and the way back."""

    def __init__(self, text: str, config: NormalizeConfig, script: str, pages: tuple[int, ...] = ()):
        self.norm: Normalized = normalize(text, config)
        self.view = analysis_view(self.norm.text)
        self.lines = split_lines(self.view)
        self.index = LineIndex(text)
        self.sentences = Sentences(self.view)
        self.script = script
        self.pages = pages

    def page_of(self, original_offset: int) -> Optional[int]:
        return page_of(self.pages, original_offset)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of a view span; its start is the original
        offset of the view's ``start`` (what ``index.line_of`` takes)."""
        return self.norm.offsets.span(start, end)

    def name(self, start: int, end: int) -> str:
        """Text that names a thing, in the chosen script (never with pinyin)."""
        source = self.norm.script_text if self.script == "original" else self.norm.text
        return source[start:end]


def parse_text(
    text: str,
    *,
    source: str = "<text>",
    encoding: str = "utf-8",
    config: NormalizeConfig = NormalizeConfig(),
    script: str = "simplified",
    pages: tuple[int, ...] = (),
) -> ParseResult:
    """Parse a plan's text into documents, headings and targets.

    >>> r = parse_text("2025年工作计划\\n一、主要目标\\n力争新增高新技术企业5家。")
    >>> [(t.text, t.value, t.unit, t.status.value) for t in r.documents[0].targets]
    [('5家', Decimal('5'), '家', 'target')]
    """
    if not isinstance(text, str):
        raise TypeError(
            f"parse_text takes str, not {type(text).__name__}; use parse_bytes for bytes "
            "(it detects the encoding) or parse_file for a path"
        )
    ctx = _Context(text, config, script, pages)
    documents = [_document(ctx, span) for span in split_documents(ctx.lines)]
    return ParseResult.trusted({"source": str(source), "encoding": str(encoding), "documents": documents})


def clear_caches() -> None:
    """Forget what earlier texts taught the stages' caches (segmentations,
    clause readings, cue positions, periods, section kinds): for fair
    timings, or to give the memory back in a long-running process. The
    caches are bounded anyway. Every cache of more than one entry in the
    stages' modules is one of these; the loaded vocabularies stay."""
    from plankit.extract import metric, quantities, targets
    from plankit.parse import documents, headings, mask, normalize, sections

    for module in (metric, quantities, targets, documents, headings, mask, normalize, sections):
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            size = info().maxsize if info is not None else None
            if size is not None and size > 1:  # not a loader (maxsize 1) nor the vocabularies (unbounded)
                value.cache_clear()


def parse_bytes(data: bytes, *, source: str = "<bytes>", encoding: Optional[str] = None, **kwargs) -> ParseResult:
    """Parse a file's bytes: text in any encoding plankit detects, or a
    document format chosen by content (PDF, Word, WPS, OFD, web page)."""
    extracted = extract(data, name=source, encoding=encoding)
    return parse_text(extracted.text, source=source, encoding=extracted.encoding, pages=extracted.pages, **kwargs)


def parse_file(path: Union[str, os.PathLike], *, encoding: Optional[str] = None, **kwargs) -> ParseResult:
    """Read, decode and parse one file."""
    return parse_bytes(read_input(Path(path)), source=str(path), encoding=encoding, **kwargs)


# ------------------------------------------------------------------ wiring


def _document(ctx: _Context, span: DocumentSpan) -> Document:
    lines = ctx.lines[span.first : span.last + 1]
    # the title line is never a heading, a Markdown one ("# 某区发展规划") included
    headings = detect_headings(lines, span.title_line, ctx.norm.text)  # in text order
    assign_levels(headings)
    roots = build_tree(headings)
    doc_kind = document_kind(span.title)
    kinds = _section_kinds(roots, doc_kind)

    start, end = lines[0].start, lines[-1].end
    while end > start and ctx.view[end - 1] in " \r\n\t":
        end -= 1
    markers = [(h.start, h.start + len(h.marker)) for h in headings if h.marker]
    quantities = find_quantities(ctx.view, markers, start, end)
    return Document.trusted({
        "title": _document_title(ctx, span),
        "line": span.line,
        "span": ctx.original_span(ctx.lines[span.covered].start, end),
        "sections": [_section(ctx, h, kinds) for h in roots],
        "targets": _targets(ctx, quantities, headings, kinds, doc_kind),
    })


def _document_title(ctx: _Context, span: DocumentSpan) -> str:
    if not span.title:
        return ""
    line = ctx.lines[span.first]
    if span.title == tidy_title(line.stripped):
        # the words of the line, without markup around them ("<h1>…</h1>")
        start = line.start + len(line.text) - len(line.text.lstrip())
        return tidy_title(ctx.name(start, line.start + len(line.text.rstrip())))
    # "第一篇:TITLE": the title is part of the line
    at = ctx.view.find(span.title, line.start, line.end)
    return span.title if at < 0 else tidy_title(ctx.name(at, at + len(span.title)))


def _targets(ctx: _Context, quantities: list[Quantity], headings: list[Heading],
             kinds: dict[int, str], doc_kind: str) -> list[Target]:
    starts = [h.start for h in headings]
    #: section index -> the titles above and at it, as read and as written
    paths: dict[int, tuple[list[str], list[str]]] = {}
    section_kinds, section_titles, section_names = [], [], []
    for q in quantities:
        k = bisect_right(starts, q.start) - 1
        if k not in paths:
            path = _path(headings[k] if k >= 0 else None)
            paths[k] = ([h.title for h in path], [_name_of(ctx, h) for h in path])
        titles, names = paths[k]
        section_kinds.append(kinds.get(id(headings[k])) if k >= 0 else None)
        section_titles.append(titles)
        section_names.append(names)
    decisions = decide_all(ctx.sentences, quantities, section_kinds, doc_kind, section_titles)
    targets: list[Target] = []
    # what every target reads, looked up once
    original, span_of, line_of, page_of = ctx.norm.original, ctx.original_span, ctx.index.line_of, ctx.page_of
    as_written = ctx.script == "original"
    kind_of, qualifier_of, status_of, category_of = (_MEMBER[Kind], _MEMBER[Qualifier], _MEMBER[Status],
                                                     _MEMBER[Category])
    for q, d, names in zip(quantities, decisions, section_names):
        o_start, o_end = span_of(q.start, q.end)
        # Every field is built here with its exact type (enum members, Decimal,
        # tuple), so validation is skipped: thousands of targets a second do not
        # pay for checking what this function guarantees (tests check the types).
        targets.append(
            Target.trusted({
                "text": original[o_start:o_end],
                "value": q.value,
                "value_max": q.value_max,
                "unit": _script_unit(ctx, q) if as_written else q.unit,
                "kind": kind_of[q.kind],
                "qualifier": qualifier_of[q.qualifier],
                "status": status_of[d.status],
                "category": category_of[d.category],
                "metric": _script_metric(ctx, q, d.metric) if as_written else d.metric,
                "period": d.period,
                "line": line_of(o_start),
                "span": (o_start, o_end),
                "section_path": list(names),
                "page": page_of(o_start),
            })
        )
    return targets


#: enum members by value: a dict lookup, where calling the enum costs a
#: Python-level call per field per target
_MEMBER = {e: {m.value: m for m in e} for e in (Kind, Qualifier, Status, Category, SectionKind)}


def _script_unit(ctx: _Context, q: Quantity) -> str:
    if not q.unit:
        return q.unit
    at = ctx.view.find(q.unit, q.number_start, q.end)
    return ctx.norm.script_text[at : at + len(q.unit)] if at >= 0 else q.unit


def _script_metric(ctx: _Context, q: Quantity, metric: str) -> str:
    at = ctx.view.rfind(metric, 0, q.start + len(metric) + 20) if metric else -1
    return ctx.norm.script_text[at : at + len(metric)] if at >= 0 else metric


def _name_of(ctx: _Context, h: Heading) -> str:
    if ctx.script != "original" or not h.title:
        return h.title
    at = ctx.view.find(h.title, h.start, h.end + 1)
    return ctx.norm.script_text[at : at + len(h.title)] if at >= 0 else h.title


def _section_kinds(roots: list[Heading], doc_kind: str) -> dict[int, str]:
    """Kind of every heading.

    A heading takes the kind its title names, else its parent's. Under a
    summary or plan parent, a title can only turn a child into problems or
    measures ("确保…取得新成绩" in a plan is still plan). Top-level headings
    without a kind that follow a plan section continue it (a report's
    review comes first, its plans after), else take the document's kind.
    """
    out: dict[int, str] = {}
    default = doc_kind if doc_kind in ("plan", "summary") else "other"

    def walk(hs: list[Heading], inherited: str) -> None:
        for h in hs:
            own = kind_of_title(h.title)
            if own and (inherited not in ("summary", "plan") or own in ("problems", "measures")):
                kind = own
            else:
                kind = inherited
            out[id(h)] = kind
            walk(h.children, kind)

    previous = None
    for h in roots:
        kind = kind_of_title(h.title) or ("plan" if previous == "plan" else default)
        out[id(h)] = kind
        walk(h.children, kind)
        previous = kind
    return out


def _path(section: Optional[Heading]) -> list[Heading]:
    path = []
    while section is not None:
        path.append(section)
        section = section.parent
    return path[::-1]


def _section(ctx: _Context, h: Heading, kinds: dict[int, str]) -> Section:
    o_start, o_end = ctx.original_span(h.start, h.end)
    return Section.trusted({  # exact types, as for targets
        "marker": h.marker,
        "title": _name_of(ctx, h),
        "level": h.level,
        "line": ctx.index.line_of(o_start),
        "span": (o_start, o_end),
        "kind": _MEMBER[SectionKind][kinds.get(id(h), "other")],
        "children": [_section(ctx, c, kinds) for c in h.children],
        "page": ctx.page_of(o_start),
    })

"""The review page: one self-contained HTML file that shows every target in
its sentence, so that an analyst can check the extraction by looking.

The page is drawn from the :class:`~plankit.models.ParseResult` that the JSON
export writes and from the text it was parsed from: spans place the
highlights, nothing is extracted a second time. Every piece of text is
escaped; the only script is plankit's own, inlined from ``data/report.js``
(sorting, filtering, jumping), and the page loads nothing from the network.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape
from typing import Iterable, Iterator, Optional

from plankit.export import decimal_text
from plankit.lexicon import DATA_DIR
from plankit.models import CATEGORY_LABELS, Comparison, Document, ParseResult, Section, Target
from plankit.parse.mask import furniture_spans
from plankit.parse.normalize import normalize

STATUS_COLOURS = {"target": "#2563eb", "actual": "#16a34a"}


@dataclass
class Input:
    """One parsed input: its text (what the spans index) and its result."""

    text: str
    result: ParseResult


def render(inputs: list[Input], title: str = "plankit review") -> str:
    """The whole page."""
    css = (DATA_DIR / "report.css").read_text(encoding="utf-8")
    js = (DATA_DIR / "report.js").read_text(encoding="utf-8")
    files = "".join(_file(k, item, hidden=k > 0) for k, item in enumerate(inputs))
    picker = ""
    if len(inputs) > 1:
        buttons = "".join(
            f'<li><button type="button" data-file="f{k}"{" class=current" if k == 0 else ""}>'
            f"{escape(item.result.source)}<small>{_count(item.result)} targets</small></button></li>"
            for k, item in enumerate(inputs)
        )
        picker = f'<nav class="files" aria-label="files"><h2>{len(inputs)} files</h2><ul>{buttons}</ul></nav>'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # no network: scripts, styles, images and connections only from this page
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{escape(title)}</title><style>{css}</style></head>"
        f'<body class="{"many" if picker else "one"}">{picker}<main>{files}</main>'
        f"<script>{js}</script></body></html>\n"
    )


def _count(result: ParseResult) -> int:
    return sum(len(d.targets) for d in result.documents)


def _file(k: int, item: Input, hidden: bool) -> str:
    result = item.result
    fid = f"f{k}"
    targets = [(f"{fid}-d{d}-t{i}", t) for d, doc in enumerate(result.documents) for i, t in enumerate(doc.targets)]
    header = (
        f'<header><div><h1>{escape(result.source)}</h1><p>{len(result.documents)} document(s), '
        f"{len(targets)} targets, encoding {escape(result.encoding)}</p></div>{_chart([t for _, t in targets])}</header>"
    )
    heading_ids = [_heading_ids(fid, d, doc) for d, doc in enumerate(result.documents)]
    outline = "".join(_outline(fid, d, doc, heading_ids[d]) for d, doc in enumerate(result.documents))
    return (
        f'<section class="file" id="{fid}"{" hidden" if hidden else ""}>{header}'
        f'<div class="panes"><nav class="outline" aria-label="outline"><h2>Outline</h2>{outline}</nav>'
        f'<pre class="text">{_marked_text(fid, item, heading_ids)}</pre></div>'
        f"{_table(targets)}</section>"
    )


# ------------------------------------------------------------------ outline


def _walk(sections: Iterable[Section]) -> Iterator[Section]:
    for s in sections:
        yield s
        yield from _walk(s.children)


def _heading_ids(fid: str, d: int, doc: Document) -> dict[int, str]:
    return {id(s): f"{fid}-d{d}-h{i}" for i, s in enumerate(_walk(doc.sections))}


def _outline(fid: str, d: int, doc: Document, ids: dict[int, str]) -> str:
    def items(sections: list[Section]) -> str:
        out = []
        for s in sections:
            label = f'<a href="#{ids[id(s)]}" class="kind-{s.kind.value}">{escape(s.marker)}{escape(s.title)}</a>'
            if s.children:
                out.append(f"<li><details open><summary>{label}</summary><ul>{items(s.children)}</ul></details></li>")
            else:
                out.append(f"<li>{label}</li>")
        return "".join(out)

    title = escape(doc.title or "(untitled)")
    return (f'<div class="doc-outline"><a href="#{fid}-d{d}" class="doc-title">{title}</a>'
            f"<ul>{items(doc.sections)}</ul></div>")


# ------------------------------------------------------------------ text


def _tip(t: Target) -> str:
    value = decimal_text(t.value) + (f"–{decimal_text(t.value_max)}" if t.value_max is not None else "")
    lines = [
        f"{t.status.value} · {t.kind.value}",
        f"value: {value} {t.unit}".rstrip(),
        f"qualifier: {t.qualifier.value}",
        f"category: {t.category.value} {t.category.label}",
        f"metric: {t.metric or '-'}",
        f"period: {t.period or '-'}",
        f"line {t.line}",
    ]
    return "\n".join(lines)


def _marked_text(fid: str, item: Input, heading_ids: list[dict[int, str]]) -> str:
    """The original text with documents, headings, targets and furniture
    wrapped in elements. Spans nest (a target may sit in a heading); a span
    that would cross another's end is clipped to it."""
    text = item.text
    spans: list[tuple[int, int, int, str, str]] = []  # start, end, depth, open tag, close tag
    for d, doc in enumerate(item.result.documents):
        spans.append((doc.span[0], doc.span[1], 0, f'<span class="doc" id="{fid}-d{d}">', "</span>"))
        ids = heading_ids[d]
        for s in _walk(doc.sections):
            spans.append((s.span[0], s.span[1], 1,
                          f'<span class="heading level-{s.level}" id="{ids[id(s)]}">', "</span>"))
        for i, t in enumerate(doc.targets):
            tip = escape(_tip(t))
            spans.append((t.span[0], t.span[1], 2,
                          f'<mark class="target {t.status.value}" id="{fid}-d{d}-t{i}" tabindex="0" '
                          f'data-tip="{tip}" aria-label="{tip}">', "</mark>"))
    norm = normalize(text)
    for s, e in furniture_spans(norm.text):
        o_s, o_e = norm.offsets.span(s, e)
        spans.append((o_s, o_e, 1, '<span class="furniture" title="page furniture">', "</span>"))
    spans.sort(key=lambda x: (x[0], -x[1], x[2]))

    out: list[str] = []
    stack: list[tuple[int, str]] = []  # (end, close tag)
    pos = 0

    def emit(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            out.append(escape(text[pos:upto].replace("\r\n", "\n").replace("\r", "\n"), quote=False))
            pos = upto

    for start, end, _, open_tag, close_tag in spans:
        while stack and stack[-1][0] <= start:
            emit(stack[-1][0])
            out.append(stack.pop()[1])
        if start < pos:
            continue  # overlaps what is already written
        if stack:
            end = min(end, stack[-1][0])
        if end <= start:
            continue
        emit(start)
        out.append(open_tag)
        stack.append((end, close_tag))
    while stack:
        emit(stack[-1][0])
        out.append(stack.pop()[1])
    emit(len(text))
    return "".join(out)


# ------------------------------------------------------------------ table


def _table(targets: list[tuple[str, Target]]) -> str:
    if not targets:
        return '<p class="none">No targets found.</p>'
    statuses = sorted({t.status.value for _, t in targets})
    categories = sorted({t.category.value for _, t in targets})
    sections = sorted({t.section_path[0] if t.section_path else "" for _, t in targets})

    def select(name: str, values: list[str], labels: Optional[dict[str, str]] = None) -> str:
        options = "".join(f'<option value="{escape(v)}">{escape((labels or {}).get(v, v) or "(none)")}</option>'
                          for v in values)
        return f'<label>{name} <select data-filter="{name}"><option value="*">all</option>{options}</select></label>'

    columns = [("text", "text"), ("value", "num"), ("unit", "text"), ("qualifier", "text"), ("status", "text"),
               ("category", "text"), ("metric", "text"), ("period", "text"), ("section", "text"), ("line", "num")]
    head = "".join(f'<th data-type="{kind}" tabindex="0">{name}</th>' for name, kind in columns)
    rows = []
    for hid, t in targets:
        section = t.section_path[0] if t.section_path else ""
        value = decimal_text(t.value) + (f"–{decimal_text(t.value_max)}" if t.value_max is not None else "")
        cells = [
            (escape(t.text), ""), (escape(value), escape(decimal_text(t.value))), (escape(t.unit), ""),
            (escape(t.qualifier.value), ""),
            (f'<span class="dot {t.status.value}"></span>{escape(t.status.value)}', escape(t.status.value)),
            (escape(f"{t.category.value} {t.category.label}"), escape(t.category.value)), (escape(t.metric), ""),
            (escape(t.period or ""), ""),
            (escape(" › ".join(t.section_path)), escape(section)), (str(t.line), str(t.line)),
        ]
        tds = "".join(f'<td data-sort="{key}">{cell}</td>' if key else f"<td>{cell}</td>" for cell, key in cells)
        rows.append(
            f'<tr data-target="{hid}" data-status="{escape(t.status.value)}" '
            f'data-category="{escape(t.category.value)}" data-section="{escape(section)}" tabindex="0">{tds}</tr>'
        )
    labels = {c: f"{c} {CATEGORY_LABELS[c]}" for c in categories}
    filters = select("status", statuses) + select("category", categories, labels) + select("section", sections)
    return (
        f'<div class="targets"><h2>Targets</h2><div class="filters">{filters}<span class="shown"></span></div>'
        f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


# ------------------------------------------------------------------ chart


def _chart(targets: list[Target]) -> str:
    """Horizontal bars: targets per category, split by status, as inline SVG."""
    if not targets:
        return ""
    counts = Counter((t.category.value, t.status.value) for t in targets)
    categories = sorted({c for c, _ in counts}, key=lambda c: -sum(n for (k, _), n in counts.items() if k == c))
    most = max(sum(n for (k, _), n in counts.items() if k == c) for c in categories)
    bar_h, gap, label_w, width = 16, 6, 170, 320
    height = len(categories) * (bar_h + gap) + 24
    parts = [f'<svg class="chart" role="img" aria-label="targets by category and status" '
             f'width="{label_w + width + 40}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for row, cat in enumerate(categories):
        y = row * (bar_h + gap)
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h - 4}" text-anchor="end">'
                     f"{escape(cat)} {CATEGORY_LABELS[cat]}</text>")
        x = label_w
        total = 0
        for status in ("target", "actual"):
            n = counts.get((cat, status), 0)
            if not n:
                continue
            w = n * width / most
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{STATUS_COLOURS[status]}">'
                         f"<title>{escape(cat)}: {n} {status}</title></rect>")
            x += w
            total += n
        parts.append(f'<text x="{x + 4:.1f}" y="{y + bar_h - 4}">{total}</text>')
    y = len(categories) * (bar_h + gap) + 12
    for k, (status, colour) in enumerate(STATUS_COLOURS.items()):
        parts.append(f'<rect x="{label_w + k * 90}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{label_w + k * 90 + 14}" y="{y}">{status}</text>')
    parts.append("</svg>")
    return "".join(parts)


# ------------------------------------------------------------------ comparison page

_OUTCOME_COLOURS = {"met": "#1a7f37", "missed": "#cf222e", "unclear": "#9a6700", "not_reported": "#6e7781"}


def render_comparison_page(comparison: Comparison) -> str:
    """A self-contained page of a comparison: a summary bar, then per plan
    section a table of its targets with the report's figure, the outcome
    (coloured), the gap and the reason; every text escaped, nothing fetched,
    no script."""
    counts = comparison.counts()
    total = sum(counts.values()) or 1
    bar = "".join(
        f'<span style="width:{100 * n / total:.2f}%;background:{_OUTCOME_COLOURS[o]}" '
        f'title="{o.replace("_", " ")}: {n}"></span>' for o, n in counts.items() if n
    )
    legend = " · ".join(f'<b style="color:{_OUTCOME_COLOURS[o]}">{o.replace("_", " ")} {n}</b>' for o, n in counts.items())
    groups: dict[str, list] = {}
    for link in comparison.links:
        groups.setdefault(link.plan.section_path[0] if link.plan.section_path else "", []).append(link)
    sections = []
    for section, links in groups.items():
        rows = []
        for k in links:
            colour = _OUTCOME_COLOURS[k.outcome.value]
            report = (f"{escape(k.report.text)} <small>L{k.report.line} · {escape(k.report.metric)}</small>"
                      if k.report else "–")
            gap = "" if k.gap is None else escape(decimal_text(k.gap) + (f" ({decimal_text(k.ratio)}×)" if k.ratio else ""))
            rows.append(
                f"<tr><td>{k.plan.line}</td><td>{escape(k.plan.text)}</td><td>{escape(k.plan.metric)}</td>"
                f'<td>{report}</td><td><b style="color:{colour}">{k.outcome.value.replace("_", " ")}</b></td>'
                f"<td>{gap}</td><td><small>{escape(k.reason)}</small></td></tr>"
            )
        sections.append(
            f"<h2>{escape(section or '(no section)')}</h2><table><thead><tr><th>line</th><th>plan</th><th>metric</th>"
            f"<th>report</th><th>outcome</th><th>gap</th><th>why</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    css = ("body{font-family:system-ui,'WenQuanYi Micro Hei',sans-serif;margin:2em;color:#1f2328}"
           "table{border-collapse:collapse;width:100%;margin-bottom:2em}td,th{border-bottom:1px solid #d0d7de;"
           "padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}small{color:#57606a}"
           ".bar{display:flex;height:14px;border-radius:7px;overflow:hidden;margin:.5em 0}.bar span{display:block}")
    title = f"{comparison.plan} → {comparison.report}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{css}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>targets for {comparison.year} ({escape(comparison.year_basis)})</p>"
        f'<div class="bar">{bar}</div><p>{legend}</p>{"".join(sections)}</body></html>\n'
    )

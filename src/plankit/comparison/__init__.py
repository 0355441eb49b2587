"""Comparison (``plankit compare``): each target a plan sets for year N, linked to the result a
later report gives for year N.

A stage over two :class:`~plankit.models.ParseResult` (it re-parses nothing):

1. :func:`infer_year`: year N from the plan's plan sections, its title, the
   review it follows, or the report's review;
2. :func:`plan_targets` / :func:`report_results`: the plan's targets for year
   N (not multi-year goals, not baselines) and the report's actual figures
   for year N (not five-year totals, not other years);
3. :func:`link`: for each plan target, the report figures of the same kind
   whose cleaned metric is most alike (bigram Dice, synonyms as data);
4. :func:`judge`: met, missed or unclear, qualifier- and direction-aware; no
   figure close enough is ``not_reported`` (a false link is worse than none).

Vocabulary in ``data/compare.toml``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Iterator, NamedTuple, Optional

from plankit import regex
from plankit.errors import PlankitError
from plankit.lexicon import load
from plankit.models import Comparison, Kind, Link, Outcome, ParseResult, Qualifier, Section, SectionKind, Status, Target
from plankit.text import alternation

__all__ = ["CompareError", "compare", "infer_year", "judge", "metric_similarity", "plan_targets", "report_results"]


class CompareError(PlankitError):
    """The two inputs cannot be compared (no year, no targets, no results)."""


_YEAR = regex.compile(r"((?:19|20)\d\d)\s*年")
#: the year a title's plan is for: the last year before a plan word
_PLAN_TITLE_YEAR = regex.compile(r"(?<![-—–~至到\d])((?:19|20)\d\d)\s*年(?!.*(?:19|20)\d\d\s*年.*(?:计划|规划|要点|安排|打算|方案|目标))"
                              r"[^，。]{0,12}?(?:计划|规划|要点|安排|打算|方案|目标)")
#: periods that are year N itself, for the plan (written in year N) and for a report (written in N+1)
_PLAN_THIS_YEAR = frozenset({"今年", "全年", "年内", "年底", "本年度"})
_REPORT_LAST_YEAR = frozenset({"去年", "上年", "过去一年", "一年来", "全年", "年内", "年底"})
#: a span of years: never a single year's figure
_SPAN = regex.compile(r"[一二三四五六七八九十\d]{1,2}年(?:来|间|中)?$|^(?:过去|近|这|最近)|十[一二三四五六七八九]五")


# ------------------------------------------------------------------ year N


def _sections(result: ParseResult) -> Iterator[Section]:
    for doc in result.documents:
        stack = list(reversed(doc.sections))
        while stack:
            s = stack.pop()
            yield s
            stack.extend(reversed(s.children))


def _year_in(text: Optional[str]) -> Optional[int]:
    """The first year a title or a period names (``2025年工作计划``: 2025)."""
    m = _YEAR.search(text or "")
    return int(m.group(1)) if m else None


def plan_year(plan: ParseResult) -> tuple[Optional[int], str]:
    """Year N as the plan states it, and where it says so."""
    for s in _sections(plan):
        if s.kind == SectionKind.plan and s.level == 1 and (y := _year_in(s.title)):
            return y, f"the plan's section {s.title}"
    for doc in plan.documents:
        m = _PLAN_TITLE_YEAR.search(doc.title)  # 2024年工作总结和2025年工作计划: 2025
        if m:
            return int(m.group(1)), f"the plan's title {doc.title}"
    for s in _sections(plan):
        if s.kind == SectionKind.summary and s.level == 1 and (y := _year_in(s.title)):
            return y + 1, f"the year after the plan's review ({s.title})"
    return None, ""


def reviewed_year(report: ParseResult) -> tuple[Optional[int], str]:
    """The year the report reviews, and where it says so."""
    for s in _sections(report):
        if s.kind == SectionKind.summary and (y := _year_in(s.title)):
            return y, f"the report's section {s.title}"
    for doc in report.documents:
        if (y := _year_in(doc.title)) and re.search(r"总结|回顾|情况|报告", doc.title):
            return y, f"the report's title {doc.title}"
    return None, ""


def infer_year(plan: ParseResult, report: ParseResult) -> tuple[int, str, Optional[str]]:
    """Year N, where it came from, and a warning when the report reviews
    another year (or none that it names)."""
    year, basis = plan_year(plan)
    reviewed, where = reviewed_year(report)
    if year is None and reviewed is None:
        raise CompareError("cannot tell which year the plan is for; pass --year")
    if year is None:
        return reviewed, where, None
    if reviewed is None:
        return year, basis, "the report names no year it reviews; its figures are taken as results for that year"
    if reviewed != year:
        return year, basis, f"the report reviews {reviewed}, not {year}: few of its figures can answer the plan"
    return year, basis, None


# ------------------------------------------------------------------ the two sides


def _for_year(period: Optional[str], year: int, this_year: frozenset) -> bool:
    """Whether a period names year N (or nothing, which the context decides)."""
    if not period:
        return True
    if period.startswith(("到", "至")) and _year_in(period) != year:
        return False  # 到2025年: a goal of several years
    stated = _year_in(period)
    if stated is not None:
        return stated == year
    if _SPAN.search(period):
        return False  # 五年来, 过去五年, 十三五时期
    return period in this_year


def _kinds(result: ParseResult) -> dict[tuple[str, ...], SectionKind]:
    """Kind of each section, by its path of titles (a target's section_path)."""
    out: dict[tuple[str, ...], SectionKind] = {}

    def walk(sections: list[Section], path: tuple[str, ...]) -> None:
        for s in sections:
            here = path + (s.title,)
            out.setdefault(here, s.kind)
            walk(s.children, here)

    for doc in result.documents:
        walk(doc.sections, ())
    return out


def plan_targets(plan: ParseResult, year: int) -> list[Target]:
    """The plan's targets for year N: status target, outside a review
    section, for that year (not 到2025年, not a span of years)."""
    out = []
    kinds = _kinds(plan)
    for doc in plan.documents:
        for t in doc.targets:
            if t.status != Status.target or not _for_year(t.period, year, _PLAN_THIS_YEAR):
                continue
            if kinds.get(tuple(t.section_path)) == SectionKind.summary:
                continue
            out.append(t)
    return out


def report_results(report: ParseResult, year: int) -> list[Target]:
    """The report's actual figures for year N. Where the report has review
    sections, only their figures; never a span of years or another year."""
    kinds = _kinds(report)
    has_review = any(k == SectionKind.summary for k in kinds.values())
    out = []
    for doc in report.documents:
        for t in doc.targets:
            if t.status != Status.actual or not _for_year(t.period, year, _REPORT_LAST_YEAR | _PLAN_THIS_YEAR):
                continue
            if has_review and kinds.get(tuple(t.section_path)) != SectionKind.summary:
                continue
            out.append(t)
    return out


# ------------------------------------------------------------------ similarity


class _Vocab(NamedTuple):
    """``data/compare.toml``, ready to use."""

    synonyms: re.Pattern  # any name of a synonym group
    canonical: dict  # name -> its group's first name
    drops: re.Pattern  # words dropped before comparing
    stages: dict  # stage -> its words
    ceilings: tuple  # metric words of a ceiling
    about: dict  # how far 左右 reaches: points, share
    link: dict  # thresholds and list reach
    measures: dict  # growth / share -> metric endings
    rise: tuple  # words of a rise
    fall: tuple  # words of a fall


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    data = load("compare")
    canonical = {w: group[0] for group in data["synonyms"]["groups"] for w in group}
    direction = data["direction"]
    return _Vocab(
        synonyms=regex.compile(alternation(canonical)),
        canonical=canonical,
        drops=regex.compile(alternation(data["metric"]["drop"])),
        stages={stage: tuple(words) for stage, words in data["stages"].items()},
        ceilings=tuple(direction["ceilings"]),
        about=data["about"],
        link=data["link"],
        measures={measure: tuple(words) for measure, words in data["measures"].items()},
        rise=tuple(direction["rise"]),
        fall=tuple(direction["fall"]),
    )


@lru_cache(maxsize=4096)
def clean_metric(metric: str) -> str:
    """A metric as compared: synonyms read as one name, time, repetition and
    doing words dropped.

    >>> clean_metric("今年再开工重大水利工程"), clean_metric("能耗强度下降")
    ('开工重大水利工程', '单位生产总值能耗下降')
    """
    vocab = _vocab()
    text = vocab.synonyms.sub(lambda m: vocab.canonical[m.group()], metric)
    return vocab.drops.sub("", text)


def _bigrams(s: str) -> list[str]:
    return [s[i : i + 2] for i in range(len(s) - 1)] if len(s) > 1 else [s] if s else []


def metric_similarity(a: str, b: str) -> float:
    """Bigram Dice of two cleaned metrics, 0 to 1.

    >>> metric_similarity("能耗强度下降", "单位国内生产总值能耗下降")
    1.0
    """
    x, y = _bigrams(clean_metric(a)), _bigrams(clean_metric(b))
    if not x or not y:
        return 0.0
    pool = {}
    for g in y:
        pool[g] = pool.get(g, 0) + 1
    common = 0
    for g in x:
        if pool.get(g):
            pool[g] -= 1
            common += 1
    return round(2 * common / (len(x) + len(y)), 4)


def _family(t: Target) -> tuple:
    """What must agree for two figures to measure the same thing: a
    percentage is not an amount, 户 is not 个."""
    if t.kind == Kind.percent:
        return ("percent", t.unit)
    if t.kind == Kind.money:
        return ("money", t.unit)
    return (t.kind.value, t.unit)


def _measure(metric: str) -> Optional[str]:
    """``growth`` or ``share`` for a metric that ends in one, else None."""
    cleaned = clean_metric(metric)
    for measure, words in _vocab().measures.items():
        if cleaned.endswith(words):
            return measure
    return None


def _stage(metric: str) -> Optional[str]:
    stages = _vocab().stages
    found = [(metric.rfind(w), stage) for stage, words in stages.items() for w in words if w in metric]
    return max(found)[1] if found else None


# ------------------------------------------------------------------ linking and judging


def link(target: Target, results: list[Target]) -> list[tuple[Target, float]]:
    """The report figures that answer ``target`` with their similarity: the
    best one above the threshold (of any kind: another kind is judged
    unclear), and its siblings in a 分别 list of the same kind and close
    enough, in text order."""
    limits = _vocab().link
    family = _family(target)
    measure = _measure(target.metric) if target.kind == Kind.percent else None
    scored = [(metric_similarity(target.metric, r.metric), r) for r in results
              if not (measure and r.kind == Kind.percent and _measure(r.metric) not in (None, measure))]
    same = [(s, r) for s, r in scored if s >= limits["threshold"] and _family(r) == family]
    other = [(s, r) for s, r in scored if s >= limits["other_kind_threshold"] and _family(r) != family]
    if not same and not other:
        return []
    best_score, best = max(same or other, key=lambda p: (p[0], -p[1].line))
    reach = limits["list_reach"]
    out = [(best, best_score)]
    for s, r in same:
        if r is not best and r.line == best.line and abs(r.span[0] - best.span[0]) <= reach:
            out.append((r, s))
    return sorted(out, key=lambda p: p[0].span)


def _sign(metric: str) -> int:
    """+1 when a metric says a rise (增长, 提高), -1 a fall (下降, 减少), else 0."""
    vocab = _vocab()
    found = [(metric.rfind(w), 1) for w in vocab.rise if w in metric]
    found += [(metric.rfind(w), -1) for w in vocab.fall if w in metric]
    return max(found)[1] if found else 0  # the word said last


def judge(plan: Target, actual: Target) -> tuple[Outcome, str]:
    """Met, missed or unclear, and why.

    A percentage never answers an amount; a count at another stage (开工
    against 建成) is unclear. A fall reported against a rise planned counts
    below zero (增长5% against 下降6% is -6%). Ceilings (以内, 不超过, and
    prices, unemployment and deficits unless a 以上 says otherwise) are met at
    or under their number (a ceiling range at or under its high end); 左右
    reaches a little either way; 超过 needs more than its number; every other
    target is met at or above its number.
    """
    if _family(plan) != _family(actual):
        return Outcome.unclear, f"{actual.kind.value} in {actual.unit or '-'} against {plan.kind.value} in {plan.unit or '-'}"
    s_plan, s_actual = _stage(plan.metric), _stage(actual.metric)
    if s_plan and s_actual and s_plan != s_actual:
        return Outcome.unclear, f"{s_actual} against {s_plan}"
    ceilings, about = _vocab().ceilings, _vocab().about
    p, a = plan.value, actual.value
    sign_plan, sign_actual = _sign(plan.metric), _sign(actual.metric)
    if sign_plan and sign_actual and sign_plan != sign_actual:
        a = -a
    q = plan.qualifier
    ceiling = q == Qualifier.at_most or (
        q not in (Qualifier.at_least, Qualifier.more_than) and any(w in plan.metric for w in ceilings))
    if q == Qualifier.about:
        slack = Decimal(str(about["points"])) if plan.kind == Kind.percent else p * Decimal(str(about["share"]))
        if ceiling:
            return (Outcome.met, f"{a} within {p} + {slack}") if a <= p + slack else (Outcome.missed, f"{a} over {p} + {slack}")
        return (Outcome.met, f"{a} at or above {p} - {slack}") if a >= p - slack else (Outcome.missed, f"{a} under {p} - {slack}")
    if ceiling:
        top = plan.value_max if q == Qualifier.range and plan.value_max is not None else p
        return (Outcome.met, f"{a} at or under {top}") if a <= top else (Outcome.missed, f"{a} over the ceiling {top}")
    if q == Qualifier.more_than:
        return (Outcome.met, f"{a} over {p}") if a > p else (Outcome.missed, f"{a} not over {p}")
    return (Outcome.met, f"{a} at or above {p}") if a >= p else (Outcome.missed, f"{a} under {p}")


def _gap(plan: Target, actual: Target) -> tuple[Optional[Decimal], Optional[Decimal]]:
    if _family(plan) != _family(actual):
        return None, None
    gap = actual.value - plan.value
    ratio = (actual.value / plan.value).quantize(Decimal("0.0001")) if plan.value else None
    return gap, ratio


def compare(plan: ParseResult, report: ParseResult, year: Optional[int] = None) -> Comparison:
    """Link each target ``plan`` sets for year N to the result ``report``
    gives for it. ``year`` is N; by default it is inferred (:func:`infer_year`).

    >>> from plankit import parse_text
    >>> p = parse_text("2025年工作计划\\n一、2025年主要目标\\n城镇新增就业8000人以上。")
    >>> r = parse_text("2025年工作总结\\n一、2025年工作回顾\\n城镇新增就业9200人。")
    >>> [(k.plan.text, k.report.text, k.outcome.value) for k in compare(p, r).links]
    [('8000人以上', '9200人', 'met')]
    """
    if year is None:
        year, basis, _ = infer_year(plan, report)
    else:
        basis = "--year"
    targets = plan_targets(plan, year)
    if not targets:
        raise CompareError(f"{plan.source} sets no targets for {year}")
    results = report_results(report, year)
    links: list[Link] = []
    for t in targets:
        answers = link(t, results)
        if not answers:
            links.append(Link(plan=t, outcome=Outcome.not_reported, similarity=0.0,
                              reason="no figure for this item in the report"))
            continue
        for actual, similarity in answers:
            outcome, reason = judge(t, actual)
            gap, ratio = _gap(t, actual)
            links.append(Link(plan=t, report=actual, outcome=outcome, gap=gap, ratio=ratio,
                              similarity=similarity, reason=reason))
    return Comparison(plan=plan.source, report=report.source, year=year, year_basis=basis, links=links)

"""From quantities to targets: status, metric, category and period.

Each decision reads the quantity's sentence in the analysis view, with its
vocabulary in ``data/targets.toml`` and ``data/categories.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from plankit.extract.metric import metric_phrase
from plankit.extract.quantities import Quantity
from plankit.lexicon import load

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[。！？!?；;\n,，:：]")
#: the noun phrase right after a quantity: "7家企业", "12个工业项目"
_NOUN_AFTER = re.compile(r"[\u4e00-\u9fffA-Za-z“”\"]{1,8}")
_PERIOD = re.compile(
    r"(?:到|至|截至|截止)?(?:(?:19|20)\d\d|20[xX×]{2}|[*＊]{2}|[xX]{2})\s*年(?:底|末|前|内)?"
    r"|全年|上半年|下半年|今年|明年|年内|年底|[“\"]?十[一二三四五六七八九]五[”\"]?(?:期间|时期|末)"
)


@dataclass(frozen=True)
class Decided:
    status: str
    category: str
    metric: str
    period: Optional[str]


@lru_cache(maxsize=1)
def _cues():
    st = load("targets")["status"]
    not_cues = sorted(st["not_cues"], key=len, reverse=True)
    def alt(words):
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    return alt(st["target"]), alt(st["past"]), alt(st["done"]), alt(not_cues)


@lru_cache(maxsize=1)
def _categories():
    data = load("categories")
    pairs = [(w, cat) for cat, words in data["words"].items() for w in words]
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w, _ in pairs))
    return pattern, dict(pairs), data["default"], data.get("units", {})


def sentence_bounds(view: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while left > 0 and not _SENTENCE_END.match(view[left - 1]):
        left -= 1
    right = end
    n = len(view)
    while right < n and not _SENTENCE_END.match(view[right]):
        right += 1
    return left, right


def _nearest(pattern: re.Pattern[str], text: str, blocked: list[tuple[int, int]]) -> Optional[int]:
    """Distance from the end of ``text`` to the nearest cue not inside a blocked word."""
    best = None
    for m in pattern.finditer(text):
        if any(s <= m.start() < e for s, e in blocked):
            continue
        d = len(text) - m.end()
        if best is None or d < best:
            best = d
    return best


def decide_status(left: str, section_kind: Optional[str], document_kind: str) -> str:
    """``left`` is the sentence up to the quantity."""
    target_re, past_re, done_re, not_re = _cues()
    blocked = [m.span() for m in not_re.finditer(left)]
    t = _nearest(target_re, left, blocked)
    p = _nearest(past_re, left, blocked)
    if p is not None and (t is None or p < t):
        return "actual"
    if t is not None:
        return "target"
    if section_kind == "plan":
        return "target"
    if section_kind in ("summary", "problems"):
        return "actual"
    if _nearest(done_re, left, blocked) is not None:
        return "actual" if document_kind != "plan" else "target"
    return "actual" if document_kind == "summary" else "target"


def decide_category(left: str, right: str, kind: str, unit: str) -> str:
    """The counted noun after the quantity wins; else the nearest word before it."""
    pattern, word_cat, default, unit_cat = _categories()
    if kind in ("count", "measure"):
        head = _NOUN_AFTER.match(right)
        hits = list(pattern.finditer(head.group())) if head else []
        if hits:
            return word_cat[hits[-1].group()]
    clause = _CLAUSE_END.split(left)[-1] if kind == "percent" else left
    hits = [word_cat[m.group()] for m in pattern.finditer(clause)]
    if kind == "money":
        money_hits = [c for c in hits if c in ("economy", "funding")]
        if money_hits:
            return money_hits[-1]
    if hits:
        return hits[-1]
    return unit_cat.get(unit) or default.get(kind, "other")


def find_period(sentence: str, section_titles: list[str]) -> Optional[str]:
    for text in [sentence, *reversed(section_titles)]:
        m = _PERIOD.search(text)
        if m:
            return m.group().strip("“”\"")
    return None


def decide(view: str, q: Quantity, section_kind: Optional[str], document_kind: str,
           section_titles: list[str], previous: Optional[tuple[Quantity, Decided]] = None) -> Decided:
    s, e = sentence_bounds(view, q.start, q.end)
    left = view[s:q.start]
    right = view[q.end:e]
    status = decide_status(left, section_kind, document_kind)
    period = find_period(view[s:e], section_titles)
    clause_left = _CLAUSE_END.split(left)[-1]
    # 专利申请334件,增幅51.13%: a percentage right after a count describes that count
    if q.kind == "percent" and previous is not None:
        pq, pd = previous
        between = view[pq.end:q.start]
        if pq.kind != "percent" and len(between) <= 8 and not _SENTENCE_END.search(between) and pq.end <= q.start:
            word = between.strip(",，、 ")
            metric = (pd.metric + word) if word and len(pd.metric + word) <= 30 else (pd.metric or word)
            return Decided(status, pd.category, metric, period)
    category = decide_category(left, right, q.kind, q.unit)
    metric = metric_phrase(clause_left, right)
    return Decided(status, category, metric, period)

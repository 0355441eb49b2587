"""From quantities to targets: status, metric, category and period.

Each decision reads the quantity's sentence in the analysis view, with its
vocabulary in ``data/targets.toml`` and ``data/categories.toml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from plankit.extract.metric import metric_phrase
from plankit.extract.quantities import Quantity
from plankit.lexicon import load
from plankit.text import LETTER

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
#: a list may run on over ；, not over a full stop
_PERIOD_END = re.compile(r"[。！？!?\n]")
_CLAUSE_END = re.compile(r"[。！？!?；;\n,，:：]")
_PERIOD = re.compile(
    r"(?:到|至|截至|截止)?(?:(?:19|20)\d\d|20[xX×]{2}|[*＊]{2}|[xX]{2})\s*年(?:底|末|前|内)?"
    r"|全年|上半年|下半年|今年|明年|年内|年底|[“\"]?十[一二三四五六七八九]五[”\"]?(?:期间|时期|末)"
)


@dataclass  # not frozen: one per quantity, and a frozen init costs four times as much
class Decided:
    status: str
    category: str
    metric: str
    period: Optional[str]
    #: the count a following percentage describes
    anchor: Optional[tuple] = None


@lru_cache(maxsize=1)
def _cues():
    """One regex for every cue word, each kind a named group. Words that only
    contain a cue (主要, 计划生育) come first, so that they swallow it."""
    st = load("targets")["status"]

    def alt(words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    kinds = ("not_cues", "target", "weak_target", "past", "done")
    pattern = re.compile("|".join(f"(?P<{k}>{alt(st[k])})" for k in kinds))
    return pattern, frozenset(st["bounded"]), tuple(st["bound_left"])


@lru_cache(maxsize=1)
def _categories():
    data = load("categories")
    pairs = [(w, cat) for cat, words in data["words"].items() for w in words]
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w, _ in pairs))
    return pattern, dict(pairs), data["default"], data.get("units", {})


#: how far a quantity's sentence reaches on either side, at most
SENTENCE_REACH = 300


class Sentences:
    """Sentence boundaries of a text, found once: ``bounds`` is a bisect away."""

    def __init__(self, view: str):
        self.view = view
        self._ends = [m.start() for m in _SENTENCE_END.finditer(view)]

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """[left, right) of the sentence holding ``view[start:end]``, ends
        excluded, and at most ``SENTENCE_REACH`` characters either side (text
        without full stops is not one sentence, and must not cost n² time)."""
        k = bisect_left(self._ends, start)
        left = self._ends[k - 1] + 1 if k > 0 else 0
        k = bisect_left(self._ends, end)
        right = self._ends[k] if k < len(self._ends) else len(self.view)
        return max(left, start - SENTENCE_REACH), min(right, end + SENTENCE_REACH)


def _at_boundary(text: str, at: int, bound_left: tuple) -> bool:
    if at == 0:
        return True
    before = text[at - 1]
    if _CLAUSE_END.match(before) or before in " “\"" or before.isdigit():
        return True
    return text.endswith(bound_left, 0, at)


@lru_cache(maxsize=1024)
def _sentence_cues(sentence: str) -> tuple[tuple[str, int], ...]:
    """(kind, end offset) of each cue word of a sentence, found once for all
    the quantities in it."""
    pattern, bounded, bound_left = _cues()
    found = []
    for m in pattern.finditer(sentence):
        kind = m.lastgroup
        if kind == "not_cues":
            continue
        if kind == "target" and m.group() in bounded and not _at_boundary(sentence, m.start(), bound_left):
            continue
        found.append((kind, m.end()))
    return tuple(found)


def _cue_positions(sentence: str, at: int) -> list[tuple[str, int]]:
    """(kind, distance back from ``at``) of each cue word before ``at``."""
    return [(kind, at - end) for kind, end in _sentence_cues(sentence) if end <= at]


def _verdict(cues: list[tuple[str, int]], within: int, section_kind: Optional[str]) -> Optional[str]:
    """What the cues nearer than ``within`` to the quantity say, or None."""
    nearest: dict[str, int] = {}
    for kind, d in cues:
        if d < within and d < nearest.get(kind, within):
            nearest[kind] = d
    t, p = nearest.get("target"), nearest.get("past")
    w = nearest.get("weak_target") if section_kind not in ("summary", "problems") else None
    if p is not None and (t is None or p < t) and (w is None or p < w):
        return "actual"
    if t is not None or w is not None:
        return "target"
    return None


def decide_status(sentence: str, at: int, section_kind: Optional[str], document_kind: str) -> str:
    """Status of the quantity at offset ``at`` of ``sentence``: the cues of the
    clause before it speak first, then those of the sentence before it."""
    left = sentence[:at]
    cues = _cue_positions(sentence, at)
    clause = len(_CLAUSE_END.split(left)[-1])
    verdict = _verdict(cues, clause, section_kind) or _verdict(cues, len(left) + 1, section_kind)
    if verdict:
        return verdict
    if section_kind in ("plan", "measures"):
        return "target"
    if section_kind in ("summary", "problems"):
        return "actual"
    if any(kind == "done" for kind, _ in cues):
        return "actual" if document_kind != "plan" else "target"
    return "actual" if document_kind == "summary" else "target"


_PARENS = re.compile(r"[(（][^()（）]{0,30}[)）]")
#: words that end the noun phrase after a quantity ("1家企业申报科技中心")
_PHRASE_STOP = re.compile(
    r"[,，。;；:：、()（）]|申报|申请|进行|建立|建成|开展|参加|参与|获得|完成|实施|用于|从|在|并|以|和|与|及|等|是|为|将|已|达"
)
_DOMINANT = ("patent", "talent", "award")
_NOUN = re.compile(rf"(?:{LETTER}|[“”\"])+")


def _noun_after(right: str) -> str:
    """The noun phrase a count counts: "12个工业项目" -> "工业项目"."""
    text = right.lstrip("的")
    m = _PHRASE_STOP.search(text)
    head = text[: m.start()] if m else text
    head = head[:8]
    return head if _NOUN.fullmatch(head) else ""


def _pick(cats: list[str], kind: str) -> str:
    """The head word's category, unless a dominant one stands before a project word."""
    last = cats[-1]
    if kind == "count" and last in ("project", "funding", "other"):
        for c in reversed(cats[:-1]):
            if c in _DOMINANT:
                return c
    return last


def decide_category(left: str, right: str, kind: str, unit: str, previous: Optional[str] = None) -> str:
    """The counted noun after the quantity wins; else the nearest word before it."""
    pattern, word_cat, default, unit_cat = _categories()

    def cats(text: str) -> list[str]:
        return [word_cat[m.group()] for m in pattern.finditer(text)]

    left = _PARENS.sub(lambda m: " " * len(m.group()), left)
    if kind in ("count", "measure"):
        head = _noun_after(right)
        if head:
            found = cats(head)
            return found[-1] if found else "other"
    clause = _CLAUSE_END.split(left)[-1]
    short = len(clause.strip()) <= 6
    if "占" in clause:
        subject = clause.split("占")[0]
        found = cats(subject)
        if found:
            return found[-1]
        if not subject.strip() and previous is not None:
            return previous  # "科技投入3600万元,占销售收入的5.3%": the share of the amount before
    found = cats(clause)
    if kind == "money":
        money = [c for c in found if c in ("economy", "funding")]
        if money:
            return money[-1]
        return previous if previous is not None and short else default["money"]
    if found:
        return _pick(found, kind)
    if previous is not None and short:
        return previous  # a list: "其中国家级12个,省级31个"
    if unit in unit_cat:
        return unit_cat[unit]  # 家 counts enterprises, 名 people, unless a word says otherwise
    found = cats(left)
    if found:
        return _pick(found, kind)
    return default.get(kind, "other")


def find_period(sentence: str, section_titles: list[str]) -> Optional[str]:
    """The period the sentence states, else the nearest section title's."""
    for text in (sentence, *reversed(section_titles)):
        found = _period_of(text)
        if found:
            return found
    return None


@lru_cache(maxsize=2048)
def _period_of(text: str) -> Optional[str]:
    """A sentence or title's period (cached: a sentence often holds several quantities)."""
    m = _PERIOD.search(text)
    return m.group().strip("“”\"") if m else None


def decide(sentences: Sentences, q: Quantity, section_kind: Optional[str], document_kind: str,
           section_titles: list[str], previous: Optional[tuple[Quantity, Decided]] = None) -> Decided:
    view = sentences.view
    s, e = sentences.bounds(q.start, q.end)
    left = view[s:q.start]
    right = view[q.end:e]
    sentence = view[s:e]
    status = decide_status(sentence, len(left), section_kind, document_kind)
    period = find_period(sentence, section_titles)
    clause_left = _CLAUSE_END.split(left)[-1]
    near = (
        previous is not None
        and 0 <= q.start - previous[0].end <= 40
        and not _PERIOD_END.search(view[previous[0].end : q.start])
    )
    # 专利申请334件,增幅51.13%,占比4.22%: percentages right after a count describe it
    if q.kind == "percent" and near:
        word = _CLAUSE_END.split(view[previous[0].end:q.start])[-1].strip(" ")
        pq, pd = previous[1].anchor or previous
        if pq.kind != "percent" and len(word) <= 4:
            metric = pd.metric + word if len(pd.metric + word) <= 30 else pd.metric
            return Decided(status, pd.category, metric, period, anchor=pd.anchor or (pq, pd))
    # a list item takes the category of the item before it, when of one kind
    same = near and (previous[0].kind == q.kind or (q.kind == "percent" and "占" in left))
    category = decide_category(left, right, q.kind, q.unit, previous[1].category if same else None)
    metric = metric_phrase(clause_left, right)
    return Decided(status, category, metric, period)

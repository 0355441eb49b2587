"""From quantities to targets: status, metric, category and period.

Each decision reads the quantity's sentence in the analysis view, with its
vocabulary in ``data/targets.toml`` and ``data/categories.toml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, NamedTuple, Optional, Sequence

from plankit import regex
from plankit.extract.metric import joined_metric, metric_phrase
from plankit.extract.quantities import Quantity
from plankit.lexicon import load
from plankit.text import CLAUSE_END, LETTER, UP_TO_CLAUSE_END, alternation

#: what ends a sentence
_SENTENCE_ENDS = "。！？!?；;\n"
#: a list may run on over ；, not over a full stop
_PERIOD_END = regex.compile(r"[。！？!?\n]")
_CLAUSE_END = regex.compile(CLAUSE_END)
_TO_CLAUSE_END = regex.compile(UP_TO_CLAUSE_END)


def _clause_of(left: str) -> str:
    """The last clause of ``left``: ``_CLAUSE_END.split(left)[-1]``."""
    m = _TO_CLAUSE_END.match(left)
    return left[m.end() :] if m else left

_SPAN_OF_YEARS = (r"(?:过去|近|这|最近)[一二三四五六七八九十\d]{1,2}年(?:来|间|中)?|[一二三四五六七八九十\d]{1,2}年来"
                  r"|[“\"]?十[一二三四五六七八九]五[”\"]?(?:期间|时期|以来)")
_PERIOD = regex.compile(
    r"(?:到|至|截至|截止)?(?:(?:19|20)\d\d|20[xX×]{2}|[*＊]{2}|[xX]{2})\s*年(?:底|末|前|内|度)?"
    r"|全年|上半年|下半年|今年|明年|年内|年底|(?<![比较])(?:去年|上年)|[“\"]?十[一二三四五六七八九]五[”\"]?(?:期间|时期|末)"
    rf"|{_SPAN_OF_YEARS}"
)
#: a span of several years: a review's total, never one year's result
_MULTI_YEAR = regex.compile(_SPAN_OF_YEARS)
#: every period names 年 or 十X五: a match starts at most ``_LEAD`` characters,
#: and the whitespace right before it, before its first 年 or 五 (截至2025 年),
#: and ends at most ``_TAIL`` characters after that one's offset (十五五”期间);
#: a change to the patterns must keep within them (tests/test_targets_speed.py)
_YEAR_KEY = regex.compile(r"[年五]")
_LEAD, _TAIL = 6, 5


def _periods_in(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for ``_PERIOD`` or ``_MULTI_YEAR``, searched
    only around each 年 and 五: neither has a first character ``re`` could
    scan for, so a plain search tries every alternative at every position.
    (Its callers pass over a text without 年 or 五 by str's find first: far
    faster than re's search, and no generator to set up.)"""
    pos = 0
    while key := _YEAR_KEY.search(text, pos):
        k = j = key.start()
        while j > pos and text[j - 1].isspace():
            j -= 1
        # a match from pos to k holds this key as its first: it starts and ends near it
        m = pattern.search(text, j - _LEAD if j - _LEAD > pos else pos, k + _TAIL)
        if m is None or m.start() > k:
            pos = k + 1  # none starts before the next key
            continue
        yield m
        pos = m.end()


@dataclass  # not frozen: one per quantity, and a frozen init costs four times as much
class Decided:
    status: str
    category: str
    metric: str
    period: Optional[str]


@lru_cache(maxsize=1)
def _cues():
    """One regex for every cue word, and each word's kind. Words that only
    contain a cue (主要, 计划生育) come first, so that they swallow it: the
    words are listed kind by kind in that order, longest first, as literals
    only, so that ``re`` scans for their first characters in C (a named
    group per kind, or a class of one-character words, makes it try every
    alternative at every position: five times slower). The words of one
    first character are one alternative, the rest of each in their order:
    where a word may start, ``re`` tries each first character once."""
    st = load("targets")["status"]
    kinds = ("not_cues", "target", "weak_target", "past", "done")
    kind_of: dict[str, str] = {}
    for kind in kinds:
        for word in sorted(set(st[kind]), key=lambda w: (-len(w), w)):
            kind_of.setdefault(word, kind)
    return _alternation_by_first(kind_of), kind_of, frozenset(st["bounded"]), tuple(st["bound_left"])


def _alternation_by_first(words) -> re.Pattern:
    """The regex ``word1|word2|…`` of literal words (then a dated event,
    "于2005年建成", which is past), written first character by first
    character: the same matches, as two words both match at a place only if
    they start with the same character, whose order is kept. (Not
    ``text.searched_alternation``, which puts longer words first: here the
    order of the kinds decides between words of one place.)"""
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(re.escape(word[1:]))
    by_first = (f"{re.escape(first)}(?:{'|'.join(rest)})" for first, rest in rests.items())
    return regex.compile("|".join(by_first) + r"|于(?:19|20)\d\d年")


class _CategoryVocab(NamedTuple):
    """``data/categories.toml``, ready to use."""

    words: "_Words"  # the vocabulary's word finder
    word_cat: dict  # word -> category
    spending: re.Pattern  # verbs that pay money out
    aggregate: re.Pattern  # verbs of an aggregate
    granted: re.Pattern  # "按…给予奖补" after a rate or amount
    people: frozenset  # units that count people
    trained: re.Pattern  # words that make people trainees
    honoured: re.Pattern  # words that make people award winners
    default: dict  # kind -> category when nothing decides
    units: dict  # measure word -> category when no word decides


@lru_cache(maxsize=1)
def _categories() -> _CategoryVocab:
    """The category vocabulary: a word finder (leftmost, then longest, so
    that a word swallows the shorter ones inside it), each word's category,
    and the rules' word lists."""
    data = load("categories")
    word_cat = {w: cat for cat, words in data["words"].items() for w in words}
    money, subsidy, people = data["money"], data["subsidy"], data["people"]
    return _CategoryVocab(
        words=_Words(word_cat),
        word_cat=word_cat,
        spending=regex.compile(alternation(money["spending"])),
        aggregate=regex.compile(alternation(money["aggregate"])),
        granted=regex.compile(rf"^[^。；;]{{0,8}}?(?:{alternation(subsidy['grant'])})[^。；;,，]{{0,8}}?"
                           rf"(?:{alternation(subsidy['paid'])})"),
        people=frozenset(people["units"]),
        trained=regex.compile(alternation(people["training"])),
        honoured=regex.compile(alternation(people["award"])),
        default=data["default"],
        units=data.get("units", {}),
    )


class _Words:
    """Finds the words of a vocabulary in a text as a regex alternation of
    them, longest first, would (leftmost, then longest, not overlapping), by
    dictionary look-ups of the lengths each word's first two characters
    begin: on the short clauses searched, twice as fast as Python's ``re``
    trying an alternation of a thousand words at every position (half the
    characters of a clause begin a word; few of their pairs do)."""

    def __init__(self, words):
        self._words = frozenset(words)
        #: the first characters looked up: two, unless a word has one
        self._prefix = min(2, *map(len, self._words)) if self._words else 1
        lengths: dict[str, set[int]] = {}
        for w in self._words:
            lengths.setdefault(w[: self._prefix], set()).add(len(w))
        #: first characters -> the lengths of the words they begin, longest first
        self._lengths = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}

    def findall(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of each word found, left to right (a list, not
        a generator: a tenth faster on clauses of a dozen characters)."""
        words, lengths_of, prefix = self._words, self._lengths.get, self._prefix
        found = []
        i, n = 0, len(text)
        while i < n:
            lengths = lengths_of(text[i : i + prefix])
            if lengths is None:  # most places begin no word
                i += 1
                continue
            for length in lengths:
                word = text[i : i + length]  # cut short at the end: then the longest word there
                if word in words:
                    found.append((i, i + len(word), word))
                    i += len(word)
                    break
            else:
                i += 1
        return found


#: how much of a paragraph's start may set the period of the sentences after it
PARAGRAPH_OPENING = 120
#: how far a quantity's sentence reaches on either side, at most
SENTENCE_REACH = 300


class Sentences:
    """Sentence boundaries of a text, found once: ``bounds`` is a bisect away."""

    def __init__(self, view: str):
        self.view = view
        # str.find for each end: a fifth faster on a whole text than re
        # testing every character against the class of them
        ends = []
        for char in _SENTENCE_ENDS:
            at = view.find(char)
            while at >= 0:
                ends.append(at)
                at = view.find(char, at + 1)
        ends.sort()
        self._ends = ends

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """[left, right) of the sentence holding ``view[start:end]``, ends
        excluded, and at most ``SENTENCE_REACH`` characters either side (text
        without full stops is not one sentence, and must not cost n² time)."""
        ends = self._ends
        k = bisect_left(ends, start)
        left = ends[k - 1] + 1 if k > 0 else 0
        if k < len(ends) and ends[k] < end:  # an end inside the quantity
            k = bisect_left(ends, end, k)
        right = ends[k] if k < len(ends) else len(self.view)
        # (comparisons, not max and min: ten times cheaper, and bounds is
        # called for every quantity)
        if left < start - SENTENCE_REACH:
            left = start - SENTENCE_REACH
        if right > end + SENTENCE_REACH:
            right = end + SENTENCE_REACH
        return left, right


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
    pattern, kind_of, bounded, bound_left = _cues()
    found = []
    for m in pattern.finditer(sentence):
        word = m.group()
        kind = kind_of.get(word, "past")  # not a word: a date, 于2005年
        if kind == "not_cues":
            continue
        if kind == "target" and word in bounded and not _at_boundary(sentence, m.start(), bound_left):
            continue
        found.append((kind, m.end()))
    return tuple(found)


def _nearest_cues(cues: tuple[tuple[str, int], ...], at: int, end: Optional[int] = None) -> dict[str, int]:
    """The distance of the nearest cue word of each kind (of a sentence's
    ``cues``) before ``at`` (from its end back to ``at``); with ``end``, after
    it instead (from ``end`` to the cue word's end, for cues ending within
    ``at - end`` after it)."""
    nearest: dict[str, int] = {}
    for kind, pos in cues:
        if end is None:
            if pos > at:
                break  # in text order: the rest are after the quantity
            d = at - pos
        elif end < pos <= at:
            d = pos - end
        else:
            continue
        if d < nearest.get(kind, d + 1):
            nearest[kind] = d
    return nearest


def _verdict(nearest: dict[str, int], within: int, section_kind: Optional[str]) -> Optional[str]:
    """What the nearest cues say, of those nearer than ``within``, or None."""
    if not nearest:
        return None
    t, p, w = nearest.get("target"), nearest.get("past"), nearest.get("weak_target")
    t = t if t is not None and t < within else None
    p = p if p is not None and p < within else None
    w = w if w is not None and w < within and section_kind not in ("summary", "problems") else None
    if p is not None and (t is None or p < t) and (w is None or p < w):
        return "actual"
    if t is not None or w is not None:
        return "target"
    return None


#: how far back in its sentence, beyond its own clause, a cue word speaks for
#: a quantity: a 要求 three clauses before a review's figure is not about it
CUE_REACH = 24
#: "从30万元提高到50万元": the number after 从/由 is where a change starts
_BASELINE_LEFT = regex.compile(r"(?:从|由)[^,，。；;:：从由到至]{0,20}$")
_BASELINE_RIGHT = regex.compile(
    r"^[^,，。；;:：]{0,8}?(?:提高|提升|增加|增长|上升|扩大|下降|降低|减少|缩小|压减|压缩|调整|发展|增至|降至|升至)?(?:到|至)")
#: "赤字率从去年的2.1%提高到2.3%": the number after 到 is where a change goes
_CHANGE_END = regex.compile(r"(?:从|由)[^,，。；;:：]{0,24}?(?:提高|提升|增加|增长|上升|扩大|下降|降低|减少|缩小|压减|压缩|调整|增至|降至|升至)(?:到|至)?$")
#: "低于7%的预期目标", "超过原定的近2万亿元规模": a report citing a target
_RIGHT_CLAUSE = regex.compile(r"[^。！？!?；;\n,，:：\d]*")
_BASE_OF = regex.compile(r"^[^,，。；;]{0,6}?的?基础上")
_CITED_TARGET = regex.compile(r"^(?:[^,，。；;]{0,4}的)?(?:预期|预定|既定|计划|年度)?目标")


def decide_status(sentence: str, at: int, section_kind: Optional[str], document_kind: str,
                  end: Optional[int] = None, clause_left: Optional[str] = None) -> str:
    """Status of the quantity at ``sentence[at:end]``: a baseline or a cited
    target first; then the cues of the clause before it (``clause_left``, when
    the caller has found it), of the rest of its clause after it ("居住条件将
    得到改善"), of the sentence before it; then the section's kind and the
    document's."""
    right = sentence[end:] if end is not None else ""
    if clause_left is None:
        clause_left = _clause_of(sentence[:at])
    if "从" in clause_left or "由" in clause_left:  # a change: 从30万元提高到50万元
        if _BASELINE_LEFT.search(clause_left) and _BASELINE_RIGHT.match(right):
            return "actual"  # its starting point
        if _CHANGE_END.search(clause_left):
            # where it goes: the cues of its starting point (从去年的2.1%) are not its own
            return "actual" if section_kind in ("summary", "problems") else "target"
    if "目标" in right and _CITED_TARGET.match(right):  # (a find is far cheaper than a match)
        return "target"
    if "基础上" in right and _BASE_OF.match(right):
        return "actual"  # 在2024年120亿元的基础上: where the aim starts from
    found = _sentence_cues(sentence)
    # (a third of the sentences have no cue word, many none after the quantity)
    cues = _nearest_cues(found, at) if found else {}
    clause = len(clause_left)
    verdict = _verdict(cues, clause, section_kind)
    if verdict is None and end is not None and found and found[-1][1] > end:
        rest = _RIGHT_CLAUSE.match(right).end()  # up to the clause's end or another number
        verdict = _verdict(_nearest_cues(found, end + rest, end), rest + 1, None)
    if not verdict:
        verdict = _verdict(cues, at + 1 if at < CUE_REACH else CUE_REACH, section_kind)
    if verdict:
        return verdict
    if section_kind in ("plan", "measures"):
        return "target"
    if section_kind in ("summary", "problems"):
        return "actual"
    if "done" in cues:
        return "actual" if document_kind != "plan" else "target"
    return "actual" if document_kind == "summary" else "target"


_PARENS = regex.compile(r"[(（][^()（）]{0,30}[)）]")


def _blanked(m: re.Match) -> str:
    """A parenthesis as spaces: the offsets after it stay."""
    return " " * len(m.group())


#: where the noun phrase after a count ends: a clause break or a verb
#: ("1家企业申报科技中心"); a list of nouns (、) and 的 stay inside it
_PHRASE_STOP = regex.compile(
    r"[,，。;；:：()（）\s\d]|、(?=[\d一二三四五六七八九十两])|申报|申请|进行|建立|建成|开展|参加|参与|获得|完成|实施|用于|列入|纳入|达到|实现|带动|推动"
    r"|引导|发放|安装|签订|通过|引进|培育|打造|新建|[了从在并和与及等是为将已达对向给由把被]"
)
#: the counted noun comes right after the measure word: a Han letter, not a verb of the next clause
_NOUN_START = regex.compile(rf"的?(?:{LETTER}|[“\"])")
#: what is done to the counted thing, after its noun: "32条背街巷道改造" counts 巷道
_ACTIVITY_END = regex.compile(
    r"(?:改造|改建|扩建|建设|整治|治理|修复|提升|升级|队伍|工作|任务|服务中心|中心|设施|机构|场所|体系)+$")
#: the rest of a sentence up to the next number (which has words of its own)
_UNTIL_NEXT_NUMBER = regex.compile(r"[^。！？!?\n\d]*")
#: money categories a money amount keeps; spent on any other subject, money is funding
_MONEY_CATEGORIES = ("funding", "economy", "social", "employment")


def _head(text: str, kind: str = "money") -> Optional[str]:
    """Category of the head of ``text``: its last vocabulary word. A count or
    measure is never money ("补助面积50公顷" measures land): for them a money
    word is passed over for the word before it."""
    vocab = _categories()
    passed_over = "funding" if kind in ("count", "measure") else None
    head = None
    for _, _, word in vocab.words.findall(text):
        if vocab.word_cat[word] != passed_over:
            head = vocab.word_cat[word]
    return head


def _counted(phrase: str, kind: str) -> str:
    """Category of the noun phrase after a count or measure. A count counts
    the phrase's head, its last word ("12个工业项目"); a measure measures its
    first ("1.2万亩农田水利建设" is farmland). A head the vocabulary does not
    know ("100个5G应用案例": 案例) is ``other``, whatever words stand before it."""
    if not phrase:
        return ""
    vocab = _categories()
    if kind == "measure":
        found = vocab.words.findall(phrase)
        return vocab.word_cat[found[0][2]] if found else ""
    phrase = _ACTIVITY_END.sub("", phrase)
    found = vocab.words.findall(phrase)
    if not found:
        return "other" if len(phrase) >= 2 else ""
    _, end, word = found[-1]
    return vocab.word_cat[word] if end >= len(phrase) - 3 else "other"


def _noun_after(right: str) -> str:
    """The noun phrase a count counts, from its last 的 on: "12个工业项目" ->
    "工业项目", "15家转型成效显著的企业" -> "企业"."""
    if not _NOUN_START.match(right):
        return ""
    m = _PHRASE_STOP.search(right, 1, 30)
    if m and m.group().isdigit():
        return ""  # "其中21家高新技术产业产值25.6亿元": the phrase names the next quantity
    phrase = right[: m.start() if m else 30]
    return phrase[phrase.rfind("的") + 1 :]


def decide_category(left: str, right: str, kind: str, unit: str, previous: Optional[str] = None,
                    titles: Sequence[str] = (), clause: Optional[str] = None) -> str:
    """What the quantity counts, read as a reader does (GUIDE.md, "Categories"):
    the head of the counted noun after a count ("7家企业"), else the head of
    the clause before the quantity ("申请专利400件"), the item before it in a
    list, the sentence before the clause, the section's title; money spent on
    any subject is funding. ``clause`` is the last clause of ``left``, when
    the caller has found it.

    >>> decide_category("新增", "数字化转型成效显著的企业", "count", "家")
    'enterprise'
    >>> decide_category("安排教育资金", "", "money", "元"), decide_category("地区生产总值增长", "", "percent", "%")
    ('funding', 'economy')
    """
    vocab = _categories()
    unit_cat = vocab.units
    if "(" in left or "（" in left:
        left = _PARENS.sub(_blanked, left)
        clause = _clause_of(left)
    elif clause is None:
        clause = _clause_of(left)
    if kind in ("money", "percent") and vocab.granted.match(right):
        return "funding"  # "按设备购置额的10%给予奖补": a subsidy rate or amount
    if unit in vocab.people:
        if vocab.trained.search(clause + _UNTIL_NEXT_NUMBER.match(right).group()):
            return "training"  # "面向1万名技术人才,开展素质提升培训": trainees
        if vocab.honoured.search(_CLAUSE_END.split(right, 1)[0]):
            return "award"  # "1人被评为先进个人"
    if kind in ("count", "measure"):
        found = _counted(_noun_after(right), kind)
        if found == "other" and unit in unit_cat:
            return unit_cat[unit]
        if found:
            return found
    if "占" in clause:  # a share takes the category of what it is a share of
        subject = clause.split("占")[0]
        found = _head(subject)
        if found:
            return found
        if not subject.strip() and previous is not None:
            return previous  # "科技投入3600万元,占销售收入的5.3%": the share of the amount before
    found = _head(clause, kind)
    if found is None and previous is not None and len(clause.strip()) <= 6:
        return previous  # a list: "其中国家级12个,省级31个"
    if kind == "money":
        if found != "economy" and vocab.spending.search(clause):
            return "funding"  # money paid out: 发放社保金, 安排教育资金, 投入500万元
        if found in _MONEY_CATEGORIES:
            return found
        if found is not None:
            return "funding"  # money spent on a subject
        if vocab.aggregate.search(clause):
            return "economy"
    if found is None and kind != "money" and unit in unit_cat:
        return unit_cat[unit]  # 家 counts enterprises, 公里 roads, unless a word says otherwise
    if found is None:
        found = _head(left, kind) or next(filter(None, (_head(t, kind) for t in reversed(titles))), None)
    if kind == "money" and found not in _MONEY_CATEGORIES:
        return vocab.default["money"] if found is None else "funding"
    return found or vocab.default.get(kind, "other")


def find_period(sentence: str, section_titles: list[str], at: int = 0, paragraph: str = "") -> Optional[str]:
    """The period of the quantity at ``sentence[at]``: the sentence's period
    nearest before it, unless that one only dates a baseline (``在2024年120亿元
    的基础上``); else one later in the quantity's own clause; else a span of
    years that opens its paragraph (``过去五年,…``, given as ``paragraph``, the
    text of the paragraph before the sentence); else the nearest section
    title's.

    >>> find_period("2018年完成5家,2019年力争8家", [], at=16)
    '2019年'
    >>> find_period("增长6.1%,过去五年年均增长7%", [], at=2) is None
    True
    """
    found = _periods_of(sentence)
    if found:
        for start, p in reversed(found):
            if start >= at:
                continue
            end = _CLAUSE_END.search(sentence, start)
            if end is None or end.start() >= at or "基础上" not in sentence[start : end.start()]:
                return p
        clause_end = _CLAUSE_END.search(sentence, at)
        own_end = clause_end.start() if clause_end else len(sentence)
        after = [p for start, p in found if at <= start < own_end]
        if after:
            return after[0]
    span = _span_of_years(paragraph)
    if span:
        return span
    for title in reversed(section_titles):
        found = _periods_of(title)
        if found:
            return found[0][1]
    return None


@lru_cache(maxsize=1024)
def _span_of_years(paragraph: str) -> Optional[str]:
    """The first span of years a paragraph's opening names (cached: the
    sentences of a paragraph share its opening)."""
    if "年" not in paragraph and "五" not in paragraph:
        return None
    m = next(_periods_in(_MULTI_YEAR, paragraph), None)
    return m.group().strip("“”\"") if m else None


@lru_cache(maxsize=2048)
def _periods_of(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, text) of each period a sentence or title names (cached: a
    sentence often holds several quantities)."""
    if "年" not in text and "五" not in text:  # (two thirds of the sentences)
        return ()
    return tuple((m.start(), m.group().strip("“”\"")) for m in _periods_in(_PERIOD, text))


def decide_all(sentences: Sentences, quantities: list[Quantity], section_kinds: Sequence[Optional[str]],
               document_kind: str, section_titles: Sequence[list[str]]) -> list[Decided]:
    """Status, category, metric and period of each quantity of a document, in
    order (``section_kinds`` and ``section_titles``: those of the section each
    stands in).

    Each decision is made for every quantity before the next is begun: one
    stage's code and tables stay in the processor's caches from one quantity
    to the next (measured on the dev texts: an eighth less time here than
    deciding each quantity wholly before the next, a twentieth of the whole
    pipeline's). A category and a metric may continue those of the quantity
    before, which is decided by then.
    """
    view = sentences.view
    n = len(quantities)
    places = []  # (sentence start, sentence end, text before and after in the sentence, its clause before)
    for q in quantities:
        s, e = sentences.bounds(q.start, q.end)
        left = view[s : q.start]
        places.append((s, e, left, view[q.end : e], _clause_of(left)))
    # near: right after the quantity before, in the same sentence part;
    # anchor: the count a percentage describes (专利申请334件,增幅51.13%,占比4.22%),
    # and the word between them
    near, anchor, word_of = [False] * n, [-1] * n, [""] * n
    for i in range(1, n):
        q, p = quantities[i], quantities[i - 1]
        near[i] = 0 <= q.start - p.end <= 40 and not _PERIOD_END.search(view, p.end, q.start)
        if q.kind == "percent" and near[i]:
            word = _clause_of(view[p.end : q.start]).strip(" ")
            a = anchor[i - 1] if anchor[i - 1] >= 0 else i - 1
            if quantities[a].kind != "percent" and len(word) <= 4:
                anchor[i], word_of[i] = a, word

    statuses = [
        decide_status(view[s:e], len(left), section_kinds[i], document_kind, len(left) + q.end - q.start, clause)
        for i, (q, (s, e, left, _, clause)) in enumerate(zip(quantities, places))
    ]

    periods = []
    for i, (s, e, left, _, _) in enumerate(places):
        sentence = view[s:e]
        opening = view.rfind("\n", 0, s) + 1
        # the paragraph's opening only (a span of years that opens it): a long
        # line is not searched again for every quantity in it
        paragraph = view[opening : s if s < opening + PARAGRAPH_OPENING else opening + PARAGRAPH_OPENING]
        change = ("从" in left or "由" in left) and _CHANGE_END.search(left)
        if change:  # the period of a change's end is not its starting point's (从去年的2.1%提高到2.3%)
            sentence = sentence[: change.start()] + " " * (len(left) - change.start()) + sentence[len(left) :]
        periods.append(find_period(sentence, section_titles[i], len(left), paragraph))

    categories: list[str] = []
    for i, (q, (_, _, left, right, clause)) in enumerate(zip(quantities, places)):
        if anchor[i] >= 0:  # a percentage of a count: the count's category
            categories.append(categories[anchor[i]])
            continue
        # a list item takes the category of the item before it, when of one kind
        same = near[i] and (quantities[i - 1].kind == q.kind or (q.kind == "percent" and "占" in left))
        categories.append(decide_category(left, right, q.kind, q.unit, categories[i - 1] if same else None,
                                          section_titles[i], clause))

    metrics: list[str] = []
    for i, (q, (s, e, _, _, _)) in enumerate(zip(quantities, places)):
        if anchor[i] >= 0:
            metrics.append(joined_metric(view, s, e, q, metrics[anchor[i]], word_of[i]))
        else:
            metrics.append(metric_phrase(view, s, e, q, (quantities[i - 1], metrics[i - 1]) if i else None))

    return [Decided(*d) for d in zip(statuses, categories, metrics, periods)]

"""The metric: the name of the indicator a quantity measures, as the text gives it.

Chinese names an indicator on either side of its number: noun then number
(``新开工重大水利工程21项``) or number then noun (``再开工20项重大水利工程``,
``新建800个智能工厂、数字化车间``). The clause before the number speaks first,
cleaned of what is not the name: heading markers, time words (今年, 全年,
2019年度), cue words (力争, 确保), leading verbs (加快推进, 组织), degree and
repetition words (再, 又). When only verbs and places are left, the counted
noun after the number is the head, behind a verb that names what is done to
it (新建). A list item never takes another item's number: its phrase starts
after the item before it; and a list under 分别 gives each item its own
subject where the text names one (``城乡居民人均可支配收入分别完成…`` names
城镇… and 农村…). A clause that only says how the figure changed (增长, 比去年增加)
or which level it counts (省级) takes its subject from the figure before it.

>>> from plankit.extract.quantities import find_quantities
>>> text = "新开工重大水利工程21项,再开工20项重大水利工程,全年新建800个智能工厂、数字化车间。"
>>> [metric_phrase(text, 0, len(text), q) for q in find_quantities(text)]
['新开工重大水利工程', '开工重大水利工程', '新建智能工厂、数字化车间']

jieba, with a small domain dictionary, finds the word boundaries. It is loaded
on first use only, and without its 5 MB general dictionary, so that start-up
stays fast; its guesser of unknown words (the HMM) is never used. The tables
built from it are kept in this user's cache folder, so that later runs start
without importing jieba at all.
"""

from __future__ import annotations

import hashlib
import importlib
import math
import os
import sys
import tempfile
import types
from collections import deque
from functools import lru_cache
from typing import NamedTuple, Optional

from plankit import regex
from plankit.lexicon import DATA_DIR, cache_dir, load, read_cache, write_cache
from plankit.text import CLAUSE_END, UP_TO_CLAUSE_END

_MAX_CHARS = 24
#: spaces, book-title marks and brackets are not part of a metric; quotes are
_DROP = str.maketrans("", "", " \t\r\n\u3000《》<>〈〉【】[]")
_CLAUSE_END = regex.compile(CLAUSE_END)
#: a heading marker, list opener or connective at the start of the clause
_LEADING = regex.compile(
    r"^(?:(?:\d{1,3}[.、．]|[(]\d{1,3}[)]|[(][一二三四五六七八九十]{1,3}[)]|[一二三四五六七八九十]{1,3}[、.]"
    r"|[①-⑳]|第?[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[,，]|首先|其次|最后|-+|—+|[•·]"
    r"|其中|另外|此外|同时)(?![一二三四五六七八九十]{1,2}[、]))+"
)
#: time words: years, months, 今年, 全年, 年内, 近3年来 ... (比去年 is a comparison
#: and stays); three patterns, each tried only on a text that can hold it
_YEAR = regex.compile(
    r"(?:到|至|截至|截止|截止到|截至到|从)?(?:(?:19|20)\d\d|20[xX×]{2}|[xX×]{2,4}|[*＊]{2,4})\s*年"
    r"(?:度|底|末|初|内|前|中|以来|上半年|下半年)?(?:的)?"
    r"|(?<![\d.])\d{1,2}\s*年(?:来|间|内|以来)?(?![\d度])"  # 3年增长58.6%: a span of years
)
_MONTH = regex.compile(
    r"(?:到|至|截至|截止|截止到|截至到)?(?:\d{1,2}\s*[-—~至到]\s*)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月份?"
    r"(?:底|末|初|上旬|中旬|下旬|以来)?前?(?:的)?"
)
_TIME_WORDS = regex.compile(
    r"今明两年|今年(?:以来)?|全年|年内|明年|(?:去年|上年)(?<![比较]..)(?:同期)?|(?:去年|上年)(?<=同比..)(?:同期)?"
    r"|当年|本年度|年底|年末|年初|上半年|下半年|前三季度|一季度|目前|当前|近期|近[\d一二两三四五六七八九十]+年(?:来)?"
    r"|[\d一二两三四五]+年来|今后[\d一二两三四五]+年|未来[\d一二两三四五]+年|连续[\d一二两三四五六七八九十]+年"
)
#: a character that some cleaning step looks for
_NEEDS_WORK = regex.compile(r"[(（ \t\r\n\u3000《》<>〈〉【】\[\]年目当近季月在公集\d]")
_YEAR_DIGITS = regex.compile(r"[\dxX×*＊]")
_DROPPED = regex.compile(r"[ \t\r\n\u3000《》<>〈〉【】\[\]]")
#: 科技进步在经济增长中的贡献率: the place phrase is not part of the name
_IN_PHRASE = regex.compile(r"(?<=.)在[^在,，、]{1,10}?[中上]的")
#: a number inside the clause that is not this quantity's (利润5887利税 -> 利税);
#: a size class (20层以上高层) and a code (5G, PM2.5, 3A级) are part of the name
_BARE_NUMBER = regex.compile(
    r"(?<![A-Za-z.\d])(?:\d{3,}(?:\.\d+)?|\d{1,2}(?:\.\d+)?(?![A-Za-z]))(?![\d.])(?!.{0,3}?以[上下])"
)
#: 山东开泰工业集团有限公司2011年科技投入: the company is not part of the name
_COMPANY = regex.compile(r"(?:有限责任公司|股份有限公司|有限公司|集团公司|集团)")
#: a number of its own, not a code (5G, M2)
_DIGIT = regex.compile(r"(?<![A-Za-z\d.])(?:\d{3,}(?:\.\d+)?|\d{1,2}(?:\.\d+)?(?![A-Za-z]))(?![\d.])")
_CLOSE = regex.compile(r"[)）]")
#: what the noun after a number can begin with, besides a letter
_RIGHT_OPENERS = frozenset(" “\"的(（")
_PARENS = regex.compile(r"[(（][^()（）]*[)）]")
#: where the phrase after a number ends
_RIGHT_END = regex.compile(
    r"[,，;；。:：!?！？\n()（）]|[、和及与](?=\s*(?:\d|[一二两三四五六七八九十]+[个项家条座处名所台套批次件人万亿千百]))"
)
_LEVEL = regex.compile(
    r"^(?:国家级|国家|省部级|省级|省市级|省市|自治区级|自治区|地市级|盟市级|市级|区级|县级|旗县级|乡镇级|镇级|国际|全国)"
    r"(?:及以上|以上)?"
)
_LEVEL_END = regex.compile(r"(?:国家级|省级|市级|区级|县级)$")
_SEPARATORS = "、和及与或,，"
_STRIP = "、,， "
#: the items of a list after 分别: 7.5%、11.5%和17.4%
_NUMBER_START = regex.compile(r"\d")
_ITEM_SEP = regex.compile(r"、|以及|[和及与或]|[,，](?=\s*\d)")
_ITEM = regex.compile(r"\s*\d[\d.,]*\s*[^\d]{0,8}")
_SAME_PERIOD = regex.compile(r"[比较](?:去年|上年)同期")


def _number_in(text: str):
    """The first number of its own in ``text`` (``_DIGIT``), or None. A
    search for any digit first: the matcher looks for a digit at once, but
    tries _DIGIT's lookbehind at every character."""
    return _DIGIT.search(text) if _NUMBER_START.search(text) else None


class _Vocab(NamedTuple):
    #: words dropped at the end of a phrase, and at its start
    trailing: frozenset
    leading: frozenset
    adverbs: frozenset
    #: words of change that name a rate, part of the indicator (占比, 增幅)
    rates: frozenset
    not_nouns: frozenset
    heads: tuple
    cue: frozenset
    weak_cue: frozenset
    filler: frozenset
    lead: frozenset
    name: frozenset
    clause: frozenset
    places: frozenset
    preps: frozenset
    change: frozenset
    attributes: frozenset
    tail: frozenset
    generic: tuple
    area: frozenset
    funding: dict
    pairs: tuple
    #: words that are a verb or a place: alone they name nothing
    verbish: frozenset
    #: words that end the noun after a number
    stop: frozenset
    #: stop, prepositions and adverbs: the words that may end the noun after a number
    noun_stops: frozenset
    #: words of change and places: a clause of only these names no subject
    change_or_places: frozenset


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    d = _startup()[2]
    s = {k: frozenset(v) for k, v in d.items() if isinstance(v, list)}
    adverbs = s["adverbs"]
    s["lead_verbs"] = s["lead_verbs"] | adverbs
    funding = dict(d["funding"])
    verbish = s["lead_verbs"] | s["name_verbs"] | s["clause_verbs"] | s["places"] | s["prepositions"] | set(funding)
    stop = (s["clause_verbs"] | s["lead_verbs"] | s["name_verbs"] | s["cue"] | {"等", "具有"}) - adverbs
    verbish |= s["weak_cue"]
    pairs = tuple(sorted(d["pairs"].items(), key=lambda kv: len(kv[0]), reverse=True))
    trailing = s["tail"] | (s["cue"] - s["weak_cue"]) | frozenset(_SEPARATORS) | adverbs
    leading = (s["lead_verbs"] | s["tail"] | frozenset(_SEPARATORS) | s["cue"]) - s["prepositions"]
    return _Vocab(
        trailing=trailing, leading=leading, adverbs=adverbs, rates=s["rates"], not_nouns=s["not_nouns"],
        heads=tuple(sorted(d["heads"], key=len, reverse=True)), cue=s["cue"], weak_cue=s["weak_cue"],
        filler=s["filler"], lead=s["lead_verbs"], name=s["name_verbs"], clause=s["clause_verbs"],
        places=s["places"], preps=s["prepositions"], change=s["change"], attributes=s["attributes"],
        tail=s["tail"], generic=tuple(d["generic_tail"]), area=s["area_units"], funding=funding, pairs=pairs,
        verbish=frozenset(verbish), stop=frozenset(stop), change_or_places=s["change"] | s["places"],
        noun_stops=frozenset(stop) | s["prepositions"] | adverbs,
    )


class _LazyModule(types.ModuleType):
    """A module that is imported the first time one of its names is read."""

    def __getattr__(self, name: str):
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        parent, _, child = self.__name__.rpartition(".")
        setattr(sys.modules[parent], child, real)
        return getattr(real, name)


@lru_cache(maxsize=1)
def tokenizer():
    """A jieba tokenizer over plankit's domain dictionary (loaded once)."""
    import logging

    # jieba's _compat imports pkg_resources (0.1 s) only to open its own data
    # files; without it, jieba opens them directly.
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    # jieba imports its HMM guesser (jieba.finalseg, 20 ms of probability
    # tables) on import; the metric stage never uses it, so it gets a stand-in
    # that loads the real module the first time anyone does.
    if "jieba.finalseg" not in sys.modules:
        sys.modules["jieba.finalseg"] = _LazyModule("jieba.finalseg")
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer(dictionary=str(DATA_DIR / "metric_words.txt"))
    # jieba caches the built dictionary in the shared temp folder by default,
    # where another user's file makes every run print a PermissionError
    tk.tmp_dir = cache_dir()
    if tk.tmp_dir is None:  # nowhere to write: build it each time, silently
        jieba.setLogLevel(logging.CRITICAL)
        tk.tmp_dir = tempfile.gettempdir()
    try:
        tk.initialize()
    finally:
        jieba.setLogLevel(logging.WARNING)
    for word in sorted(_dictionary_words()):
        tk.add_word(word, 1000 * len(word))
    return tk


def _dictionary_words() -> set[str]:
    """Every word of the metric vocabulary, which the cut must keep whole."""
    d = load("metric")
    words = {w for v in d.values() if isinstance(v, list) for w in v}
    words |= set(d["funding"])
    return {w for w in words if len(w) > 1}


def _word_tree(table: dict, unknown: float) -> dict:
    """jieba's prefix dictionary (each word's log probability, computed once
    where jieba's ``calc`` takes a logarithm per candidate per call; None for
    a prefix that is no word) as a tree of characters, so that ``_segment``
    walks a word one character at a time instead of slicing each prefix.

    First character -> (its score as a word of one character, ``unknown`` if
    it is none; its score or None; the tree of the characters after it);
    each character after -> (score or None; the tree after it, or None).
    """
    nodes: dict = {}
    for word in sorted(table, key=len):  # a prefix before the words it begins
        node = nodes[word] = (table[word], {})
        parent = nodes.get(word[:-1]) if len(word) > 1 else None
        if parent is not None:
            parent[1][word[-1]] = node

    def freeze(node):
        score, following = node
        return score, {c: freeze(n) for c, n in following.items()} or None

    return {
        word: (unknown if score is None else score, score, {c: freeze(n) for c, n in following.items()})
        for word, (score, following) in nodes.items() if len(word) == 1
    }


#: the files the start-up tables are built from: a change to one rebuilds them
_SOURCES = ("metric_words.txt", "metric.toml")
_TABLES_FORMAT = b"plankit metric tables 2"


@lru_cache(maxsize=1)
def _startup() -> tuple[dict, float, dict]:
    """The metric stage's tables: jieba's prefix dictionary as a tree with log
    probabilities (see ``_word_tree``) and the vocabulary of
    ``data/metric.toml``. Built with jieba the first time, then read back from
    this user's cache folder in a millisecond, where importing jieba, loading
    its dictionary and parsing the TOML take some twenty."""
    folder = cache_dir()
    path = None
    if folder is not None:
        digest = hashlib.md5(_TABLES_FORMAT)
        for name in _SOURCES:
            digest.update((DATA_DIR / name).read_bytes())
        path = os.path.join(folder, f"metric.{digest.hexdigest()}.cache")
        cached = read_cache(path)
        if isinstance(cached, tuple) and len(cached) == 3:
            return cached
    data = load("metric")
    tk = tokenizer()
    logtotal = math.log(tk.total)
    table = {w: (math.log(f) - logtotal if f else None) for w, f in tk.FREQ.items()}
    tree = _word_tree(table, -logtotal)
    write_cache(path, (tree, -logtotal, data))
    return tree, -logtotal, data


@lru_cache(maxsize=4096)
def _segment(text: str) -> list[str]:
    """jieba's dictionary cut, without its HMM guesser of unknown words.

    The dictionary knows the domain's words, the cue words and the common
    words that hold a cue character (报到, 比重, 有效: built from jieba's own
    dictionary), which is all a boundary needs. The route is jieba's
    (``get_DAG`` then ``calc``: the most probable path over the word graph,
    ties to the longer word), walked in one loop from the right with the log
    probabilities computed once, adding them up in jieba's order (the sums
    decide ties, to the last bit).
    """
    tree, unknown, _ = _startup()  # see _word_tree; unknown: a character that is no word
    first = tree.get
    no_word = (unknown, None, {})  # a character that begins no word
    n = len(text)
    score = [0.0] * (n + 1)
    step = None  # the length of the word at each position, once one is longer than a character
    after = 0.0  # score[i + 1]
    i, following_char = n, ""
    for c in reversed(text):
        i -= 1
        alone, s, following = first(c, no_word)
        node = following.get(following_char)
        following_char = c
        if node is None:  # most characters begin no longer word here: one step of their own
            score[i] = after = alone + after
            continue
        best, end = (None, i + 1) if s is None else (s + after, i + 1)
        j = i + 1
        while True:  # the words that begin at i, shortest first
            s, following = node
            j += 1
            if s is not None:
                s += score[j]
                if best is None or s >= best:
                    best, end = s, j
            if following is None:
                break
            node = following.get(text[j : j + 1])  # "" after the end: no word
            if node is None:
                break
        score[i] = after = unknown + after if best is None else best
        if end > i + 1:
            if step is None:
                step = [1] * n
            step[i] = end - i
    if step is None:
        return list(text)
    words, x = [], 0
    while x < n:
        y = x + step[x]
        words.append(text[x:y])
        x = y
    return words


# ------------------------------------------------------------------ the two sides


def _left_tokens(text: str) -> tuple[str, ...]:
    """The words of the clause before a number, without what is never part of a
    name: brackets, markers, time words, a place phrase, another number."""
    text = _LEADING.sub("", text)
    if _NEEDS_WORK.search(text) is None:  # most clauses: nothing to take out before the cut
        segs = _segment(text[-(_MAX_CHARS + 8) :]) if text else ()
        filler = _vocab().filler
        return tuple(segs) if filler.isdisjoint(segs) else tuple(t for t in segs if t not in filler)
    if "(" in text or "（" in text:
        text = _PARENS.sub("", text)
    if _DROPPED.search(text):
        text = _LEADING.sub("", _DROPPED.sub("", text))
    if "年" in text:
        if _YEAR_DIGITS.search(text):
            text = _YEAR.sub("", text)
        text = _TIME_WORDS.sub("", text)
    elif "目前" in text or "当前" in text or "近期" in text or "季度" in text:
        text = _TIME_WORDS.sub("", text)
    if "月" in text:
        text = _MONTH.sub("", text)
    if "在" in text:
        text = _IN_PHRASE.sub("", text)
    if "公司" in text or "集团" in text:
        company = list(_COMPANY.finditer(text))
        if company and len(text) - company[-1].end() >= 2:
            text = text[company[-1].end() :]
    if _NUMBER_START.search(text):
        numbers = list(_BARE_NUMBER.finditer(text))
        if numbers:
            text = _LEADING.sub("", text[numbers[-1].end() :].lstrip(_SEPARATORS))
    if not text:
        return ()
    filler = _vocab().filler
    segs = _segment(text[-(_MAX_CHARS + 8) :])
    return tuple(segs) if filler.isdisjoint(segs) else tuple(t for t in segs if t not in filler)


def _trim(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The name in the clause's words: after the last cue word, without
    function words at its ends or the verbs that open the clause."""
    v = _vocab()
    cue, weak = v.cue, v.weak_cue
    trailing = v.trailing
    if not tokens or (tokens[-1] not in trailing and cue.isdisjoint(tokens) and tokens[0] not in v.leading
                      and v.preps.isdisjoint(tokens[:3])):
        return tokens  # most clauses: nothing to take off
    toks = list(tokens)
    while toks and toks[-1] in trailing:
        toks.pop()
    # a weak cue is a cue before a verb only: 计划新建, not 科技计划项目
    cues = [] if cue.isdisjoint(toks) else [i for i, t in enumerate(toks) if t in cue and (
        t not in weak or (i + 1 < len(toks) and (toks[i + 1] in v.verbish or toks[i + 1] in cue)))]
    if cues:
        rest = toks[cues[-1] + 1 :]
        if rest and v.verbish.issuperset(rest) and not v.verbish.issuperset(toks[: cues[0]]):
            toks = [t for i, t in enumerate(toks) if i not in cues]  # 反馈问题已整改: the subject names it
        else:
            toks = rest
    dropped = ""
    leading = v.leading
    while toks and toks[0] in leading:
        dropped = toks.pop(0)
    if dropped and toks and dropped in v.lead and len(dropped) == 2 and len("".join(toks)) <= 2:
        toks.insert(0, dropped)  # 实施项目681个, 落实资金27.3亿元: one word is too little
    # 在园区建立高校实验室, 省级按照项目设备购置额: a phrase of place or
    # measure before the verb names nothing
    preps = v.preps
    at = None if preps.isdisjoint(toks[:3]) else next(i for i, t in enumerate(toks) if t in preps)
    if at is not None and all(t in v.places or _LEVEL.fullmatch(t) for t in toks[:at]):
        rest = toks[at + 1 :]
        for i, t in enumerate(rest[:-1]):
            if t in v.name or t in v.lead:
                rest = rest[i + 1 :] if t in v.lead else rest[i:]
                break
        if rest:
            toks = rest
    return tuple(toks)


class _Right(NamedTuple):
    noun: str
    #: what is done with or to it (申报科技中心), when it follows the noun
    act: str


_NO_RIGHT = _Right("", "")


@lru_cache(maxsize=4096)
def _right(text: str) -> _Right:
    """The noun phrase right after a number and the verb phrase after it:
    "家企业申报科技中心" has no unit left, so "企业", "申报科技中心"."""
    v = _vocab()
    text = text.lstrip(" ")
    if text[:1] in ("(", "（"):  # 新增2400户(累计约3600户)大中型餐饮单位: the noun after the note
        close = _CLOSE.search(text, 1, 24)
        text = text[close.end() :].lstrip(" ") if close else ""
    if not text or not (text[0].isalpha() or text[0] in "“\"的"):
        return _NO_RIGHT
    m = _RIGHT_END.search(text)
    piece = text[: m.start()] if m else text
    if _DROPPED.search(piece):
        piece = _DROPPED.sub("", piece)
    m = _number_in(piece)
    if m:  # 8个方面90项政策措施: the next number starts what another quantity counts
        piece = piece[: m.start()]
    if piece[:1] == "的":
        piece = piece[1:]
    if "、" in piece and "等" in piece[piece.index("、") :]:
        piece = piece[: piece.index("、")]  # 2.2平方公里中心文化区、火车站南迁等工程: the first item
    if not piece or piece[0] in _STRIP:
        return _NO_RIGHT
    filler = v.filler
    toks = [t for t in _segment(piece[:32]) if t not in filler]
    if not toks or toks[0] in _SEPARATORS:  # 和: the next item of a list, not a noun
        return _NO_RIGHT
    first_stop = _first_stop(v, toks)
    if first_stop == 0 and len(toks) > 1 and toks[0] in v.name and toks[0] not in _TITLE and toks[-1] not in v.verbish \
            and _first_stop(v, toks[1:]) == len(toks) - 1:
        first_stop = len(toks)  # 审批中介服务事项: a noun that begins with a verb
    if 0 < first_stop < len(toks) and "的" in toks[first_stop:]:
        j = len(toks) - 1 - toks[::-1].index("的")
        if toks[j - 1] in v.stop and _first_stop(v, toks[j + 1 :]) == len(toks) - j - 1 \
                and "".join(toks[j + 1 :]) not in v.not_nouns:
            first_stop = 0  # 国务院部门指定地方实施的审批事项: the noun after the clause
    if "的" in toks[first_stop:] and first_stop == 0:
        # 在国内具有较强影响力的跨行业平台: a relative clause before the noun
        j = len(toks) - 1 - toks[::-1].index("的")
        noun, act = _split_noun(toks[j + 1 :])
    elif "的" in toks[:first_stop]:
        # 大树大苗的植树任务, 网络改造应用良好的企业: the noun with its attribute
        j = toks.index("的")
        noun, act = _split_noun([t for t in toks if t != "的"][: first_stop - 1] + toks[first_stop:])
    else:
        noun, act = _split_noun(toks, first_stop)
    if noun.endswith(v.generic):
        for word in v.generic:
            if noun.endswith(word) and len(noun) > len(word) + 1:
                noun = noun[: -len(word)]
    if act and (_NUMBER_START.search(act) or (m and _segment(act)[-1] in v.verbish)):
        act = ""  # 83名科技特派员深入全县14个乡镇: the act goes on to another number
    if noun in v.not_nouns:
        return _NO_RIGHT
    return _Right(noun[:16], act)


def _first_stop(v: _Vocab, toks: list[str]) -> int:
    """Where the noun after a number ends: at a verb, or at an adverb after
    the noun (企业全部建成; 重点项目 is a noun)."""
    stops = v.noun_stops
    for i, t in enumerate(toks):
        if t in stops and (i or t in v.stop or t in v.preps or (len(toks) > 1 and toks[1] in v.verbish)):
            return i  # an adverb after the noun or before a verb: 全部脱贫, 企业全部建成; 重点项目 is a noun
    return len(toks)


_NOT_ACT = frozenset(("进行", "将", "已", "已经", "正在", "均", "都", "全部", "并", "的"))
_TITLE = frozenset(("被评为", "评为", "被认定为", "认定为", "成为", "获评"))


def _split_noun(toks: list[str], i: Optional[int] = None) -> tuple[str, str]:
    """The noun and what follows it, at the ``i``-th word (the first that stops it)."""
    if i is None:
        i = _first_stop(_vocab(), toks)
    if i == len(toks):
        return "".join(toks), ""
    if toks[i] == "等":  # 60万吨赖氨酸等项目: what follows 等 is no act
        return "".join(toks[:i]), ""
    if i == len(toks) - 1 and i and toks[i] in _vocab().name:  # 老旧小区环境综合整治
        return "".join(toks), ""
    act = toks[i:]
    if "等" in act:  # 花卉种植等项目建设: the act ends at 等
        act = act[: act.index("等")]
    act = [w for w in act if w not in _NOT_ACT]
    trailing = _vocab().trailing
    while act and act[-1] in trailing:  # 社区办公用房达到300平方米: no act
        act.pop()
    if len(act) > 1 and act[0] in _TITLE:
        return "".join(act[1:])[:16], ""  # 有1人被评为先进个人: the title is the name
    return "".join(toks[:i]), _words_within(act, 14)


def _words_within(toks: list[str], size: int) -> str:
    """The first words of ``toks`` that fit in ``size`` characters."""
    out = ""
    for t in toks:
        if len(out) + len(t) > size:
            break
        out += t
    return out


#: the measure word after another number (15000平方米的研发中心): not the object
_COUNTED_UNIT = regex.compile(r"^[多余]?[万亿千百]?[个家项座条处名人所台套辆栋间张件份批次户亩米吨公里平方KWkw]*")


def _object(text: str) -> str:
    """What money after a verb of spending is spent on:
    "实施自来水管网改造工程" -> "自来水管网改造工程"."""
    v = _vocab()
    text = text.lstrip(" ")
    m = _CLAUSE_END.search(text)
    piece = (text[: m.start()] if m else text).split("、")[0].translate(_DROP)
    piece = piece.lstrip("的")
    toks = [t for t in _segment(piece[:30]) if t not in ("进行", "积极") and t not in v.filler]
    while toks and (toks[0] in v.verbish or toks[0] in v.cue):
        toks.pop(0)
    piece = "".join(toks)
    m = _number_in(piece)
    if m and all(t in v.places for t in _segment(piece[: m.start()])):
        # 新建15000平方米的研发中心, 在全国80家专业杂志进行宣传: what the other number counts
        piece = _COUNTED_UNIT.sub("", piece[m.end() :])
    elif m:
        piece = piece[: m.start()]
    toks = [t for t in _segment(piece) if t not in ("进行", "积极")]
    while toks and (toks[0] in v.verbish or toks[0] in v.cue or toks[0] == "的"):
        toks.pop(0)
    while toks and (toks[-1] in v.tail or toks[-1] in v.cue):
        toks.pop()
    if "的" in toks:
        toks = toks[len(toks) - toks[::-1].index("的") :]
    return "".join(toks)[:14]


# ------------------------------------------------------------------ the metric

#: the metrics named last, with their text and the quantity's offsets: a list
#: under 分别 finds the subjects of the figures before it here (a memo, like the
#: caches: the metric of a quantity is a function of the text and its offsets)
_RECENT: deque = deque(maxlen=32)


def metric_phrase(view: str, start: int, end: int, q, previous=None) -> str:
    """The metric of quantity ``q`` (offsets into ``view``) in the sentence
    ``view[start:end]``; ``previous`` is the (quantity, metric) before it,
    whose metric a list item or an elliptic clause continues."""
    prev = None
    if previous is not None and previous[0].end >= start:
        p = previous[0]
        prev = _Prev(p.start, p.end, previous[1], p.kind)
    metric = _finish(_metric(view, start, end, q, prev, 0), q)
    _RECENT.append((view, q.start, q.end, metric))
    return metric


def joined_metric(view: str, start: int, end: int, q, subject: str, word: str) -> str:
    """The metric of a rate right after the figure it describes: the figure's
    subject and the rate's word (专利申请334件,增幅51.13% -> 专利申请增幅)."""
    metric = ""
    if "分别" in word:
        metric = _finish(_distributed(view, start, end, q, 0), q)
    if not metric:
        v = _vocab()
        toks = [t for t in _trim(_left_tokens(word)) if t not in _SEPARATORS]
        named = "".join(toks)
        if any(t not in v.change and t not in v.places for t in toks) and len(named) >= 2 \
                and not named.endswith(("率", "比", "比重", "占比", "比例")):
            metric = _finish(named, q)  # 安装10台高压变频器,可节电20%: the rate names itself
        else:
            word = named or word.strip(_STRIP)
            metric = _finish(subject + word if len(subject + word) <= 30 else subject, q)
    _RECENT.append((view, q.start, q.end, metric))
    return metric


#: everything up to the last clause end: its end is where the clause begins
_UP_TO_CLAUSE = regex.compile(UP_TO_CLAUSE_END)


def _clause_start(view: str, start: int, at: int) -> int:
    m = _UP_TO_CLAUSE.match(view, start, at)
    k = m.end() if m else start
    if view.find("(", k, at) >= 0 or view.find("（", k, at) >= 0:
        for c in "(（":  # a quantity inside brackets: the brackets are its clause
            b = view.rfind(c, k, at)
            if b >= 0 and view.find(")", b, at) < 0 and view.find("）", b, at) < 0:
                k = b + 1
    return k


class _Prev(NamedTuple):
    """The quantity before, in the same sentence, and its metric."""

    start: int
    end: int
    metric: str
    kind: str


def _metric(view: str, start: int, end: int, q, prev: Optional[_Prev], depth: int) -> str:
    if q.kind in ("money", "percent") and view.find("给予", start, end) >= 0:
        found = _support(view, start, end, q)
        if found:
            return found
    clause_start = _clause_start(view, start, q.start)
    if view.find("分别", clause_start, q.start) >= 0:
        found = _distributed(view, start, end, q, depth)
        if found:
            return found
    continued = prev is not None and clause_start <= prev.end <= q.start
    left = view[prev.end : q.start] if continued else view[clause_start : q.start]
    if continued:
        # 污水管网11公里、雨水管网16公里: the item after the separator; and not
        # the noun the previous number counted (70家企业发放了…350万元)
        cut = max(left.rfind("、"), left.rfind("和"), left.rfind("及"), left.rfind("与"), left.rfind("或"))
        if cut >= 0:
            left = left[cut + 1 :]
        elif prev.kind in ("count", "measure"):
            before = _right(view[prev.end : prev.end + 40]).noun
            if before and left.startswith(before):
                rest = _left(left[len(before) :])
                if not (rest.toks and rest.verb_only):  # 高新技术产业投资达13.16亿元: the noun is the subject
                    left = left[len(before) :]
    found = _named(view, end, q, left, continued, prev)
    if len(found) < 2 and clause_start > start and not continued:
        # 新农合参合率再创新高,达到98.5%: the clause before names it
        before = _clause_start(view, start, clause_start - 1)
        stop = clause_start - 1
        if prev is not None and before <= prev.start < clause_start:
            after = view[prev.end : stop]
            if prev.kind in ("count", "measure"):
                counted = _right(view[prev.end : prev.end + 40]).noun
                if counted and after.startswith(counted):
                    after = after[len(counted) :]
            if len(_left(after).phrase) >= 2:  # 按投资额的10%给予奖补,最高500万元
                before = prev.end
            else:  # 地区生产总值跨越3个千亿元台阶,达到1.5万亿元: the subject before the number
                stop = prev.start
        named = _named(view, end, q, view[before:stop], False, None, right=False)
        if len(named) >= 2:
            found = named
    return found


class _Left(NamedTuple):
    raw: tuple
    #: the words of the name
    toks: tuple
    phrase: str
    #: 每年, 每人每年: kept in front of whatever names it
    freq: str
    verb_only: bool
    #: the clause ends with 的 or 等 (西头道街等两条西出口路)
    ends_open: bool


@lru_cache(maxsize=4096)
def _left(text: str) -> _Left:
    v = _vocab()
    raw = _left_tokens(text)
    toks = _trim(raw)
    freq = ""
    phrase = "".join(toks)
    if "每" in phrase or "均" in phrase:
        for t in toks[:3]:
            if (t[0] == "每" and len(t) <= 4) or t in ("年均", "日均"):
                toks = tuple(x for x in toks if x is not t)
                freq = t
                phrase = "".join(toks)
                break
    return _Left(raw, toks, phrase, freq, v.verbish.issuperset(toks), bool(raw) and raw[-1] in ("的", "等"))


def _named(view: str, end: int, q, left: str, continued: bool, prev, right: bool = True) -> str:
    """The name in the clause before the number (``left``) or after it."""
    v = _vocab()
    raw, toks, phrase, freq, verb_only, ends_open = _left(left)
    after = view[q.end : q.end + 1]
    if right and (verb_only or (q.kind != "percent" and (q.kind != "money" or len(phrase) <= 4))) \
            and (after.isalpha() or after in _RIGHT_OPENERS):
        noun, act = _right(view[q.end : min(end, q.end + 40)])
    else:
        noun, act = "", ""
    if noun and act and (len(noun) <= 4 or (len(noun) <= 6 and verb_only)):
        noun += act  # 5家企业申报县科技创新型企业, 引导2000家规上工业企业实施技术改造

    if not toks:
        if noun:
            return freq + _verb_before(raw, len(noun) <= 2) + noun
        if continued and prev.metric:
            return _inherited(prev, q)  # 无偿科技经费70万元和50万元
        return freq + act  # 有1.2万人次接受培训

    if prev is not None and prev.metric and not noun:
        elliptic = _elliptic(toks, prev.metric)
        if elliptic:
            return freq + elliptic
    if verb_only:
        verb = toks[-1]
        if verb in v.funding and q.kind == "money":
            spent = _object(view[q.end : min(end, q.end + 40)])
            if not spent and len(phrase) <= 2 and after in ",，":
                # 投资3000万元,新建15000平方米的研发中心
                following = view[q.end + 1 : min(end, q.end + 41)]
                first = _segment(following[:4])[0] if following else ""
                if first in v.name or first in v.lead or first in v.preps:
                    spent = _object(following)
            word = v.funding[verb]
            if spent:
                return freq + (spent if spent.endswith(("资金", "经费", word)) else spent + word)
            if noun and word == "资金":
                return freq + noun  # 拿出350万元的资金
            return freq + phrase
        if noun:
            return freq + _verb_before(toks, len(noun) <= 2) + noun
        if act and all(t in v.places or t in v.preps for t in toks):
            return freq + act
        if continued and prev.metric and not any(t in v.name for t in toks):
            return _inherited(prev, q)  # 由66户整合至12户
        return freq + phrase
    if prev is not None and prev.metric:
        if noun:
            elliptic = _elliptic(toks, prev.metric)
            if elliptic:
                return freq + elliptic
        if len(phrase) <= 3 and not noun and not _LEVEL.match(phrase):
            first = _segment(prev.metric)[0]
            if first in v.name:
                return freq + first + phrase  # 新增蔬菜大棚2500座,温室320座
    if noun and (q.kind in ("count", "measure") or len(phrase) <= 4):
        if ends_open:
            return freq + _verb_before(raw, len(noun) <= 2) + noun
        if toks[-1] in v.verbish:  # 将社区划分为8个网格
            return freq + _verb_before(toks, len(noun) <= 2) + noun
        if len(phrase) <= 2 or _LEVEL.fullmatch(phrase):
            return freq + phrase + noun  # 调派4万多名医护人员, 发行1万亿元抗疫特别国债
        if len(noun) <= 2:  # 构建…降碳路径、支撑保障3个体系
            return freq + phrase[phrase.rfind("、") + 1 :] + noun
        return freq + _verb_before(toks, False) + noun  # 哈萨尔大街和西头道街两条西出口路
    return freq + phrase


#: 给予一次性奖补: what a policy grants
_GRANT = regex.compile(r"给予(?:企业|其|单个企业)?(一次性|最高)?(奖补|奖励|补助|补贴|贴息|资助)")
#: where the supported thing ends in a sentence that opens with 对
_SUPPORTED_END = regex.compile(r"[,，;；:：]|(?:省级|市级|县级|区级)(?=给予|按|分别|一次性)|按照|按|给予|分别")
#: a clause that says what is supported
_SUPPORTING = regex.compile(r"\s*(对|支持|鼓励|推动|引导|扶持)")


def _support(view: str, start: int, end: int, q) -> str:
    """The metric of a grant of a support policy: what is supported and what
    it is granted (对标识解析二级节点项目,按投资额的30%给予一次性奖补,最高300万元
    -> 标识解析二级节点项目奖补比例, 标识解析二级节点项目一次性奖补)."""
    clause_start = _clause_start(view, start, q.start)
    m = _CLAUSE_END.search(view, q.end, end)
    clause_end = m.start() if m else end
    grant = _GRANT.search(view, clause_start, clause_end)
    if grant is None and clause_start > start:  # 给予奖补,最高500万元
        grant = _GRANT.search(view, _clause_start(view, start, clause_start - 1), clause_start)
    if grant is None:
        return ""
    # what is supported: the clause that opens with 对, 支持 or 鼓励, else the first
    clauses, at = [], start
    for m in _CLAUSE_END.finditer(view, start, grant.start()):
        clauses.append((at, m.start()))
        at = m.end()
    clauses.append((at, grant.start()))
    a, b = next(((a, b) for a, b in reversed(clauses) if _SUPPORTING.match(view, a, b)), clauses[0])
    m = _SUPPORTING.match(view, a, b)
    if m and m.group(1) == "对":
        stop = _SUPPORTED_END.search(view, m.end(), b)
        supported = view[m.end() : stop.start() if stop else b]
    else:
        supported = view[a:b]
    if _number_in(supported) or supported.find("给予") >= 0:
        return ""
    at = view.rfind("分别", clause_start, q.start)
    listed = _list_under(view, end, q, at) if at >= 0 else None
    parts = _enumeration(supported, listed[1], head=True) if listed else None
    if parts:  # 对省级数字化车间、智能工厂,分别给予一次性奖补50万元、100万元
        supported = parts[0][listed[0]] + parts[1]
    elif "、" in supported and supported.rstrip().endswith("等"):
        supported = supported[: supported.index("、")]  # 支持建设创新中心、体验中心…等: the first
    if "的" in supported and len(supported) - supported.rindex("的") > 2:
        supported = supported[supported.rindex("的") + 1 :]  # 对省内建成的标识解析二级节点项目
    name = _left(supported).phrase
    if len(name) < 2:
        return ""
    granted = (grant.group(1) or "").replace("最高", "") + grant.group(2)
    if q.kind == "percent":
        return name + granted + "比例"
    own = view[clause_start : q.start]
    own = "" if _NUMBER_START.search(own) else _left(own).phrase
    if own and len(own) <= 6 and "奖" not in own and "补" not in own and "贴" not in own:
        return name + own + granted  # 单个企业最高300万元
    return name + granted


def _inherited(prev: _Prev, q) -> str:
    """The metric a list item takes from the item before it: the same, or its
    subject when the item is of another kind (提升3.5%、达到20.6厘米)."""
    return prev.metric if prev.kind == q.kind else _subject(prev.metric)


def _verb_before(toks, any_verb: bool = False) -> str:
    """The verbs that name what is done to the noun after the number, last in
    the clause before it (新建, 起草制定), else nothing; before a noun of one
    word any verb (建立六项制度)."""
    v = _vocab()
    toks = [t for t in toks if t not in ("的", "等") and t not in v.filler]
    k = len(toks)
    while k > 0 and toks[k - 1] not in v.verbish and toks[k - 1] not in v.cue:
        k -= 1
        if len(toks) - k > 12:
            return ""
    verbs = v.name | v.lead if any_verb else v.name
    j = k
    while j > 0 and toks[j - 1] in verbs and toks[j - 1] not in v.places:
        j -= 1
    return "".join(toks[j:k])


def _subject(metric: str) -> str:
    """A metric without the change it reports (地区生产总值同比增长 -> 地区生产总值)."""
    v = _vocab()
    toks = _segment(metric)
    while len(toks) > 1 and toks[-1] in v.change and toks[-1] not in v.rates:
        toks = toks[:-1]
    return "".join(toks)


def _core(metric: str) -> str:
    """A metric without the verbs and places that open it (全县建立玉米高产示范区 -> 玉米高产示范区)."""
    v = _vocab()
    toks = _segment(metric)
    while len(toks) > 1 and (toks[0] in v.verbish or toks[0] in v.cue):
        toks = toks[1:]
    return "".join(toks)


def _elliptic(toks: list[str], before: str) -> str:
    """A clause that names no subject of its own continues the metric before it:
    a change (增长, 比去年增加, 高于全国), a share (占…), a level (省级) or an
    attribute (面积)."""
    v = _vocab()
    phrase = "".join(toks)
    if v.change_or_places.issuperset(toks) and not v.change.isdisjoint(toks):
        return _subject(before) + phrase
    if toks[0] == "占":
        return _subject(before) + phrase
    level = _LEVEL.fullmatch(phrase)
    if level:
        core = _core(_subject(before))
        m = _LEVEL.match(core)
        return phrase + core[m.end() :] if m else phrase + core
    if len(toks) == 1 and phrase in v.attributes:
        return _core(_subject(before)) + phrase
    if v.places.issuperset(toks):  # 认定高新技术企业5家,全区达到19家
        return phrase + _core(_subject(before))
    return ""


# ------------------------------------------------------------------ lists under 分别


def _distributed(view: str, start: int, end: int, q, depth: int) -> str:
    """The metric of an item of a list under 分别: its own subject, named
    before 分别, in the clause before, or by the figures before the list."""
    v = _vocab()
    clause_start = _clause_start(view, start, q.start)
    at = view.rfind("分别", clause_start, q.start)
    found = _list_under(view, end, q, at)
    if found is None:
        return ""
    index, n, first = found
    verb_toks = _trim(_left_tokens(view[at + 2 : first]))
    if any(t not in v.change for t in verb_toks):
        return ""  # 分别获得无偿科技经费70万元和50万元: the name follows 分别
    verb = "".join(verb_toks)
    own = "".join(_trim(_left_tokens(view[clause_start:at])))
    subjects, rest = _subjects(view, start, clause_start, own, n, depth)
    if not subjects:
        return ""
    return subjects[index] + rest + verb


def _list_under(view: str, end: int, q, at: int) -> Optional[tuple[int, int, int]]:
    """Where quantity ``q`` stands in the list of figures after 分别 at ``at``:
    (its index, the number of figures, where the first begins), or None."""
    m = _CLAUSE_END.search(view, q.end, end)
    stop = m.start() if m else end
    first = _NUMBER_START.search(view, at, stop)
    if first is None:
        return None
    items, pos = [], first.start()
    for sep in _ITEM_SEP.finditer(view, pos, stop):
        items.append((pos, sep.start()))
        pos = sep.end()
    items.append((pos, stop))
    for k, (a, b) in enumerate(items):
        if not _ITEM.fullmatch(view, a, b):
            del items[k:]
            break
    index = next((i for i, (a, b) in enumerate(items) if q.start < b and q.end > a), None)
    return None if index is None else (index, len(items), first.start())


def _subjects(view: str, start: int, clause_start: int, own: str, n: int, depth: int) -> tuple[list[str], str]:
    v = _vocab()
    for key, values in v.pairs:
        if key in own and len(values) == n:
            return [own.replace(key, value, 1) for value in values], ""
    found = _enumeration(own, n)
    if found:
        items, head = found
        return [item + head for item in items], ""
    named = bool(own) and not v.change_or_places.issuperset(_segment(own))
    before_clause = view[start : max(start, clause_start - 1)]
    earlier_clause = _CLAUSE_END.split(before_clause)[-1] if before_clause else ""
    if named:
        found = _enumeration("".join(_trim(_left_tokens(earlier_clause))), n, head=False)
        if found:
            return [item + own for item in found[0]], ""
        return [own] * n, ""
    if depth == 0:
        subjects = _earlier_subjects(view, start, clause_start, n)
        if subjects:
            return subjects, own
    found = _enumeration("".join(_trim(_left_tokens(earlier_clause))), n, head=False)
    if found:
        return found[0], own
    return [], ""


def _earlier_subjects(view: str, start: int, clause_start: int, n: int) -> list[str]:
    """The subjects of the figures before the list, one per item (销售收入60亿元,
    利税1.8亿元,同比分别增长22%、27%); one list item after two figures names both."""
    named = {at: m for text, at, stop, m in list(_RECENT) if text is view and start <= at and stop <= clause_start}
    if named:  # the figures just named, in order
        metrics = [_subject(named[at]) for at in sorted(named)]
    else:
        from plankit.extract.quantities import find_quantities

        metrics, prev = [], None
        for x in find_quantities(view, None, start, clause_start):
            m = _finish(_metric(view, start, clause_start, x, prev, 1), x)
            metrics.append(_subject(m))
            prev = _Prev(x.start, x.end, m, x.kind)
    if n == 1 and len(metrics) >= 2 and metrics[-1] != metrics[-2] and all(metrics[-2:]):
        return ["和".join(metrics[-2:])]
    if n > 1 and len(metrics) >= n and all(metrics[-n:]):
        return metrics[-n:]
    return []


#: the word that joins the last item of a list to the one before it
_LAST_AND = regex.compile(r"(?<=.)(?:和|及|与|以及)(?=.)")


def _enumeration(text: str, n: int, head: bool = True):
    """``n`` items named in a row and the head they share:
    "食品、石化、医药、信息等产业增加值" -> [食品…信息], "产业增加值"."""
    if n < 2 or not text:
        return None
    parts = text.split("、")
    if len(parts) < n:
        last = _LAST_AND.split(parts[-1], maxsplit=1)
        parts = parts[:-1] + last
    if len(parts) != n:
        return None
    last, shared = parts[-1], ""
    if "等" in last:
        last, shared = last.split("等", 1)
    else:
        last, shared = _split_head(parts[:-1], last)
    items = parts[:-1] + [last]
    numerals = [p.lstrip("第") for p in items]
    if all(len(p) == 1 and p in "一二三四五六七八九十" for p in numerals):
        items = ["第" + p for p in numerals]  # 第一、二、三产业
    if not all(items):
        return None
    return items, (shared if head else "")


def _split_head(items: list[str], last: str) -> tuple[str, str]:
    """The last item of an enumeration and the head all items share:
    ("高技术制造业", "装备制造业增加值") -> "装备制造业", "增加值"."""
    for p in reversed(items):  # the last item ends as another does
        for size in range(len(p), 0, -1):
            j = last.find(p[-size:], 1)
            if j >= 0 and j + size < len(last):
                return last[: j + size], last[j + size :]
    for word in _vocab().heads:  # or the head begins with a head word
        j = last.find(word, 1)
        if j > 0:
            return last[:j], last[j:]
    size = len(items[-1])
    if len(last) > size + 1:  # or the last item is as long as the one before
        return last[:size], last[size:]
    return last, ""


# ------------------------------------------------------------------ finishing


def _finish(metric: str, q) -> str:
    metric = metric.strip(_STRIP)
    if "同期" in metric:
        metric = _SAME_PERIOD.sub("同比", metric)
    if "“" in metric or "”" in metric or '"' in metric or "‘" in metric or "’" in metric:
        for a, b in (("“", "”"), ("‘", "’")):
            if metric.count(a) != metric.count(b):
                metric = metric.replace(a, "").replace(b, "")
        if metric.count('"') % 2:
            metric = metric.replace('"', "")
    if metric.endswith("级"):
        m = _LEVEL_END.search(metric)
        if m and m.start() > 1:  # 高新技术企业国家级 -> 国家级高新技术企业
            metric = metric[m.start() :] + metric[: m.start()]
    if len(metric) > _MAX_CHARS + 4:
        metric = metric[-(_MAX_CHARS + 4) :]
    if q.kind == "measure" and metric and q.unit in _vocab().area and "面积" not in metric \
            and not metric.endswith(("地", "田")):
        metric += "面积"  # 沙区治理5000亩: the area of 沙区治理
    return metric

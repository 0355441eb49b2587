"""The metric: a short phrase naming what a quantity measures.

The phrase is the end of the clause before the quantity (``申请专利400件`` ->
``申请专利``), with leading cue words and function words removed; when that is
empty, the noun after it (``7家企业`` -> ``企业``). jieba, with a small domain
dictionary, finds the word boundaries. It is loaded on first use only, and
without its 5 MB general dictionary, so that start-up stays fast.
"""

from __future__ import annotations

import logging
import math
import os
import re
import sys
import tempfile
from functools import lru_cache
from typing import Optional

from plankit.lexicon import DATA_DIR, load
from plankit.text import LETTER, has_han

_NOUN_AFTER = re.compile(rf"(?:{LETTER}|[“”\"]){{1,10}}")
_MAX_CHARS = 24
#: spaces, quotes and brackets are not part of a metric
_DROP = str.maketrans("", "", " \t\r\n\u3000“”\"《》()（）")
#: a heading marker or list opener at the start of the clause
_LEADING = re.compile(
    r"^(?:\d{1,3}[.、．]|[(]\d{1,3}[)]|[(][一二三四五六七八九十]{1,3}[)]|[一二三四五六七八九十]{1,3}[、.]"
    r"|[①-⑳]|[一二三四五六七八九十]+是|其中|另外|此外|同时)+"
)


@lru_cache(maxsize=1)
def tokenizer():
    """A jieba tokenizer over plankit's domain dictionary (loaded once)."""
    # jieba's _compat imports pkg_resources (0.1 s) only to open its own data
    # files; without it, jieba opens them directly.
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer(dictionary=str(DATA_DIR / "metric_words.txt"))
    # jieba caches the built dictionary in the shared temp folder by default,
    # where another user's file makes every run print a PermissionError
    tk.tmp_dir = _cache_dir()
    if tk.tmp_dir is None:  # nowhere to write: build it each time, silently
        jieba.setLogLevel(logging.CRITICAL)
        tk.tmp_dir = tempfile.gettempdir()
    try:
        tk.initialize()
    finally:
        jieba.setLogLevel(logging.WARNING)
    lead, tail = _trim_words()
    for word in lead | tail:
        if len(word) > 1:
            tk.add_word(word, 1000 * len(word))
    return tk


def _cache_dir() -> Optional[str]:
    """A folder of this user's own for jieba's dictionary cache, or None."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    candidates = [os.path.join(base, "plankit"), os.path.join(tempfile.gettempdir(), f"plankit-{os.getuid()}")
                  if hasattr(os, "getuid") else None]
    for folder in filter(None, candidates):
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    return None


@lru_cache(maxsize=1)
def _word_scores() -> tuple[dict[str, int], dict[str, float], float]:
    """jieba's prefix dictionary, each word's log probability (computed once,
    where jieba's ``calc`` takes a logarithm per candidate per call) and the
    score of a character that is no word."""
    tk = tokenizer()
    logtotal = math.log(tk.total)
    scores = {w: math.log(f) - logtotal for w, f in tk.FREQ.items() if f}
    return tk.FREQ, scores, -logtotal


@lru_cache(maxsize=4096)
def _segment(text: str) -> list[str]:
    """jieba's dictionary cut, without its HMM guesser of unknown words.

    The dictionary knows the domain's words, the cue words and the common
    words that hold a cue character (报到, 比重, 有效: built from jieba's own
    dictionary), which is all a boundary needs. The route is jieba's
    (``get_DAG`` then ``calc``: the most probable path over the word graph,
    ties to the longer word), walked in one loop from the right with the log
    probabilities computed once.
    """
    freq, scores, unknown = _word_scores()
    n = len(text)
    score = [0.0] * (n + 1)
    step = [1] * (n + 1)
    for i in range(n - 1, -1, -1):
        frag = text[i]
        if frag not in freq:  # most characters start no word: one step of their own
            score[i] = unknown + score[i + 1]
            continue
        best, end, j = None, i + 1, i + 1
        while frag in freq:  # every prefix of a word is in freq (0 if not a word itself)
            s = scores.get(frag)
            if s is not None:
                s += score[j]
                if best is None or s >= best:
                    best, end = s, j
            if j == n:
                break
            j += 1
            frag = text[i:j]
        if best is None:
            best = unknown + score[i + 1]
        score[i] = best
        step[i] = end - i
    words, x = [], 0
    while x < n:
        y = x + step[x]
        words.append(text[x:y])
        x = y
    return words


@lru_cache(maxsize=1)
def _trim_words():
    data = load("metric")
    return frozenset(data["lead"]), frozenset(data["tail"])


def _strip_tokens(tokens: list[str]) -> list[str]:
    """The words after the last cue or verb that leaves something to name:
    ["完成", "专利", "申请"] -> ["专利", "申请"]; ["面积", "扩大", "到"] -> ["面积", "扩大"]."""
    lead, tail = _trim_words()
    tokens = [t for t in tokens if t.strip()]
    while tokens and (tokens[-1] in tail or tokens[-1] in lead):
        tokens.pop()
    cut = 0
    for i, t in enumerate(tokens):
        if t in lead:
            cut = i + 1
    tokens = tokens[cut:]
    while tokens and tokens[0] in tail:
        tokens.pop(0)
    return tokens


def metric_phrase(clause_left: str, right: str) -> str:
    """The metric for a quantity, from the clause before it and the text after it."""
    text = clause_left.translate(_DROP)
    text = _LEADING.sub("", text)
    phrase = ""
    if has_han(text):
        tokens = _strip_tokens(_segment(text[-_MAX_CHARS - 6 :]))
        while tokens and len("".join(tokens)) > _MAX_CHARS:
            tokens.pop(0)
        phrase = "".join(tokens)
    if len(phrase) < 2:
        m = _NOUN_AFTER.match(right)
        if m:
            noun = re.split(r"[的和与及,，、]", m.group())[0]
            phrase = noun if len(noun) >= 2 else phrase
    return phrase

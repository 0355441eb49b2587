"""Section kinds (summary, plan, problems, measures, other) from titles."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from plankit import regex
from plankit.lexicon import load

#: The order in which kinds are tried: the first whose words occur wins.
KIND_ORDER = ("problems", "measures", "plan", "summary")


@lru_cache(maxsize=1)
def _vocab():
    data = load("sections")
    return data["kinds"], data["document"]


@lru_cache(maxsize=1)
def _kind_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One alternation per kind, in ``KIND_ORDER``: a search instead of a
    loop over the words."""
    kinds, _ = _vocab()
    return tuple((kind, regex.compile("|".join(map(re.escape, kinds[kind])))) for kind in KIND_ORDER)


@lru_cache(maxsize=1)
def _any_kind() -> re.Pattern[str]:
    """The words of every kind in one alternation (of words, not of the
    kinds' alternations, which the regex engine would try at every
    character): most titles name no kind, and one search tells so."""
    kinds, _ = _vocab()
    if any(not kinds[kind] or "" in kinds[kind] for kind in KIND_ORDER):
        return regex.compile("")  # a kind that any title names
    return regex.compile("|".join(re.escape(word) for kind in KIND_ORDER for word in kinds[kind]))


@lru_cache(maxsize=4096)
def kind_of_title(title: str) -> Optional[str]:
    """The kind a heading's title names, or None.

    >>> kind_of_title("二、20xx年工作计划"), kind_of_title("一、工作情况"), kind_of_title("加强领导")
    ('plan', 'summary', None)
    """
    if not _any_kind().search(title):
        return None
    for kind, pattern in _kind_patterns():
        if pattern.search(title):
            return kind
    return None


def document_kind(title: str) -> str:
    """``plan``, ``summary`` or ``other`` for a whole document, from its title.

    A title naming both (``工作总结暨工作计划``) is ``other``: its sections decide.
    """
    _, doc = _vocab()
    plan = any(w in title for w in doc["plan"])
    summary = any(w in title for w in doc["summary"])
    if plan and not summary:
        return "plan"
    if summary and not plan:
        return "summary"
    return "other"

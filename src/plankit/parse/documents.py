"""Split a file into documents.

A collection (``科技工作计划 篇1 … 篇6``, ``第一篇:… 第二篇:…``) yields one
document per piece, each starting at its marker line. What stands before the
first marker is a document of its own when it has body text (a preamble, or
a first piece written without its ``第一篇``); a bare title line there belongs
to the first piece. So no line with text falls outside every document. Any other file is one document whose title is
its first line if that line reads as a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from plankit.lexicon import load
from plankit.parse.lines import Line
from plankit.text import CJK, has_han

_CN = "一二三四五六七八九十百零〇两"
#: "科技工作计划 篇1"
_PIAN_SUFFIX = re.compile(rf"^(?P<title>.{{2,40}}?)\s*篇\s*(?P<n>\d{{1,2}}|[{_CN}]{{1,3}})\s*$")
#: "第一篇:青阳镇2010年科技创新工作总结" (the title may also stand on the next line)
_PIAN_PREFIX = re.compile(rf"^第(?P<n>\d{{1,2}}|[{_CN}]{{1,3}})篇\s*[:：]?\s*(?P<title>.*)$")
_TITLE_REJECT = re.compile(r"^(各位代表|各位委员|同志们)|^[(（]?[一二三四五六七八九十\d]+[、.．)）]|[，,；;:：]$|如下")
_SPACED_HAN = re.compile(rf"(?<={CJK})[ \u3000]+(?={CJK})")


@dataclass(frozen=True)
class DocumentSpan:
    title: str
    title_line: Optional[int]  # the line holding the title, if any
    line: int  # the document's first line
    first: int  # index into the file's lines
    last: int  # index of the last line (inclusive)
    #: index of the first line the document covers, when lines before ``first``
    #: belong to it without being read (a collection's bare title line)
    lead: Optional[int] = None

    @property
    def covered(self) -> int:
        """Index of the first line that belongs to this document."""
        return self.first if self.lead is None else self.lead


def _doc_words() -> tuple[str, ...]:
    kinds = load("sections")["document"]
    return tuple(kinds["plan"]) + tuple(kinds["summary"]) + ("报告", "范文", "通知", "办法", "讲话", "心得")


def _collection_markers(lines: list[Line]) -> list[tuple[int, str]]:
    """(line index, title) of each piece of a collection, or [] if none."""
    suffix, prefix = [], []
    words = _doc_words()
    for i, ln in enumerate(lines):
        s = ln.stripped
        if not s or len(s) > 60:
            continue
        m = _PIAN_SUFFIX.match(s)
        if m and not s.startswith("第"):
            suffix.append((i, s))
            continue
        m = _PIAN_PREFIX.match(s)
        if m:
            title = m.group("title").strip()
            if not title:
                nxt = next((x.stripped for x in lines[i + 1 : i + 3] if x.stripped), "")
                title = nxt if len(nxt) <= 40 else ""
            if any(w in title for w in words):
                prefix.append((i, title))
    for found in (suffix, prefix):
        if len(found) >= 2:
            return found
    return []


_LETTER_SPACED = re.compile(rf"^{CJK}(?:[ \u3000]+{CJK}){{2,}}$")


def tidy_title(s: str) -> str:
    """``政 府 工 作 报 告`` -> ``政府工作报告``; outer spaces and colons dropped.

    >>> tidy_title("政 府 工 作 报 告"), tidy_title("科技工作计划 篇1")
    ('政府工作报告', '科技工作计划 篇1')
    """
    s = s.strip().strip(":：").strip()
    if _LETTER_SPACED.match(s):
        return _SPACED_HAN.sub("", s)
    return s


def _looks_like_title(s: str) -> bool:
    if not s or len(s) > 60 or _TITLE_REJECT.search(s):
        return False
    if "。" in s:
        return False
    return has_han(s)


_TOP_MARKER = re.compile(rf"^(?P<n>[{_CN}]{{1,3}})[、.．]")
_MARKDOWN = re.compile(r"^#{1,6}\s*")


def _restart_markers(lines: list[Line], content: list[int]) -> list[tuple[int, str]]:
    """Documents joined without 篇 markers: the top numbering restarts at 一、
    right after a line that reads as a document title ("…行动计划(2021-2023年)")."""
    words = _doc_words()
    found = []
    highest = 0
    for k, i in enumerate(content):
        m = _TOP_MARKER.match(lines[i].stripped)
        if not m:
            continue
        n = "一二三四五六七八九十".find(m.group("n")[0]) + 1 if len(m.group("n")) == 1 else 10
        if n == 1 and highest >= 3:
            for j in content[max(0, k - 3) : k][::-1]:
                s = lines[j].stripped
                if found and j <= found[-1][0]:
                    break  # that title starts a document already
                if _looks_like_title(s) and len(s) <= 50 and any(w in s for w in words) and not _TOP_MARKER.match(s):
                    found.append((j, s))
                    break
        highest = max(highest, n)
    return found


def split_documents(lines: list[Line]) -> list[DocumentSpan]:
    """Documents among ``lines`` of the analysis view (furniture blanked)."""
    content = [i for i, ln in enumerate(lines) if ln.stripped and re.search(r"\w", ln.stripped)]
    if not content:
        return []
    markers = _collection_markers(lines)
    if markers:
        pieces = _pieces(lines, markers)
        before = [i for i in content if i < markers[0][0]]
        if not before:
            return pieces
        if all(_looks_like_title(_MARKDOWN.sub("", lines[i].stripped)) for i in before):
            return [replace(pieces[0], lead=before[0])] + pieces[1:]
        return [replace(_single(lines, before), last=markers[0][0] - 1)] + pieces
    first = _single(lines, content)
    restarts = [r for r in _restart_markers(lines, content) if r[0] > first.first]
    if not restarts:
        return [first]
    return [replace(first, last=restarts[0][0] - 1)] + _pieces(lines, restarts)


def _pieces(lines: list[Line], markers: list[tuple[int, str]]) -> list[DocumentSpan]:
    out = []
    for k, (i, title) in enumerate(markers):
        last = markers[k + 1][0] - 1 if k + 1 < len(markers) else len(lines) - 1
        out.append(DocumentSpan(tidy_title(title), lines[i].number, lines[i].number, i, last))
    return out


def _single(lines: list[Line], content: list[int]) -> DocumentSpan:
    first = content[0]
    s = _MARKDOWN.sub("", lines[first].stripped)
    if _looks_like_title(s):
        return DocumentSpan(tidy_title(s), lines[first].number, lines[first].number, first, len(lines) - 1)
    return DocumentSpan("", None, lines[first].number, first, len(lines) - 1)

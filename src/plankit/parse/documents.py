"""Split a file into documents.

A collection (``科技工作计划 篇1 … 篇6``, ``第一篇:… 第二篇:…``) yields one
document per piece, each starting at its marker line. What stands before the
first marker is a document of its own when it has body text (a preamble, or
a first piece written without its ``第一篇``); a bare title line there belongs
to the first piece. So no line with text falls outside every document.

Any other file is one document whose title is its first line that reads as a
title, after what only heads it (letterhead, a document number, YAML front
matter): those lines belong to the document without being its title. Then:

* a covering notice (``…关于印发《X》《Y》的通知``) is no document of its own:
  each attachment it names starts one at its own title line, and the notice's
  lines belong to the first;
* documents joined without markers start where the top numbering restarts
  at ``一、`` right after a title line;
* a copy in another language after a separator line (``=====``) is a
  document of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

from plankit import regex
from plankit.lexicon import load
from plankit.parse.lines import Line
from plankit.text import CJK, has_han

_CN = "一二三四五六七八九十百零〇两"
#: "科技工作计划 篇1"
_PIAN_SUFFIX = regex.compile(rf"^(?P<title>.{{2,40}}?)\s*篇\s*(?P<n>\d{{1,2}}|[{_CN}]{{1,3}})\s*$")
#: "第一篇:青阳镇2010年科技创新工作总结" (the title may also stand on the next line)
_PIAN_PREFIX = regex.compile(rf"^第(?P<n>\d{{1,2}}|[{_CN}]{{1,3}})篇\s*[:：]?\s*(?P<title>.*)$")
_TITLE_REJECT = regex.compile(r"^(各位代表|各位委员|同志们)|^[(（]?[一二三四五六七八九十\d]+[、.．)）]|[，,；;:：]$|如下")
_SPACED_HAN = regex.compile(rf"(?<={CJK})[ \u3000]+(?={CJK})")


@dataclass(frozen=True)
class DocumentSpan:
    title: str
    title_line: Optional[int]  # the line holding the title, if any
    line: int  # the document's first line
    first: int  # index into the file's lines
    last: int  # index of the last line (inclusive)
    #: index of the first line the document covers, when lines before ``first``
    #: belong to it without being read (a collection's bare title line, the
    #: letterhead above a title, a covering notice)
    lead: Optional[int] = None

    @property
    def covered(self) -> int:
        """Index of the first line that belongs to this document."""
        return self.first if self.lead is None else self.lead


@lru_cache(maxsize=1)  # vocabulary, not per text
def _doc_words() -> tuple[str, ...]:
    kinds = load("sections")["document"]
    return tuple(kinds["plan"]) + tuple(kinds["summary"]) + ("报告", "范文", "通知", "办法", "讲话", "心得")


def _collection_markers(lines: list[Line], content: list[int]) -> list[tuple[int, str]]:
    """(line index, title) of each piece of a collection, or [] if none."""
    suffix, prefix = [], []
    words = _doc_words()
    for i in content:
        if "篇" not in lines[i].text:
            continue  # both markers have it: most lines are done with here
        s = lines[i].stripped
        if len(s) > 60:
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


_LETTER_SPACED = regex.compile(rf"^{CJK}(?:[ \u3000]+{CJK}){{2,}}$")


def tidy_title(s: str) -> str:
    """``政 府 工 作 报 告`` -> ``政府工作报告``; outer spaces and colons dropped.

    >>> tidy_title("政 府 工 作 报 告"), tidy_title("科技工作计划 篇1")
    ('政府工作报告', '科技工作计划 篇1')
    """
    s = s.strip().strip(":：").strip()
    if _LETTER_SPACED.match(s):
        return _SPACED_HAN.sub("", s)
    return s


#: a title in a Latin script: capitalised, two words or more, no closing period
_LATIN_TITLE = regex.compile(r"^[A-Z0-9][\w'’&,:()/–— -]* [\w'’&,:()/–— -]*[\w)]$")


def _looks_like_title(s: str, latin: bool = False) -> bool:
    if latin:
        return len(s) <= 100 and bool(_LATIN_TITLE.match(s)) and not has_han(s) and not _TITLE_REJECT.search(s)
    if not s or len(s) > 60 or "。" in s or _TITLE_REJECT.search(s):
        return False
    return has_han(s)


_TOP_MARKER = regex.compile(rf"^(?P<n>[{_CN}]{{1,3}})[、.．]")
#: the same at the start of a line's text, before it is stripped (stripping takes what \s matches)
_TOP_MARKER_LINE = regex.compile(rf"^\s*(?P<n>[{_CN}]{{1,3}})[、.．]")
_MARKDOWN = regex.compile(r"^#{1,6}\s*")
_EMPHASIS = regex.compile(r"^(\*\*|__)(.+?)\1$")


def _unmark(s: str) -> str:
    """A line's text without Markdown heading marks and bold around it."""
    if not s.startswith(("#", "*", "_")):
        return s.strip()  # no mark to take off (most lines): no regex
    return _EMPHASIS.sub(r"\2", _MARKDOWN.sub("", s)).strip()


def _restart_markers(lines: list[Line], content: list[int]) -> list[tuple[int, str]]:
    """Documents joined without 篇 markers: the top numbering restarts at 一、
    right after a line that reads as a document title ("…行动计划(2021-2023年)")."""
    words = _doc_words()
    found = []
    highest = 0
    for k, i in enumerate(content):
        m = _TOP_MARKER_LINE.match(lines[i].text)
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


# ------------------------------------------------------------ separators


#: a line of ===== between a text and its copy in another language
_SEPARATOR = regex.compile(r"^(?:[=＝]\s*){5,}$")
_SPACES = regex.compile(r"\s+")
_LATIN = regex.compile(r"[A-Za-z]")


_HAN = regex.compile(CJK)
_WORD = regex.compile(r"\w")


def _language(lines: list[Line], indices: list[int]) -> str:
    """``han`` or ``latin``: the script most letters of these lines (their
    first 2,000 characters are enough) are in."""
    sample = "\n".join(lines[i].text for i in indices[:40])[:2000]
    return "han" if len(_HAN.findall(sample)) >= len(_LATIN.findall(sample)) else "latin"


def _segments(lines: list[Line], content: list[int]) -> list[list[int]]:
    """``content`` cut at separator lines where the language changes (one
    pass: each part is a slice of the sorted ``content``, and a part of the
    same language extends the one before in place)."""
    cuts = [i for i, ln in enumerate(lines) if ("=" in ln.text or "＝" in ln.text) and _SEPARATOR.match(ln.stripped)]
    if not cuts:
        return [content]
    merged: list[list[int]] = []
    language = ""
    start = 0
    for cut in cuts + [len(lines)]:
        end = bisect_left(content, cut, start)
        part = content[start:end]
        start = bisect_right(content, cut, end)
        if not part:
            continue
        here = _language(lines, part)
        if merged and here == language:
            merged[-1].extend(part)
        else:
            merged.append(part)
            language = here
    return merged


# ------------------------------------------------------------ the head of a document


@lru_cache(maxsize=1)
def _before_title() -> re.Pattern[str]:
    return regex.compile("|".join(f"(?:{p})" for p in load("furniture")["before_title"]["lines"]))


_YAML_LINE = regex.compile(r"^(?:[\w-]+\s*:|-\s|#|\s)")


def _front_matter_end(lines: list[Line], content: list[int]) -> int:
    """Index of the line closing a YAML front matter block (``---`` … ``---``)
    just above the first of these lines, or -1."""
    top = content[0] - 1
    while top >= 0 and not lines[top].stripped:
        top -= 1
    if top < 0 or lines[top].stripped != "---":
        return -1
    for i in range(top + 1, min(len(lines), top + 60)):
        s = lines[i].stripped
        if s in ("---", "..."):
            return i
        if s and not _YAML_LINE.match(lines[i].text):
            return -1
    return -1


def _head(lines: list[Line], content: list[int], last: int) -> DocumentSpan:
    """The document these lines start: its title is the first line that reads
    as one after front matter, letterhead and document numbers; those lines
    belong to it all the same. A title in Latin script heads a text in it."""

    def title_like(s: str) -> bool:
        if has_han(s):
            return _looks_like_title(s)
        return _looks_like_title(s, latin=True) and _language(lines, content) == "latin"

    end = _front_matter_end(lines, content)
    rest = [i for i in content if i > end] or content
    before = _before_title()
    k = 0
    while k < min(len(rest) - 1, 8) and before.search(_SPACES.sub("", lines[rest[k]].stripped)):
        k += 1
    i = rest[k]
    s = _unmark(lines[i].stripped)
    if not title_like(s):
        # no title after what heads the document: its first line may be one
        # (front matter never is), else it has none
        i = rest[0]
        s = _unmark(lines[i].stripped)
        if not title_like(s):
            return DocumentSpan("", None, lines[i].number, i, last, content[0] if i > content[0] else None)
    return DocumentSpan(tidy_title(s), lines[i].number, lines[i].number, i, last, content[0] if i > content[0] else None)


# ------------------------------------------------------------ covering notices


#: "…关于印发《X》《Y》的通知", "…印发《X》": what it issues stands after 印发
_NOTICE = regex.compile(r"(?:印发|转发|下发|颁发|批转|发布)(?:(?P<names>.+)的(?:通知|决定|公告|函)|(?P<quoted>《.+》))(?:\s*[(（][^()（）]*[)）])?$")
_CONNECTOR = "和及与、,，"
_DASHES = regex.compile(r"[—–－―~〜～-]+")


def _key(s: str) -> str:
    """A name as compared across its spellings: no spaces, one kind of bracket and dash."""
    s = _SPACES.sub("", s).replace("（", "(").replace("）", ")")
    return _DASHES.sub("-", s).strip("《》\"“”")


#: a name in book-title marks: 《…》
_BOOK_TITLE = regex.compile(r"《([^《》]+)》")


def _attachments(lines: list[Line], content: list[int], head: DocumentSpan) -> list[tuple[int, str]]:
    """(line index, title) of each attachment a covering notice names and
    that follows it under its own title line, in text order."""
    m = _NOTICE.search(head.title)
    if not m:
        return []
    names_part = m.group("names") or m.group("quoted")
    quoted = [_key(q) for q in _BOOK_TITLE.findall(names_part)]
    whole = _key(names_part)
    notice = _key(head.title)
    found: list[tuple[int, str]] = []
    taken: set[str] = set()
    for i in content:
        if i <= head.first:
            continue
        s = _unmark(lines[i].stripped)
        if not _looks_like_title(s) or len(s) < 4:
            continue
        key = _key(s)
        if key == notice or key in taken:
            continue
        if quoted:
            # the attachment's title may name its place or year before the name
            hit = any(key == q or (key.endswith(q) and len(key) <= len(q) + 12) for q in quoted)
        else:
            at = whole.find(key)
            hit = (
                len(key) >= 6
                and at >= 0
                and (at == 0 or whole[at - 1] in _CONNECTOR)
                and (at + len(key) == len(whole) or whole[at + len(key)] in _CONNECTOR)
            )
        if hit:
            found.append((i, tidy_title(s)))
            taken.add(key)
    return found


# ------------------------------------------------------------ splitting


def split_documents(lines: list[Line]) -> list[DocumentSpan]:
    """Documents among ``lines`` of the analysis view (furniture blanked)."""
    # (stripping takes only spaces, never a word character)
    content = [i for i, ln in enumerate(lines) if _WORD.search(ln.text)]
    if not content:
        return []
    segments = _segments(lines, content)
    out: list[DocumentSpan] = []
    for k, part in enumerate(segments):
        last = segments[k + 1][0] - 1 if k + 1 < len(segments) else len(lines) - 1
        out.extend(_split(lines, part, last))
    return out


def _split(lines: list[Line], content: list[int], last: int) -> list[DocumentSpan]:
    """Documents among the ``content`` lines of one part of a file, the last
    ending at line index ``last``."""
    markers = _collection_markers(lines, content)
    if markers:
        pieces = _pieces(lines, markers, last)
        before = [i for i in content if i < markers[0][0]]
        if not before:
            return pieces
        if all(_looks_like_title(_unmark(lines[i].stripped)) for i in before):
            return [replace(pieces[0], lead=before[0])] + pieces[1:]
        return [replace(_head(lines, before, markers[0][0] - 1), last=markers[0][0] - 1)] + pieces
    head = _head(lines, content, last)
    starts = _attachments(lines, content, head) if head.title_line is not None else []
    taken = {i for i, _ in starts}
    after = starts[0][0] if starts else head.first
    starts += [r for r in _restart_markers(lines, content) if r[0] > after and r[0] not in taken]
    if not starts:
        return [head]
    starts.sort()
    if taken:
        return _pieces(lines, starts, last, lead=content[0])
    return [replace(head, last=starts[0][0] - 1)] + _pieces(lines, starts, last)


def _pieces(lines: list[Line], markers: list[tuple[int, str]], last: int, lead: Optional[int] = None) -> list[DocumentSpan]:
    out = []
    for k, (i, title) in enumerate(markers):
        end = markers[k + 1][0] - 1 if k + 1 < len(markers) else last
        out.append(DocumentSpan(tidy_title(title), lines[i].number, lines[i].number, i, end))
    if lead is not None and lead < out[0].first:
        out[0] = replace(out[0], lead=lead)
    return out

"""plankit.regex: patterns compiled once per machine behave exactly as
``re.compile`` makes them, and a missing or damaged cache only costs time."""

import os
import re
import subprocess
import sys

import pytest

from plankit import regex

#: patterns of the kinds the stages use: named groups, lookbehind, classes,
#: flags, Han literals, a vocabulary alternation, a backreference
PATTERNS = [
    (r"(?P<num>\d+(?:\.\d+)?)(?P<unit>万元|亿元|元)", 0),
    (r"(?<![比较])(?:去年|上年)", 0),
    (r"^\s*[(（][一二三四五六七八九十]+[)）]", re.M),
    (r"[^\W\d_A-Za-z]{2,4}", 0),
    (r"(\w)\1", 0),
    (r"abc", re.I),
    (r"(?x) \d+  # digits", 0),
]
TEXTS = ["投资70万元,比去年增长25.6%", "（三）加快推进\n(一)目标", "ABC abc 好好学习", "去年 上年 较上年 12.5亿元"]


def _same(a: re.Pattern, b: re.Pattern) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in TEXTS:
        assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]
        assert [m.groups() for m in a.finditer(text)] == [m.groups() for m in b.finditer(text)]


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_a_compiled_pattern_is_re_compiles(pattern, flags):
    _same(regex.compile(pattern, flags), re.compile(pattern, flags))


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_a_pattern_rebuilt_from_its_cache_entry_is_re_compiles(pattern, flags):
    regex.compile(pattern, flags)
    args = regex._entries[(pattern, int(flags))]
    import _sre

    _same(_sre.compile(*args), re.compile(pattern, flags))


def test_a_bad_pattern_raises_re_error():
    with pytest.raises(re.error):
        regex.compile(r"(unclosed")


def _run(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)


PARSE = ("from plankit import parse_text; r = parse_text('一、目标\\n力争新增企业5家,投资300万元。'); "
         "print([(t.text, t.metric, t.category.value) for t in r.documents[0].targets])")


def test_a_second_run_reads_the_cache_and_parses_the_same(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    first = _run(PARSE, env)
    files = list((tmp_path / "plankit").glob("regex.*.cache"))
    assert len(files) == 1 and files[0].stat().st_size > 1000
    spy = ("import plankit.regex as R; missed = []; orig = R._compile_recorded\n"
           "R._compile_recorded = lambda p, f: (missed.append(p), orig(p, f))[1]\n"
           + PARSE + "\nprint(len(missed))")
    second = _run(spy, env)
    lines = second.stdout.splitlines()
    assert lines[0] == first.stdout.strip()
    assert lines[1] == "0", "every pattern of the parse came from the cache"
    assert second.stderr == ""


def test_a_damaged_cache_is_compiled_afresh(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    first = _run(PARSE, env)
    (cache,) = (tmp_path / "plankit").glob("regex.*.cache")
    cache.write_bytes(b"\x00garbage" * 100)
    again = _run(PARSE, env)
    assert again.stdout == first.stdout and again.stderr == ""
    assert cache.stat().st_size > 1000, "rewritten at exit"


def test_without_a_cache_folder_it_still_parses(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    env = {**os.environ, "XDG_CACHE_HOME": str(blocker), "HOME": str(blocker), "TMPDIR": str(blocker)}
    run = _run(PARSE, env)
    assert "5家" in run.stdout and run.stderr == ""


def test_an_entry_with_bad_code_is_compiled_afresh():
    """_sre checks the code it is given: an entry that marshal read but that
    holds no valid program raises there, and the pattern is compiled again."""
    pattern = r"(?P<n>\d+)个百分点"
    regex._load()[(pattern, 0)] = (pattern, 32, [17, 99, 3], 0, {}, (None,))
    _same(regex.compile(pattern), re.compile(pattern))
    assert regex._entries[(pattern, 0)][2] != [17, 99, 3], "the bad entry was replaced"

"""Invariants of the whole pipeline over arbitrary and plan-like text."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plankit import ParseResult, parse_text

pieces = st.sampled_from(
    [
        "一、", "(一)", "1.", "1、", "(1)", "①", "一是", "二、", "第一篇:", "篇1", "\n", "\r\n", "。", ",",
        "力争", "完成", "新增", "企业", "专利", "5家", "2-3家", "25.6亿元", "2600多萬元", "超過200萬(wàn)元",
        "不少于15项", "增长6.5%左右", "两万吨", "2013年", "20xx年", "第二届", "科學(xué)", "<p>", "</p>",
        "来源:范文网 2.17W", "１０％", "\u3000", "工作计划", "工作总结", "存在问题", "保障措施",
    ]
)
plan_like = st.lists(pieces | st.text(max_size=5), max_size=60).map("".join)


def line_of(text: str, offset: int) -> int:
    """1-based line: a line ends at \\n, \\r\\n or a lone \\r."""
    head = text[:offset]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1


def check_result(result: ParseResult, text: str) -> None:
    """Spans slice the original, lines match, documents do not overlap, and
    every line that holds a word (outside markup and page furniture) belongs
    to exactly one document."""
    from plankit.parse.lines import split_lines
    from plankit.parse.mask import analysis_view
    from plankit.parse.normalize import normalize

    for doc in result.documents:
        assert 0 <= doc.span[0] <= doc.span[1] <= len(text)
        for t in doc.targets:
            assert text[t.span[0] : t.span[1]] == t.text
            assert t.line == line_of(text, t.span[0])
            assert doc.span[0] <= t.span[0] <= t.span[1] <= doc.span[1]
        stack = list(doc.sections)
        while stack:
            s = stack.pop()
            assert 0 <= s.span[0] <= s.span[1] <= len(text)
            assert s.line == line_of(text, s.span[0])
            stack.extend(s.children)
    spans = [d.span for d in result.documents]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans
    norm = normalize(text)
    for line in split_lines(analysis_view(norm.text)):
        word = re.search(r"\w", line.text)
        if word:
            at = norm.offsets.to_original(line.start + word.start())
            owners = [d for d in result.documents if d.span[0] <= at < d.span[1]]
            assert len(owners) == 1, (line.number, line.text, spans)


_check = check_result


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_never_raises_on_any_text(text):
    _check(parse_text(text), text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_like)
def test_spans_slice_the_original_on_plan_like_text(text):
    _check(parse_text(text), text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_like)
def test_json_round_trips(text):
    result = parse_text(text)
    assert ParseResult.model_validate_json(result.model_dump_json()) == result


metric_text = st.lists(
    st.sampled_from(["专利", "申请", "报到", "比重", "有效", "企业", "完成", "达到", "新增", "科技", "项目", "的", "到",
                     "年", "高新技术", "产值", "力争", "x", "5"]) | st.text(max_size=3),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(metric_text)
def test_metric_segmentation_is_jiebas_route(text):
    """The one-loop cut of the metric stage gives exactly jieba's own
    get_DAG + calc route over the same dictionary."""
    from plankit.extract.metric import _segment, tokenizer

    tk = tokenizer()
    route: dict = {}
    tk.calc(text, tk.get_DAG(text), route)
    expected, x = [], 0
    while x < len(text):
        y = route[x][1] + 1
        expected.append(text[x:y])
        x = y
    assert _segment(text) == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["http", "https", "ftp", "://", "s", ":", "/", "a.cn", " ", "，", "\n", "x"]),
                max_size=30).map("".join))
def test_urls_are_the_regex_matches(text):
    from plankit.parse.mask import _URL, _urls

    assert _urls(text) == [m.span() for m in _URL.finditer(text)]

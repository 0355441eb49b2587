"""Invariants of the whole pipeline over arbitrary and plan-like text."""

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


def _check(result: ParseResult, text: str) -> None:
    for doc in result.documents:
        assert 0 <= doc.span[0] <= doc.span[1] <= len(text)
        for t in doc.targets:
            assert text[t.span[0] : t.span[1]] == t.text
            assert t.line == text.count("\n", 0, t.span[0]) + 1
        stack = list(doc.sections)
        while stack:
            s = stack.pop()
            assert 0 <= s.span[0] <= s.span[1] <= len(text)
            assert s.line == text.count("\n", 0, s.span[0]) + 1
            stack.extend(s.children)


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

"""A bounded fuzz run of the whole pipeline (issue 15), part of every test run.

20,000 generated texts built from the pieces plans are made of (Chinese and
Arabic numerals, multipliers, units, qualifiers, heading and collection
markers, line breaks of every kind, control and zero-width characters,
markup), checked for the invariants of ``check_result``: parsing never
raises, every span slices the original and names its line, and every line
with a word belongs to exactly one document. The budget is fixed and the
run derandomised, so a failure reproduces and CI time stays bounded (about
half a minute).
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plankit import parse_text

from test_properties import check_result

NUMERALS = ["0", "1", "5", "12", "2600", "25.6", "1,200", "100,001", "0.5", "99999999999999999999999999",
            "一", "两", "三", "十", "十二", "二十五", "一百", "三千五", "四万", "五亿", "亿", "万", "千", "百",
            "点", "零", "〇", "壹", "贰", "仟", "１２", "%", "％", "-", "—", "~", "至", "到", "、", "．", "·"]
UNITS = ["元", "万元", "亿元", "美元", "家", "个", "项", "件", "人次", "名", "亩", "吨", "万吨", "公里", "平方米",
         "百分点", "个百分点", "倍", "成", "kwh", "兆", "岁", "次", "篇", "份", "年", "月", "日", "届"]
WORDS = ["力争", "完成", "新增", "达到", "以上", "不少于", "超过", "左右", "多", "余", "约", "近", "分别增长",
         "从", "提高到", "企业", "专利", "资金", "投资", "工作计划", "工作总结", "政府工作报告", "各位代表:"]
MARKERS = ["一、", "二、", "十、", "(一)", "（二）", "1.", "2、", "(1)", "①", "一是", "第一篇:", "第二篇:",
           "篇1", "篇2", "第一章", "第一条", "专栏1", "# ", "## ", "---", "=====", "关于印发《计划》的通知"]
CONTROLS = ["\n", "\n", "\r\n", "\r", "\t", " ", "\u3000", "\u200b", "\ufeff", "\x00", "\x0b", "\x1b",
            "<p>", "</p>", "<br>", "&nbsp;", "http://a.b/c?d=1", "(xué)", "科學", "來源:網 2.17W"]

piece = st.sampled_from(NUMERALS + UNITS + WORDS + MARKERS + CONTROLS) | st.text(max_size=3)
texts = st.lists(piece, max_size=80).map("".join)


@settings(max_examples=20_000, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(texts)
def test_fuzz_pipeline_invariants(text):
    check_result(parse_text(text), text)

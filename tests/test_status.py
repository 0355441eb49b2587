"""Status (target or actual): one case per rule of the annotation guide and
issue 12, each with its own sentence."""

import pytest

from plankit import parse_text


def _statuses(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.status.value) for d in parse_text(text).documents for t in d.targets]


CASES = [
    # 从A提高到B: A is where the change starts (actual), B the aim
    ("一、主要目标\n研发投入从30万元提高到50万元。", [("30万元", "actual"), ("50万元", "target")], "from-a-to-b-plan"),
    ("一、主要目标\n覆盖率由60%提升至80%。", [("60%", "actual"), ("80%", "target")], "you-a-tisheng-zhi-b"),
    ("一、主要目标\n赤字率从去年的2.1%提高到2.3%。", [("2.1%", "actual"), ("2.3%", "target")], "change-end-past-cue-is-the-baselines"),
    # 实际 as an adjective is no past cue
    ("支持工业发展的政策\n一、奖补\n省级按实际采购金额的15%给予奖补。", [("15%", "target")], "shiji-adjective"),
    # indicator lists in assessment schemes and 衡量指标 sections are targets
    ("某市数字政府建设考评办法\n一、考评内容\n新增5G基站1000座。", [("1000座", "target")], "assessment-scheme"),
    ("关于发展的意见\n一、衡量指标\n政务服务事项网上可办率达到98%。", [("达到98%", "target")], "indicator-section"),
    # a plain fact in a plan section with a past or existing marker is actual
    ("一、主要任务\n全区现有高新技术企业50家,力争新增10家。", [("50家", "actual"), ("10家", "target")], "existing-in-plan"),
    ("一、主要任务\n已建成5G基站300个。", [("300个", "actual")], "already-built-in-plan"),
    ("一、主要任务\n该馆于2005年建成,面积5000平方米。", [("5000平方米", "actual")], "dated-event-in-plan"),
    # a summary citing a target gives that target
    ("一、工作回顾\n全年增长6.9%,高于6.5%的预期目标。", [("6.9%", "actual"), ("高于6.5%", "target")], "cited-target"),
    ("一、工作回顾\n减税降费2.3万亿元,超过原定的近2万亿元规模。", [("2.3万亿元", "actual"), ("近2万亿元", "target")],
     "cited-original-plan"),
    # the rest of the quantity's clause speaks when the words before it say nothing
    ("一、工作回顾\n5000余户居民的居住条件将得到改善。", [("5000余户", "target")], "future-after-quantity"),
    ("一、工作回顾\n对3488名育龄妇女进行了免费检查。", [("3488名", "actual")], "past-after-quantity"),
    # the words around the quantity win over its section
    ("一、工作回顾\n预计全年新增就业1.2万人。", [("1.2万人", "target")], "forecast-in-summary"),
    ("一、下一步工作\n去年新增企业8家,今年力争新增12家。", [("8家", "actual"), ("12家", "target")], "last-year-in-plan"),
]


@pytest.mark.parametrize(("text", "expected"), [c[:2] for c in CASES], ids=[c[2] for c in CASES])
def test_status(text, expected):
    assert _statuses(text) == expected

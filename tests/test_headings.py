"""Headings: each marker style, titles cut from body text, levels and the
irregular cases authors produce."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plankit import parse_text
from plankit.parse.headings import cut_title


def outline(text: str) -> list[tuple[int, str, str]]:
    """(level, marker, title) of every heading of the first document, in order."""
    out = []

    def walk(sections):
        for s in sections:
            out.append((s.level, s.marker, s.title))
            walk(s.children)

    doc = parse_text(text).documents[0]
    walk(doc.sections)
    return out


MARKERS = [
    ("cn-dun", "一、加强组织领导\n正文内容。\n二、强化资金保障\n正文内容。", [(1, "一、", "加强组织领导"), (1, "二、", "强化资金保障")]),
    ("cn-eleven", "十、第十项工作\n正文。\n十一、第十一项工作\n正文。", [(1, "十、", "第十项工作"), (1, "十一、", "第十一项工作")]),
    ("cn-paren-half", "(一)完善机制\n正文。\n(二)强化考核\n正文。", [(1, "(一)", "完善机制"), (1, "(二)", "强化考核")]),
    ("cn-paren-full", "（一）完善机制\n正文。\n（二）强化考核\n正文。", [(1, "(一)", "完善机制"), (1, "(二)", "强化考核")]),
    ("arabic-dot", "1.提升服务质量\n正文。\n2.扩大覆盖范围\n正文。", [(1, "1.", "提升服务质量"), (1, "2.", "扩大覆盖范围")]),
    ("arabic-dun", "1、提升服务质量\n正文。\n2、扩大覆盖范围\n正文。", [(1, "1、", "提升服务质量"), (1, "2、", "扩大覆盖范围")]),
    ("arabic-fullwidth-dot", "1．提升服务质量\n正文。\n2．扩大覆盖范围\n正文。", [(1, "1.", "提升服务质量"), (1, "2.", "扩大覆盖范围")]),
    ("arabic-paren", "(1)提升服务质量\n正文。\n(2)扩大覆盖范围\n正文。", [(1, "(1)", "提升服务质量"), (1, "(2)", "扩大覆盖范围")]),
    ("arabic-close-paren", "1）提升服务质量\n正文。\n2）扩大覆盖范围\n正文。", [(1, "1)", "提升服务质量"), (1, "2)", "扩大覆盖范围")]),
    ("circled", "①提升服务质量\n正文。\n②扩大覆盖范围\n正文。", [(1, "①", "提升服务质量"), (1, "②", "扩大覆盖范围")]),
    ("formal-numerals", "壹、計畫緣起\n正文。\n貳、計畫目標\n一、短期目標\n正文。\n參、實施策略\n正文。",
     [(1, "壹、", "计划缘起"), (1, "贰、", "计划目标"), (2, "一、", "短期目标"), (1, "参、", "实施策略")]),
    ("heavenly-stems", "(甲)經濟發展\n1.加強投資\n正文。\n(乙)社會民生\n正文。",
     [(1, "(甲)", "经济发展"), (2, "1.", "加强投资"), (1, "(乙)", "社会民生")]),
    ("part", "第一部分 总体要求\n正文。\n第二部分 主要任务\n正文。", [(1, "第一部分", "总体要求"), (1, "第二部分", "主要任务")]),
    ("chapter-and-article", "第一章 总则\n第一条 为加强管理,制定本办法。\n第二条 本办法适用于全市。\n第二章 附则\n第三条 本办法自发布之日起施行。",
     [(1, "第一章", "总则"), (2, "第一条", "为加强管理,制定本办法"), (2, "第二条", "本办法适用于全市"),
      (1, "第二章", "附则"), (2, "第三条", "本办法自发布之日起施行")]),
    ("chapter", "第一章 总则\n正文。\n第二章 任务\n正文。", [(1, "第一章", "总则"), (1, "第二章", "任务")]),
    ("markdown", "## 一、目标\n正文内容比较长一些的段落文字。\n## 執行進度\n正文内容比较长一些的段落文字。",
     [(1, "一、", "目标"), (1, "", "执行进度")]),
    ("html-tags", "<h5>一、2016年工作回顾</h5>\n<p>(一)稳增长。正文。</p>", [(1, "一、", "2016年工作回顾"), (2, "(一)", "稳增长")]),
]


@pytest.mark.parametrize("text, expected", [m[1:] for m in MARKERS], ids=[m[0] for m in MARKERS])
def test_marker_styles(text, expected):
    assert outline("标题\n" + text) == expected


LEVELS = [
    ("nested-three", "一、甲\n(一)乙\n1.丙\n正文。\n2.丁\n正文。\n(二)戊\n正文。\n二、己\n正文。",
     [(1, "一、", "甲"), (2, "(一)", "乙"), (3, "1.", "丙"), (3, "2.", "丁"), (2, "(二)", "戊"), (1, "二、", "己")]),
    ("starts-at-arabic", "1、第一项\n正文。\n2、第二项\n正文。", [(1, "1、", "第一项"), (1, "2、", "第二项")]),
    ("restart-under-new-parent", "一、甲\n1、子一\n正文。\n2、子二\n正文。\n二、乙\n1、子一\n正文。",
     [(1, "一、", "甲"), (2, "1、", "子一"), (2, "2、", "子二"), (1, "二、", "乙"), (2, "1、", "子一")]),
    ("skipped-number", "一、甲\n正文。\n三、丙\n正文。", [(1, "一、", "甲"), (1, "三、", "丙")]),
    ("stray-cn-among-paren", "一、总体\n(一)一项\n正文。\n(二)二项\n正文。\n三、三项\n正文。\n(四)四项\n正文。\n二、下一部分\n正文。",
     [(1, "一、", "总体"), (2, "(一)", "一项"), (2, "(二)", "二项"), (2, "三、", "三项"), (2, "(四)", "四项"), (1, "二、", "下一部分")]),
    ("same-list-two-separators", "一、甲\n1、子一\n正文。\n2.子二\n正文。", [(1, "一、", "甲"), (2, "1、", "子一"), (2, "2.", "子二")]),
    ("yishi-blocks", "一、甲\n一是加强宣传,开展培训\n正文。\n二是组织实施计划\n正文。",
     [(1, "一、", "甲"), (2, "一是", "加强宣传,开展培训"), (2, "二是", "组织实施计划")]),
    ("box-at-item-level", "一、甲\n(一)乙\n正文。\n专栏1 重点工程\n正文。\n(二)丙\n正文。",
     [(1, "一、", "甲"), (2, "(一)", "乙"), (2, "专栏1", "重点工程"), (2, "(二)", "丙")]),
]


@pytest.mark.parametrize("text, expected", [m[1:] for m in LEVELS], ids=[m[0] for m in LEVELS])
def test_levels(text, expected):
    assert outline("标题\n" + text) == expected


NOT_HEADINGS = [
    ("inline-yishi", "一、甲\n一是加强宣传,二是组织培训,三是抓好落实。"),
    ("number-amount", "一、甲\n1.5万元用于设备采购。"),
    ("year", "一、甲\n2013年全县科技工作取得新进展。"),
    ("decimal-section-number", "一、甲\n3.2本项目计划投资。"),
    ("dash-bullet", "一、甲\n——坚持创新驱动。正文。\n- 加强协作。"),
    ("address", "一、甲\n各位代表:\n现在我代表政府作报告,请予审议,正文比较长的一段。"),
    ("furniture", "一、甲\n来源:范文网 2.17W\n上一篇:另一篇计划"),
    ("mid-paragraph-number", "一、甲\n全年完成任务。1.提升服务质量不是行首。"),
]


@pytest.mark.parametrize("text", [m[1] for m in NOT_HEADINGS], ids=[m[0] for m in NOT_HEADINGS])
def test_not_headings(text):
    assert outline("标题\n" + text) == [(1, "一、", "甲")]


TITLES = [
    ("run-on-body", "科技项目工作取得新突破。在项目争取上,积极争取。", "科技项目工作取得新突破"),
    ("colon-then-body", "存在问题:一是基层科普网络建设薄弱,服务机构不健全", "存在问题"),
    ("short-after-colon-kept", "工作目标:三年", "工作目标:三年"),
    ("trailing-colon", "发展目标:", "发展目标"),
    ("space-gap", "坚持科技创新和科学普及一起转 加强对科普工作的领导,定期召集联席会议", "坚持科技创新和科学普及一起转"),
    ("latin-spaces-kept", "CnPack IDE 专家包今年下半年申请成为合作伙伴", "CnPack IDE 专家包今年下半年申请成为合作伙伴"),
]


@pytest.mark.parametrize("body, title", [m[1:] for m in TITLES], ids=[m[0] for m in TITLES])
def test_cut_title(body, title):
    assert cut_title(body) == title


def test_marker_alone_on_its_line_is_a_heading_without_title():
    assert outline("标题\n一、\n正文内容。\n二、其他\n正文。") == [(1, "一、", ""), (1, "二、", "其他")]


def test_plain_title_line_opens_a_block():
    text = "标题\n一、主要任务\n大力实施素质提升工程\n" + "正文内容" * 10 + "。\n二、其他\n正文。"
    assert outline(text) == [(1, "一、", "主要任务"), (2, "", "大力实施素质提升工程"), (1, "二、", "其他")]


def test_section_kinds_and_status():
    text = (
        "2024年工作总结和2025年工作计划\n"
        "一、2024年工作完成情况\n新增企业5家。\n"
        "二、存在的问题\n人才不足。\n"
        "三、2025年工作计划\n新增企业8家。\n"
        "四、保障措施\n培训10次。\n"
    )
    doc = parse_text(text).documents[0]
    assert [s.kind.value for s in doc.sections] == ["summary", "problems", "plan", "measures"]
    assert [(t.value, t.status.value, t.section_path) for t in doc.targets] == [
        (5, "actual", ["2024年工作完成情况"]),
        (8, "target", ["2025年工作计划"]),
        (10, "target", ["保障措施"]),
    ]


COLLECTIONS = [
    ("pian-suffix", "范文三篇\n来源:某某范文网\n计划 篇1\n一、甲\n正文。\n计划 篇2\n1、乙\n正文。", [3, 6], ["计划 篇1", "计划 篇2"]),
    ("pian-prefix", "第一篇:某镇2010年工作总结\n一、甲\n正文。\n第二篇:某镇2011年工作总结\n一、乙\n正文。", [1, 4],
     ["某镇2010年工作总结", "某镇2011年工作总结"]),
    ("single", "某局2025年工作计划\n一、甲\n正文。", [1], ["某局2025年工作计划"]),
    ("no-title", "前言:本站为你精心整理了范文\n2009年是关键的一年,全局上下团结一心。\n(一)甲\n正文。", [2], [""]),
    ("joined-by-restart", "某某通知\n一、甲\n正文。\n二、乙\n正文。\n三、丙\n正文。\n某省行动计划(2021-2023年)\n一、总体要求\n正文。",
     [1, 8], ["某某通知", "某省行动计划(2021-2023年)"]),
]


@pytest.mark.parametrize("text, lines, titles", [c[1:] for c in COLLECTIONS], ids=[c[0] for c in COLLECTIONS])
def test_documents(text, lines, titles):
    docs = parse_text(text).documents
    assert [d.line for d in docs] == lines
    assert [d.title for d in docs] == titles


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=3) | st.sampled_from(["第一章", "(二)", "３.", "٣、", "专栏2", "①", "壹、", "甲、"]))
def test_marker_first_character_filter_loses_no_marker(text):
    from plankit.parse.headings import MARKERS, _match_marker

    direct = next(((style, m.group()) for style, p in MARKERS if (m := p.match(text))), None)
    hit = _match_marker(text)
    assert ((hit[0], hit[1].group()) if hit else None) == direct


_RULE_PIECES = ["联系电话", "电话", "图", "表", "1", "-", "2", "来源", ":", "：", " ", "摄", "影", ")", "图为",
                "各位代表", "人民政府", "局", "2023", "年", "5", "月", "以下", "附件", "注", "标题", "\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_RULE_PIECES), max_size=12))
def test_line_rules_find_what_one_alternation_finds(pieces):
    """The never-a-heading rules, anchored ones matched at the start only,
    find a line as the plain search of all of them does."""
    import re

    from plankit.lexicon import load
    from plankit.parse.mask import LineRule

    s = "".join(pieces)
    for name in ("never", "plain_never"):
        patterns = load("sections")["headings"][name]
        plain = re.compile("|".join(f"(?:{p})" for p in patterns))
        assert LineRule(patterns).search(s) == bool(plain.search(s)), name

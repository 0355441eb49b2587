"""Structure on every genre: which lines start documents, what their titles
are, which lines are headings and at what depth (the guide's "Lines and
files" and "Headings"). Every case is an invented text; each asserts the
documents as (line, title) and the headings as (line, depth), depth counted
in the sections tree of its document, and that every line with a word
belongs to exactly one document."""

import pytest

from plankit import parse_text

from test_properties import check_result


def structure(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, int]]]:
    result = parse_text(text)
    check_result(result, text)
    headings: list[tuple[int, int]] = []

    def walk(sections, depth):
        for s in sections:
            headings.append((s.line, depth))
            walk(s.children, depth + 1)

    for doc in result.documents:
        walk(doc.sections, 1)
    return [(d.line, d.title) for d in result.documents], headings


BODY = "各单位要结合实际抓好落实,确保各项任务按期完成。"

# (id, text, documents, headings)
CASES = [
    # 1. letterhead, document numbers, website headers and front matter head a
    #    document without being its title
    (
        "letterhead-and-document-number",
        f"云溪市人民政府文件\n云政发〔2024〕7号\n云溪市2025年营商环境工作要点\n一、总体目标\n{BODY}\n二、重点任务\n{BODY}",
        [(3, "云溪市2025年营商环境工作要点")],
        [(4, 1), (6, 1)],
    ),
    (
        "two-offices-spaced-letterhead",
        f"云溪市发展改革委  文件\n云溪市财政局\n 云发改规〔2023〕15号 \n关于做好项目储备工作的通知\n一、储备范围\n{BODY}",
        [(4, "关于做好项目储备工作的通知")],
        [(5, 1)],
    ),
    (
        "document-number-in-parentheses",
        f"（云政办秘〔2022〕31号）\n云溪县农村供水提升实施方案\n一、工作目标\n{BODY}\n（一）到2025年\n{BODY}",
        [(2, "云溪县农村供水提升实施方案")],
        [(3, 1), (5, 2)],
    ),
    (
        "database-header",
        f"    【法宝引证码】 CLI.99.1234567\n原文链接：https://www.example.com/lar/abc.html\n云溪市智慧交通三年行动计划\n一、行动目标\n{BODY}",
        [(3, "云溪市智慧交通三年行动计划")],
        [(4, 1)],
    ),
    (
        "yaml-front-matter",
        f"---\ntitle: 云溪区远景规划\ndate: 2024-05-01\ntags: [规划]\n---\n\n# 云溪区2030年发展规划\n\n## 一、发展基础\n{BODY}\n### （一）产业基础\n{BODY}\n## 二、发展目标\n{BODY}",
        [(7, "云溪区2030年发展规划")],
        [(9, 1), (11, 2), (13, 1)],
    ),
    (
        "front-matter-then-no-title",
        f"---\ntitle: 云溪区规划\nauthor: 云溪区发展改革局\n---\n## 一、发展基础\n{BODY}\n## 二、发展目标\n{BODY}",
        [(5, "")],
        [(5, 1), (7, 1)],
    ),
    # 2. the title line is never a heading, in Markdown too
    (
        "markdown-title",
        f"# 云溪区2030年发展规划\n\n## 发展环境\n{BODY}\n\n## 主要任务\n\n1. 建设创新高地\n{BODY}\n\n1. 完善交通网络\n{BODY}",
        [(1, "云溪区2030年发展规划")],
        [(3, 1), (6, 1), (8, 2), (11, 2)],
    ),
    (
        "markdown-title-three-hashes",
        f"### 云溪镇重大建设计划\n\n#### 交通建设\n{BODY}\n#### 水利建设\n{BODY}",
        [(1, "云溪镇重大建设计划")],
        [(3, 1), (5, 1)],
    ),
    # 3. a covering notice is not a document: each attachment is one, from its
    #    own title line, and the notice's lines belong to the first
    (
        "notice-with-quoted-attachments",
        "云溪市人民政府办公室关于印发《云溪市数据开放办法》《云溪市算力设施建设方案》的通知\n"
        "云政办发〔2023〕4号\n各区人民政府,市政府各部门:\n"
        "《云溪市数据开放办法》《云溪市算力设施建设方案》已经市政府同意,现印发给你们,请认真贯彻执行。\n"
        "云溪市人民政府办公室\n2023年3月8日\n"
        f"云溪市数据开放办法\n一、适用范围\n{BODY}\n二、开放方式\n{BODY}\n"
        f"云溪市算力设施建设方案\n一、建设目标\n{BODY}\n（一）近期目标\n{BODY}",
        [(7, "云溪市数据开放办法"), (12, "云溪市算力设施建设方案")],
        [(8, 1), (10, 1), (13, 1), (15, 2)],
    ),
    (
        "notice-without-brackets-duplicated-title",
        "云溪省人民政府办公厅关于印发支持数字经济发展若干措施和云溪省数据要素行动计划(2024—2026年)的通知\n"
        "云溪省人民政府办公厅关于印发支持数字经济发展若干措施和云溪省数据要素行动计划（2024-2026年）的通知\n"
        "（云政办秘〔2024〕12号）\n各市人民政府,省政府各部门:\n现将上述文件印发给你们,请认真贯彻执行。\n"
        "云溪省人民政府办公厅\n2024年2月1日\n"
        f"支持数字经济发展若干措施\n一、支持平台建设\n{BODY}\n二、支持企业上云\n{BODY}\n"
        f"云溪省数据要素行动计划（2024-2026年）\n一、总体要求\n{BODY}",
        [(8, "支持数字经济发展若干措施"), (13, "云溪省数据要素行动计划(2024-2026年)")],
        [(9, 1), (11, 1), (14, 1)],
    ),
    (
        "notice-whose-attachment-has-no-title",
        f"云溪县教育局关于印发《云溪县课后服务实施方案》的通知\n各学校:\n现将方案印发给你们。\n一、服务对象\n{BODY}\n二、服务内容\n{BODY}",
        [(1, "云溪县教育局关于印发《云溪县课后服务实施方案》的通知")],
        [(4, 1), (6, 1)],
    ),
    # 4. a copy in another language after a separator line is a document
    (
        "copy-in-another-language",
        f"云溪社区2024年工作总结\n一、主要成绩\n{BODY}\n二、下一步打算\n{BODY}\n\n"
        "                                    云溪社区 张某、李某\n                                    2025-01-14\n\n"
        "==========================\n\n"
        "Yunxi Community Work Report 2024\n1. Main results\nThe community completed its tasks on time.\n"
        "2. Next steps\nThe community will go on with the tasks.",
        [(1, "云溪社区2024年工作总结"), (12, "Yunxi Community Work Report 2024")],
        [(2, 1), (4, 1), (13, 1), (15, 1)],
    ),
    (
        "separator-within-one-language-splits-nothing",
        f"云溪社区2024年工作计划\n一、目标\n{BODY}\n==========\n二、措施\n{BODY}",
        [(1, "云溪社区2024年工作计划")],
        [(2, 1), (5, 1)],
    ),
    # 5. lead-ins, signatures, dates, contacts, captions and addresses are not headings
    (
        "lead-in-with-a-count",
        f"云溪县政府工作报告\n各位代表:\n{BODY}\n一、2025年工作安排\n{BODY}\n今年重点做好六个方面工作。\n（一）稳定经济增长\n{BODY}\n（二）扩大有效投资\n{BODY}",
        [(1, "云溪县政府工作报告")],
        [(4, 1), (7, 2), (9, 2)],
    ),
    (
        "lead-in-with-yixia",
        f"云溪县政府工作报告\n一、2025年工作安排\n{BODY}\n今年重点抓好以下工作。\n（一）稳定经济增长\n{BODY}",
        [(1, "云溪县政府工作报告")],
        [(2, 1), (5, 2)],
    ),
    (
        "signature-date-contact",
        f"云溪镇2025年农业工作计划\n一、工作目标\n{BODY}\n二、保障措施\n{BODY}\n"
        "联系人:李某某\n联系电话:0123-4567890\n工作交流QQ群:123456789\n"
        "                                        云溪镇农业服务中心 张某、王某\n"
        "                                                    2024年12月20日",
        [(1, "云溪镇2025年农业工作计划")],
        [(2, 1), (4, 1)],
    ),
    (
        "signing-office-and-date",
        f"云溪县2025年科技工作要点\n一、创新平台\n{BODY}\n云溪县科学技术局\n2024年12月",
        [(1, "云溪县2025年科技工作要点")],
        [(2, 1)],
    ),
    (
        "captions",
        f"云溪市2025年文旅工作计划\n一、发展成效\n{BODY}\n图片来源:云溪日报\n{BODY}\n表格来源:云溪市统计局\n{BODY}\n图1 游客人数变化\n{BODY}",
        [(1, "云溪市2025年文旅工作计划")],
        [(2, 1)],
    ),
    (
        "photo-caption-and-credit",
        f"云溪市2025年城建工作计划\n一、建设成效\n{BODY}\n图为新建成的云溪大桥。\n{BODY}\n云溪日报记者 张某 摄\n{BODY}",
        [(1, "云溪市2025年城建工作计划")],
        [(2, 1)],
    ),
    (
        "speaker-address",
        f"政府工作报告\n一、过去一年的工作\n{BODY}\n各位代表!\n{BODY}\n二、今年的工作\n{BODY}",
        [(1, "政府工作报告")],
        [(2, 1), (6, 1)],
    ),
    # 6. a list restarting at 1. deeper in under a 1. item is a child list
    (
        "indented-child-list",
        "云溪开发组2024年工作总结\n1. 发布新版本\n    1. 支持新平台\n    2. 改进编辑器\n    3. 修复问题\n"
        f"{BODY}\n2. 扩大用户群\n{BODY}\n3. 完善文档\n{BODY}",
        [(1, "云溪开发组2024年工作总结")],
        [(2, 1), (3, 2), (4, 2), (5, 2), (7, 1), (9, 1)],
    ),
    (
        "restart-at-one-without-indent-stays-a-sibling",
        f"### 云溪区建设计划\n#### 交通\n1. 轨道一号线\n{BODY}\n1. 轨道二号线\n{BODY}",
        [(1, "云溪区建设计划")],
        [(2, 1), (3, 2), (5, 2)],
    ),
    (
        "titles-among-numbered-paragraphs",
        "云溪特区2025-26年度财政预算案\n"
        "1. 主席先生,我现在动议二读拨款条例草案。这是本届政府的第三份预算案,延续稳中求进的方针。\n"
        "2. 过去一年,本地经济稳步复苏。全年增长百分之三,失业率回落,各行业表现普遍好于预期。\n"
        "经济表现\n"
        "3. 去年访客人数回升,私人消费增长。对外贸易有所改善,整体经济的表现优于年初的预测。\n"
        "4. 展望今年,经济将继续增长。预计全年实质增长百分之二至三,通胀将维持在温和水平。\n"
        "公共财政\n"
        "5. 今年度的综合赤字预计为一百亿元。财政储备维持在稳健水平,足以应付未来的需要。",
        [(1, "云溪特区2025-26年度财政预算案")],
        [(2, 1), (3, 1), (4, 1), (5, 2), (6, 2), (7, 1), (8, 2)],
    ),
    (
        "plain-titles-under-a-numbered-title-stay-below",
        f"云溪省政府工作报告\n（一）聚焦绿色转型\n加强生态保护修复。\n{BODY}{BODY}\n深入打好污染防治攻坚战。\n{BODY}{BODY}\n（二）聚焦扩大内需\n{BODY}",
        [(1, "云溪省政府工作报告")],
        [(2, 1), (3, 2), (5, 2), (7, 1)],
    ),
    (
        "stray-marker-among-siblings",
        f"云溪社区工作计划\n{BODY}\n（一）健康服务\n{BODY}\n（二）平安建设\n{BODY}\n三、居民自治\n{BODY}\n（四）队伍建设\n{BODY}",
        [(1, "云溪社区工作计划")],
        [(3, 1), (5, 1), (7, 1), (9, 1)],
    ),
    # 7. web-page noise is never a heading; a Markdown heading without a marker is one
    (
        "web-noise",
        f"云溪区2025年工作计划\n来源:云溪区政府网\n导语:新的一年有新的目标。\n时间:2025-01-02\n一、工作目标\n{BODY}\n"
        f"二、工作措施\n{BODY}\n上一篇:云溪区2024年工作总结\n热门标签:工作计划 年度计划",
        [(1, "云溪区2025年工作计划")],
        [(5, 1), (7, 1)],
    ),
    (
        "web-noise-in-markdown",
        f"**来源:**云溪日报\n> 导语:这是一段导语。\n# 雲溪區發展計畫\n## 一、計畫目標\n{BODY}\n## 執行進度\n{BODY}\n- 上一篇:另一篇计划\n**热门标签:**规划",
        [(3, "云溪区发展计划")],
        [(4, 1), (6, 1)],
    ),
    (
        "markdown-bold-headings",
        f"**云溪区2030年发展规划**\n\n**一、发展基础**\n{BODY}\n\n**加强组织领导**\n{BODY}\n\n**二、发展目标**\n{BODY}",
        [(1, "云溪区2030年发展规划")],
        [(3, 1), (6, 2), (9, 1)],
    ),
    (
        "html-page",
        "<html><head><style>\np.a { margin: 0 }\n</style>\n<script>\nvar n = 12; document.title = \"工作计划\";\n</script></head>\n"
        f"<h1>云溪区2025年工作计划</h1>\n<h4>各位代表:</h4>\n<h5>一、工作目标</h5>\n<p>{BODY}</p>\n<p>(一)稳增长。{BODY}</p>",
        [(7, "云溪区2025年工作计划")],
        [(9, 1), (11, 2)],
    ),
    (
        "breadcrumb",
        f"当前位置:首页 > 政务公开 > 规划计划\n云溪区2025年工作计划\n一、工作目标\n{BODY}",
        [(2, "云溪区2025年工作计划")],
        [(3, 1)],
    ),
]


@pytest.mark.parametrize("text, documents, headings", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_structure(text, documents, headings):
    assert structure(text) == (documents, headings)

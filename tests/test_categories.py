"""Category of a target, one case per row and boundary of the annotation
guide's "Categories" section (sentences written for these tests)."""

import pytest

from plankit import parse_text
from plankit.lexicon import load
from plankit.models import CATEGORY_LABELS, Category


def _category(sentence: str, text: str) -> str:
    doc = parse_text("一、主要目标\n" + sentence).documents[0]
    found = [t for t in doc.targets if t.text == text]
    assert found, [t.text for t in doc.targets]
    return found[0].category.value


CASES = [
    # each row of the guide
    ("patent", "全年新增发明专利授权120件。", "120件"),
    ("award", "获得省科学技术奖3项。", "3项"),
    ("talent", "引进高层次人才25名。", "25名"),
    ("training", "开展科普活动40场次。", "40场次"),
    ("training", "举办职业技能培训班12期,培训农民工3000人次。", "3000人次"),
    ("enterprise", "新增规上企业18家。", "18家"),
    ("platform", "建成省级重点实验室4个。", "4个"),
    ("project", "实施重点项目60个。", "60个"),
    ("funding", "安排科技经费1200万元。", "1200万元"),
    ("employment", "城镇新增就业8000人以上。", "8000人以上"),
    ("economy", "地区生产总值增长6.5%左右。", "6.5%左右"),
    ("social", "城镇居民人均可支配收入增长7%。", "7%"),
    ("infrastructure", "新改建农村公路120公里。", "120公里"),
    ("environment", "空气质量优良天数比例达到90%。", "达到90%"),
    ("energy", "单位地区生产总值能耗下降3%。", "3%"),
    ("agriculture", "建设高标准农田5万亩。", "5万亩"),
    ("other", "政务服务事项网上可办率达到95%。", "达到95%"),
    # the head of the counted noun phrase, not any word before it
    ("enterprise", "培育15家数字化转型成效显著的企业。", "15家"),
    ("project", "申报专利技术项目3-5个。", "3-5个"),
    ("training", "培训人员3000人次。", "3000人次"),
    # single characters are no evidence: 一站式, 电子商务
    ("other", "推行一站式服务窗口12个。", "12个"),
    ("economy", "电子商务交易额增长20%。", "20%"),
    # funding is what the actor spends; economy is an aggregate
    ("funding", "完成城市建设投资55.9亿元。", "55.9亿元"),
    ("economy", "全社会固定资产投资增长10%。", "10%"),
    # a share or growth rate takes the category of what it measures
    ("funding", "研发投入增长15%。", "15%"),
    ("economy", "高新技术产业增加值占比达到30%。", "达到30%"),
    ("environment", "森林覆盖率达到45%。", "达到45%"),
    # money spent on a subject is funding; what it builds takes the subject's category
    ("funding", "安排教育资金50亿元。", "50亿元"),
    ("social", "新建学校20所。", "20所"),
    # people: beneficiaries, workers placed, trainees, staff
    ("social", "帮助6000名贫困人口脱贫。", "6000名"),
    ("employment", "转移农村劳动力就业1.2万人。", "1.2万人"),
    ("training", "面向3000名技术人员开展数字化培训。", "3000名"),
    ("talent", "招聘全科医生120名。", "120名"),
    # standards paid to people are social; a subsidy into a scheme is funding
    ("social", "城乡低保标准每人每月提高50元。", "50元"),
    ("funding", "居民医保人均财政补助标准增加30元。", "30元"),
    # aggregates: tax and fee cuts, debt, prices
    ("economy", "全年减税降费2000亿元。", "2000亿元"),
    ("economy", "居民消费价格涨幅3%左右。", "3%左右"),
    # a subsidy rate is funding
    ("funding", "按设备购置额的20%给予奖补。", "20%"),
    # money without a subject word: a spending verb says funding
    ("funding", "向上争取资金2600多万元。", "2600多万元"),
    # a measure is never money: 补助面积 measures land
    ("agriculture", "种植小麦补助面积50公顷。", "50公顷"),
]


@pytest.mark.parametrize(("category", "sentence", "text"), CASES, ids=[f"{c[0]}-{c[2]}-{k}" for k, c in enumerate(CASES)])
def test_category(category, sentence, text):
    assert _category(sentence, text) == category


def test_the_sixteen_categories_in_the_guides_order():
    assert [c.value for c in Category] == [
        "patent", "award", "talent", "training", "enterprise", "platform", "project", "funding",
        "employment", "economy", "social", "infrastructure", "environment", "energy", "agriculture", "other"]
    assert set(CATEGORY_LABELS) == {c.value for c in Category}
    assert Category.funding.label == "资金" and Category.environment.label == "生态环境"


def test_no_single_character_is_evidence():
    words = load("categories")["words"]
    single = [w for ws in words.values() for w in ws if len(w) < 2]
    assert single == []


def test_no_word_names_two_categories():
    words = load("categories")["words"]
    seen: dict[str, str] = {}
    for cat, ws in words.items():
        for w in ws:
            assert seen.setdefault(w, cat) == cat, (w, seen[w], cat)

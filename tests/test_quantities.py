"""Table-driven tests for plankit.extract.quantities.find_quantities.

Expectations follow the "Numeric targets" part of the annotation guide
(/work/shared/gold/GUIDE.md). The example sentences are written for these
tests. Where plankit disagrees with the guide, the case is a strict xfail so
that a fix shows up as an XPASS.

find_quantities reads the NORMALISED analysis view (simplified script,
half-width digits). Traditional and full-width inputs go through
``plankit.parse_text`` instead (see ORIGINAL_SCRIPT below).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plankit import parse_text
from plankit.extract.quantities import Quantity, find_quantities

D = Decimal


def find(view: str) -> list[Quantity]:
    return find_quantities(view)


def _xfail(*values, reason: str, id: str):
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=reason), id=id)


def case(view, text, value, value_max, unit, kind, qualifier, *, id):
    return pytest.param(view, text, value, value_max, unit, kind, qualifier, id=id)


def xcase(view, text, value, value_max, unit, kind, qualifier, *, id, reason):
    return _xfail(view, text, value, value_max, unit, kind, qualifier, id=id, reason=reason)


FIELDS = ("view", "text", "value", "value_max", "unit", "kind", "qualifier")


def check_single(view, text, value, value_max, unit, kind, qualifier):
    found = find(view)
    assert [view[q.start:q.end] for q in found] == [text]
    q = found[0]
    assert isinstance(q.value, Decimal)
    assert q.value == D(value)
    assert q.value_max == (None if value_max is None else D(value_max))
    assert q.unit == unit
    assert q.kind == kind
    assert q.qualifier == qualifier


def test_default_arguments():
    """find_quantities(view) with default start/end equals the explicit full range."""
    view = "今年争取专项资金70万元。"
    assert find_quantities(view) == find_quantities(view, start=0, end=len(view))
    assert [(q.value, q.unit) for q in find_quantities(view)] == [(D(700000), "元")]


# --------------------------------------------------------------------------- numeral forms

NUMERAL_FORMS = [
    case("粮食总产量达两万吨。", "达两万吨", 20000, None, "吨", "measure", "exact", id="liang-wan-dun"),
    case("培训农技人员三千人次。", "三千人次", 3000, None, "人次", "count", "exact", id="san-qian-ren-ci"),
    case("计划总投资十二亿三千万元。", "十二亿三千万元", 1230000000, None, "元", "money", "exact",
         id="shi-er-yi-san-qian-wan-yuan"),
    case("项目总投资二十五点六亿元。", "二十五点六亿元", 2560000000, None, "元", "money", "exact",
         id="er-shi-wu-dian-liu-yi-yuan"),
    case("争取上级资金一亿五千万元。", "一亿五千万元", 150000000, None, "元", "money", "exact",
         id="yi-yi-wu-qian-wan-yuan"),
    case("新认定十家科技型企业。", "十家", 10, None, "家", "count", "exact", id="shi-jia"),
    case("新建十五个服务站点。", "十五个", 15, None, "个", "count", "exact", id="shi-wu-ge"),
    case("扶持一百零五家企业。", "一百零五家", 105, None, "家", "count", "exact", id="yi-bai-ling-wu-jia"),
    case("安排经费二千万元。", "二千万元", 20000000, None, "元", "money", "exact", id="er-qian-wan-yuan"),
    case("奖励资金3万4000元。", "3万4000元", 34000, None, "元", "money", "exact", id="mixed-3wan4000"),
    case("研发投入1,200万元。", "1,200万元", 12000000, None, "元", "money", "exact", id="comma-wan-yuan"),
    case("研发投入25.6亿元。", "25.6亿元", 2560000000, None, "元", "money", "exact", id="decimal-yi-yuan"),
    case("全县常住人口42.1万。", "42.1万", 421000, None, "", "count", "exact", id="no-unit-wan"),
]


@pytest.mark.parametrize(FIELDS, NUMERAL_FORMS)
def test_numeral_forms(view, text, value, value_max, unit, kind, qualifier):
    check_single(view, text, value, value_max, unit, kind, qualifier)


# --------------------------------------------------------------------------- money

MONEY = [
    case("今年争取专项资金70万元。", "70万元", 700000, None, "元", "money", "exact", id="70wan-yuan"),
    case("全年投入研发经费25.6亿元。", "25.6亿元", 2560000000, None, "元", "money", "exact", id="25.6yi-yuan"),
    case("争取上级资金2600多万元。", "2600多万元", 26000000, None, "元", "money", "over", id="2600duo-wan-yuan"),
    case("实现技术出口5000美元。", "5000美元", 5000, None, "美元", "money", "exact", id="5000-meiyuan"),
    case("全市科技经费支出13.16亿元。", "13.16亿元", 1316000000, None, "元", "money", "exact",
         id="13.16yi-yuan"),
    case("县财政每年安排200万元。", "200万元", 2000000, None, "元", "money", "exact", id="meinian-200wan-yuan"),
    case("专项资金不少于300万元。", "不少于300万元", 3000000, None, "元", "money", "at_least",
         id="bushaoyu-300wan-yuan"),
    case("每户补助2-3万元。", "2-3万元", 20000, 30000, "元", "money", "range", id="range-2-3wan-yuan"),
    case("计划投资1.5-2亿元。", "1.5-2亿元", 150000000, 200000000, "元", "money", "range",
         id="range-1.5-2yi-yuan"),
]


@pytest.mark.parametrize(FIELDS, MONEY)
def test_money(view, text, value, value_max, unit, kind, qualifier):
    check_single(view, text, value, value_max, unit, kind, qualifier)


def test_money_value_is_exact_integer():
    """13.16亿元 is 1316000000 exactly, printed without a fraction or exponent."""
    (q,) = find("全市科技经费支出13.16亿元。")
    assert q.value == D(1316000000)
    assert str(q.value) == "1316000000"


# --------------------------------------------------------------------------- counts

COUNTS = [
    case("全年申请专利400件。", "400件", 400, None, "件", "count", "exact", id="400jian"),
    case("培育7家企业上市。", "7家", 7, None, "家", "count", "exact", id="7jia-before-noun"),
    case("实施12个工业项目。", "12个", 12, None, "个", "count", "exact", id="12ge-before-noun"),
    case("开展执法检查20多批次。", "20多批次", 20, None, "批次", "count", "over", id="20duo-pici"),
    case("培训农民3000人次。", "3000人次", 3000, None, "人次", "count", "exact", id="3000renci"),
    case("组织现场观摩两次以上。", "两次以上", 2, None, "次", "count", "at_least", id="liang-ci-yishang"),
    case("新增规上企业60余家。", "60余家", 60, None, "家", "count", "over", id="60yu-jia"),
    case("引进高层次人才1人。", "1人", 1, None, "人", "count", "exact", id="1ren"),
    case("建成两个工业园区。", "两个", 2, None, "个", "count", "exact", id="liang-ge-before-noun"),
]


@pytest.mark.parametrize(FIELDS, COUNTS)
def test_counts(view, text, value, value_max, unit, kind, qualifier):
    check_single(view, text, value, value_max, unit, kind, qualifier)


# --------------------------------------------------------------------------- ranges

RANGES = [
    case("扶持2-3家龙头企业。", "2-3家", 2, 3, "家", "count", "range", id="hyphen"),
    case("建设1—2家研发中心。", "1—2家", 1, 2, "家", "count", "range", id="em-dash"),
    case("引进5~6家企业。", "5~6家", 5, 6, "家", "count", "range", id="tilde"),
    case("建成两到三个示范基地。", "两到三个", 2, 3, "个", "count", "range", id="liang-dao-san"),
    case("培育两三家骨干企业。", "两三家", 2, 3, "家", "count", "range", id="liang-san-adjacent"),
    case("建设3至5个示范点。", "3至5个", 3, 5, "个", "count", "range", id="zhi"),
    case("增长10%-15%。", "10%-15%", 10, 15, "%", "percent", "range", id="percent-both-ends"),
    case("增长10-15%。", "10-15%", 10, 15, "%", "percent", "range", id="percent-one-end"),
    case("每村补助2万-3万元。", "2万-3万元", 20000, 30000, "元", "money", "range", id="wan-both-ends"),
]


@pytest.mark.parametrize(FIELDS, RANGES)
def test_ranges(view, text, value, value_max, unit, kind, qualifier):
    check_single(view, text, value, value_max, unit, kind, qualifier)


# --------------------------------------------------------------------------- percentages

PERCENTAGES = [
    case("销售收入增幅51.13%。", "51.13%", D("51.13"), None, "%", "percent", "exact", id="zengfu-51.13"),
    case("贡献率达到12.22%。", "达到12.22%", D("12.22"), None, "%", "percent", "exact", id="12.22"),
    case("研发投入占比提高2个百分点。", "2个百分点", 2, None, "百分点", "percent", "exact", id="2-ge-baifendian"),
    case("科技进步贡献率增长百分之十五。", "百分之十五", 15, None, "%", "percent", "exact", id="baifenzhi-shiwu"),
    case("占比达到百分之二十以上。", "达到百分之二十以上", 20, None, "%", "percent", "at_least",
         id="baifenzhi-ershi-yishang"),
    case("高新产业产值增长1.8倍。", "1.8倍", D("1.8"), None, "倍", "percent", "exact", id="1.8bei"),
    case("万元产值能耗下降1.8%。", "1.8%", D("1.8"), None, "%", "percent", "exact", id="1.8-percent"),
]


@pytest.mark.parametrize(FIELDS, PERCENTAGES)
def test_percentages(view, text, value, value_max, unit, kind, qualifier):
    check_single(view, text, value, value_max, unit, kind, qualifier)


# --------------------------------------------------------------------------- physical measures

MEASURES = [
    case("粮食产量两万吨。", "两万吨", 20000, None, "吨", "measure", "exact", id="liang-wan-dun"),
    case("推广优质水稻20000亩。", "20000亩", 20000, None, "亩", "measure", "exact", id="20000mu"),
    case("全年节电800万kwh。", "800万kwh", 8000000, None, "kwh", "measure", "exact", id="800wan-kwh"),
    case("新建标准厂房15000平方米。", "15000平方米", 15000, None, "平方米", "measure", "exact",
         id="15000-pingfangmi"),
    case("减少碳排放1.2278万吨。", "1.2278万吨", 12278, None, "吨", "measure", "exact", id="1.2278wan-dun"),
    case("收购茶叶750公斤。", "750公斤", 750, None, "公斤", "measure", "exact", id="750gongjin"),
    case("示范面积10,000亩。", "10,000亩", 10000, None, "亩", "measure", "exact", id="comma-mu"),
]


@pytest.mark.parametrize(FIELDS, MEASURES)
def test_measures(view, text, value, value_max, unit, kind, qualifier):
    check_single(view, text, value, value_max, unit, kind, qualifier)


# --------------------------------------------------------------------------- qualifiers

QUALIFIER_FIELDS = ("word", "view", "text", "value", "unit", "qualifier")


def qcase(word, view, text, value, unit, qualifier, *, id):
    return pytest.param(word, view, text, value, unit, qualifier, id=id)


def xqcase(word, view, text, value, unit, qualifier, *, id, reason):
    return _xfail(word, view, text, value, unit, qualifier, id=id, reason=reason)


QUALIFIERS = [
    # at_least
    qcase("以上", "新增高新技术企业10家以上。", "10家以上", 10, "家", "at_least", id="after-yishang"),
    qcase("及以上", "培育省级平台3个及以上。", "3个及以上", 3, "个", "at_least", id="after-jiyishang"),
    qcase("不少于", "专项资金不少于300万元。", "不少于300万元", 3000000, "元", "at_least", id="before-bushaoyu"),
    qcase("不低于", "研发投入增幅不低于15%。", "不低于15%", 15, "%", "at_least", id="before-budiyu"),
    qcase("至少", "每个乡镇至少5家示范户。", "至少5家", 5, "家", "at_least", id="before-zhishao"),
    # more_than
    qcase("超过", "技术合同成交额超过200万元。", "超过200万元", 2000000, "元", "more_than", id="before-chaoguo"),
    qcase("逾", "企业研发投入逾500万元。", "逾500万元", 5000000, "元", "more_than", id="before-yu"),
    qcase("突破", "高新产业产值突破10亿元。", "突破10亿元", 1000000000, "元", "more_than", id="before-tupo"),
    qcase("突破", "高新产业产值突破十亿元。", "突破十亿元", 1000000000, "元", "more_than",
          id="before-tupo-chinese-numeral"),
    qcase("超", "全年销售收入超100万元。", "超100万元", 1000000, "元", "more_than", id="before-chao"),
    qcase("多于", "入驻企业多于5家。", "多于5家", 5, "家", "more_than", id="before-duoyu"),
    qcase("高于", "增速高于10%。", "高于10%", 10, "%", "more_than", id="before-gaoyu"),
    # at_most
    qcase("以下", "单个地块面积10亩以下。", "10亩以下", 10, "亩", "at_most", id="after-yixia"),
    qcase("不超过", "单项补助不超过50万元。", "不超过50万元", 500000, "元", "at_most", id="before-buchaoguo"),
    qcase("以内", "误差控制在5%以内。", "控制在5%以内", 5, "%", "at_most", id="after-yinei"),
    qcase("最高", "单个项目补助最高20万元。", "最高20万元", 200000, "元", "at_most", id="before-zuigao"),
    qcase("为上限", "每个项目以100万元为上限。", "100万元为上限", 1000000, "元", "at_most", id="after-weishangxian"),
    # about
    qcase("左右", "财政科技支出增长15%左右。", "15%左右", 15, "%", "about", id="after-zuoyou"),
    qcase("约", "约500人参加培训。", "约500人", 500, "人", "about", id="before-yue"),
    qcase("近", "吸引近300家企业参展。", "近300家", 300, "家", "about", id="before-jin"),
    qcase("上下", "增速保持在10%上下。", "10%上下", 10, "%", "about", id="after-shangxia"),
    # over
    qcase("多", "新增孵化企业20多家。", "20多家", 20, "家", "over", id="between-duo"),
    qcase("余", "新增孵化企业20余家。", "20余家", 20, "家", "over", id="between-yu"),
    # exact
    qcase("达", "全年技工贸总收入达5亿元。", "达5亿元", 500000000, "元", "exact", id="before-da"),
    qcase("达到", "全年技工贸总收入达到5亿元。", "达到5亿元", 500000000, "元", "exact", id="before-dadao"),
    qcase("仅", "当年仅3家企业通过认定。", "仅3家", 3, "家", "exact", id="before-jin-only"),
    qcase("共", "当年共5个项目通过验收。", "共5个", 5, "个", "exact", id="before-gong"),
    qcase("控制在", "入驻企业数量控制在10家。", "控制在10家", 10, "家", "exact", id="before-kongzhizai"),
    # words that are not next to a known form
    qcase("逾", "研发经费逾千万元。", "逾千万元", 10000000, "元", "more_than", id="before-yu-bare-qianwan"),
    qcase("近", "吸引近百家企业参展。", "近百家", 100, "家", "about", id="before-jin-bare-bai"),
]


@pytest.mark.parametrize(QUALIFIER_FIELDS, QUALIFIERS)
def test_qualifiers(word, view, text, value, unit, qualifier):
    found = find(view)
    assert [view[q.start:q.end] for q in found] == [text]
    q = found[0]
    matched = view[q.start:q.end]
    assert word in matched, "the qualifier word is part of the quantity's text"
    assert q.value == D(value)
    assert q.unit == unit
    assert q.qualifier == qualifier


# --------------------------------------------------------------------------- lists

LIST_FIELDS = ("view", "expected")

LISTS = [
    pytest.param("产值和利润分别增长7%和8%左右。",
                 [("7%", 7, "%", "about"), ("8%左右", 8, "%", "about")], id="shared-zuoyou"),
    pytest.param("产值、利润、税收分别增长7%、8%和9%以上。",
                 [("7%", 7, "%", "at_least"), ("8%", 8, "%", "at_least"), ("9%以上", 9, "%", "at_least")],
                 id="shared-yishang-three-items"),
    pytest.param("孵化器和众创空间分别新增3家和5家左右。",
                 [("3家", 3, "家", "about"), ("5家左右", 5, "家", "about")], id="shared-zuoyou-counts"),
    pytest.param("引进企业5家,建成孵化器3家左右。",
                 [("5家", 5, "家", "exact"), ("3家左右", 3, "家", "about")], id="separate-clauses-not-shared"),
    pytest.param("新增专利20件、企业5家以上。",
                 [("20件", 20, "件", "exact"), ("5家以上", 5, "家", "at_least")], id="different-units-not-shared"),
    pytest.param("全市新增企业5家,投入资金70万元。",
                 [("5家", 5, "家", "exact"), ("70万元", 700000, "元", "exact")], id="two-quantities"),
]


@pytest.mark.parametrize(LIST_FIELDS, LISTS)
def test_lists(view, expected):
    found = find(view)
    got = [(view[q.start:q.end], q.value, q.unit, q.qualifier) for q in found]
    assert got == [(t, D(v), u, ql) for t, v, u, ql in expected]


# --------------------------------------------------------------------------- exclusions

EXCLUSIONS = [
    # dates, times, durations
    pytest.param("2013年全市科技工作取得新进展。", id="year"),
    pytest.param("20xx年科技工作计划。", id="year-placeholder"),
    pytest.param("XX年新增企业若干。", id="year-placeholder-XX"),
    pytest.param("**年重点抓好工业项目。", id="year-placeholder-stars"),
    pytest.param("到20××年基本建成。", id="year-placeholder-times-sign"),
    pytest.param("8月下旬召开推进会。", id="month-part"),
    pytest.param("1—10月份完成规上工业产值。", id="month-range"),
    pytest.param("3月31日前完成申报。", id="month-day"),
    pytest.param("发布时间 08:47:42。", id="clock-time"),
    pytest.param("开展为期三年的专项行动。", id="duration-weiqi"),
    pytest.param("对入选项目连续支持三年。", id="duration-lianxu"),
    pytest.param("近3年来累计投入持续增长。", id="duration-jin-nian-lai"),
    # ordinals, ranks, labels
    pytest.param("举办第二届科技创新大赛。", id="ordinal-di"),
    pytest.param("荣获市科技进步三等奖。", id="rank-dengjiang"),
    pytest.param("一是加强组织领导。", id="label-yishi"),
    # names, codes, slogans, set phrases
    pytest.param("认真学习贯彻十七大精神。", id="name-shiqida"),
    pytest.param("十八大以来科技投入稳步增长。", id="name-shibada"),
    pytest.param("深入贯彻五届六次全会精神。", id="name-quanhui"),
    pytest.param("深入实施一五五三工程。", id="code-yiwuwusan"),
    pytest.param("开展三进三入活动。", id="slogan-sanjin-sanru"),
    pytest.param("落实六个一工作要求。", id="slogan-liugeyi"),
    pytest.param("对安全生产实行一票否决。", id="phrase-yipiaofoujue"),
    pytest.param("起到四两拔千斤的作用。", id="phrase-siliang"),
    pytest.param("坚持两手抓两手都要硬。", id="phrase-liangshouzhua"),
    pytest.param("引进SM205型检测设备。", id="code-latin-digits"),
    pytest.param("执行SAEJ441标准。", id="code-standard"),
    pytest.param("组织3·15宣传活动。", id="code-dot-date"),
    pytest.param("根据宿区发[2012]37号文件精神。", id="document-number"),
    pytest.param("实施2662工程。", id="code-2662"),
    # words that only look numeric
    pytest.param("培育一批创新型企业。", id="word-yipi"),
    pytest.param("出台一系列扶持政策。", id="word-yixilie"),
    pytest.param("领导十分重视科技工作。", id="word-shifen"),
    pytest.param("科技服务取得一定成效。", id="word-yiding"),
    pytest.param("一年来全体干部扎实工作。", id="word-yinianlai"),
    pytest.param("科技人员深入生产一线。", id="word-yixian"),
    pytest.param("让科技成果走进千家万户。", id="word-qianjia-wanhu"),
    pytest.param("进一步统一思想认识。", id="word-tongyi"),
    # specs, versions, furniture, scores, phone numbers
    pytest.param("新建220千伏变电站。", id="voltage-in-name"),
    pytest.param("系统升级到0.8.4版本。", id="version"),
    pytest.param("本文阅读2.17W次。", id="page-views"),
    pytest.param("组织领导(25分)", id="score-weight"),
    pytest.param("咨询电话0551-1234567。", id="phone"),
]


@pytest.mark.parametrize("view", EXCLUSIONS)
def test_exclusions(view):
    assert [view[q.start:q.end] for q in find(view)] == []


EXCLUSION_NEXT_TO_QUANTITY = [
    pytest.param("2013年全市新增企业5家。", "5家", id="year-then-count"),
    pytest.param("第二届大赛吸引300家企业参加。", "300家", id="ordinal-then-count"),
    pytest.param("3月31日前完成投资70万元。", "70万元", id="date-then-money"),
    pytest.param("培育一批企业,新增专利20件。", "20件", id="yipi-then-count"),
    pytest.param("十七大以来新增专利400件。", "400件", id="name-then-count"),
]


@pytest.mark.parametrize(("view", "text"), EXCLUSION_NEXT_TO_QUANTITY)
def test_exclusion_keeps_neighbour(view, text):
    assert [view[q.start:q.end] for q in find(view)] == [text]


# --------------------------------------------------------------------------- end of text

END_OF_TEXT = [
    case("科技进步贡献率增长百分之十五", "百分之十五", 15, None, "%", "percent", "exact",
          id="baifenzhi-at-end"),
    case("全县常住人口42.1万", "42.1万", 421000, None, "", "count", "exact",
          id="wan-no-unit-at-end"),
    case("新增高新技术企业5家", "5家", 5, None, "家", "count", "exact", id="unit-at-end"),
]


@pytest.mark.parametrize(FIELDS, END_OF_TEXT)
def test_end_of_text(view, text, value, value_max, unit, kind, qualifier):
    check_single(view, text, value, value_max, unit, kind, qualifier)


# --------------------------------------------------------------------------- original script

ORIGINAL_FIELDS = ("source", "text", "value", "value_max", "unit", "kind", "qualifier", "line")

ORIGINAL_SCRIPT = [
    pytest.param("計劃投資十二億三千萬元。", "十二億三千萬元", 1230000000, None, "元", "money", "exact", 1,
                 id="traditional-shi-er-yi-san-qian-wan"),
    pytest.param("技術合同成交額超過200萬(wàn)元。", "超過200萬(wàn)元", 2000000, None, "元", "money", "more_than", 1,
                 id="traditional-with-pinyin"),
    pytest.param("新增高新技術企業５家。", "５家", 5, None, "家", "count", "exact", 1, id="full-width-digit"),
    pytest.param("研發投入２５．６億元。", "２５．６億元", 2560000000, None, "元", "money", "exact", 1,
                 id="full-width-decimal"),
    pytest.param("研發投入１，２００萬元。", "１，２００萬元", 12000000, None, "元", "money", "exact", 1,
                 id="full-width-comma"),
    pytest.param("研發投入增長１２％。", "１２％", 12, None, "%", "percent", "exact", 1, id="full-width-percent"),
    pytest.param("專項資金不少於300萬元。", "不少於300萬元", 3000000, None, "元", "money", "at_least", 1,
                 id="traditional-bushaoyu"),
    pytest.param("扶持２－３家企業。", "２－３家", 2, 3, "家", "count", "range", 1, id="full-width-range"),
    pytest.param("一、工作目標\n計劃投資十二億三千萬元。", "十二億三千萬元", 1230000000, None, "元", "money", "exact",
                 2, id="second-line"),
]


@pytest.mark.parametrize(ORIGINAL_FIELDS, ORIGINAL_SCRIPT)
def test_original_script(source, text, value, value_max, unit, kind, qualifier, line):
    result = parse_text(source)
    targets = [t for d in result.documents for t in d.targets]
    assert [t.text for t in targets] == [text]
    t = targets[0]
    assert source[t.span[0]:t.span[1]] == text
    assert t.value == D(value)
    assert t.value_max == (None if value_max is None else D(value_max))
    assert t.unit == unit
    assert t.kind.value == kind
    assert t.qualifier.value == qualifier
    assert t.line == line


def test_json_value_is_exact():
    """13.16亿元 serialises as the integer 1316000000, not a float."""
    result = parse_text("全市科技经费支出13.16亿元。")
    (t,) = [t for d in result.documents for t in d.targets]
    assert '"value":1316000000,' in t.model_dump_json()


@pytest.mark.parametrize(
    "view, text, kind",
    [
        pytest.param("区政府每年投入近100万的资金举办展览。", "近100万", "money", id="money-words-after"),
        pytest.param("每年安排科技创新资金500万,用于奖励。", "500万", "money", id="money-words-before"),
        pytest.param("全区常住人口42.1万,流动人口20多万。", "42.1万", "count", id="people-stay-a-count"),
    ],
)
def test_amount_without_yuan(view, text, kind):
    [q, *_] = find_quantities(view)
    assert (view[q.start : q.end], q.kind, q.unit) == (text, kind, "")


@pytest.mark.parametrize(
    "text, found, value, unit",
    [
        pytest.param("經費新臺幣5,000仟元。", "5,000仟元", 5000000, "元", id="taiwan-qian-yuan"),
        pytest.param("投入港幣3億港元。", "3億港元", 300000000, "港元", id="hk-dollars"),
        pytest.param("路線全長約 1800 公尺。", "約 1800 公尺", 1800, "公尺", id="taiwan-metres"),
        pytest.param("辦理講習10梯次。", "10梯次", 10, "梯次", id="taiwan-batches"),
    ],
)
def test_taiwan_and_hong_kong_forms(text, found, value, unit):
    from plankit import parse_text

    [t] = [t for d in parse_text(text).documents for t in d.targets]
    assert (t.text, t.value, t.unit) == (found, D(value), unit)
    assert text[t.span[0] : t.span[1]] == found


# --------------------------------------------------------------------------- issue 12: quantities of other genres

GENRE_QUANTITIES = [
    case("人均预期寿命达到78.3岁。", "达到78.3岁", "78.3", None, "岁", "measure", "exact", id="age-years"),
    case("儿童身高达到120厘米。", "达到120厘米", "120", None, "厘米", "measure", "exact", id="centimetres"),
    case("每份样品含量5克。", "5克", "5", None, "克", "measure", "exact", id="grams"),
    case("土壤有机质20克/千克。", "20克/千克", "20", None, "克/千克", "measure", "exact", id="grams-per-kilogram"),
    case("发行纪念币3枚。", "3枚", "3", None, "枚", "count", "exact", id="mei"),
    case("补助标准提高2档。", "2档", "2", None, "档", "count", "exact", id="dang"),
    case("家庭带宽提升到100兆。", "100兆", "100", None, "兆", "measure", "exact", id="bandwidth-zhao"),
    case("建设15公里二级道路。", "15公里", "15", None, "公里", "measure", "exact", id="followed-by-numeral-grade"),
    case("补助100,001元至150,000元。", "100,001元至150,000元", "100001", "150000", "元", "money", "range",
         id="range-with-units-and-separators"),
    case("投资2万元到3万元。", "2万元到3万元", "20000", "30000", "元", "money", "range", id="range-dao-with-units"),
]


@pytest.mark.parametrize(FIELDS, GENRE_QUANTITIES)
def test_genre_quantities(view, text, value, value_max, unit, kind, qualifier):
    check_single(view, text, value, value_max, unit, kind, qualifier)


GENRE_EXCLUSIONS = [
    pytest.param("整改工作持续近8个月。", id="duration-months"),
    pytest.param("3个工作日内办结。", id="duration-working-days"),
    pytest.param("建立三张清单。", id="set-phrase-lists"),
    pytest.param("按照分三步走的安排推进。", id="set-phrase-steps"),
    pytest.param("为辖区65岁以上老人体检。", id="age-class"),
    pytest.param("考评分值=日常监测（60%）+实地调研（20%）+民意调查（20%）", id="formula-weights-in-brackets"),
    pytest.param("实施六个一工程。", id="slogan-numeral-after-unit"),
]


@pytest.mark.parametrize("view", GENRE_EXCLUSIONS)
def test_genre_exclusions(view):
    assert [view[q.start:q.end] for q in find(view)] == []


# LibreOffice's PDFs put a space between a number and the Chinese after it
SPACED = [
    case("发表论文20 余篇。", "20 余篇", "20", None, "篇", "count", "over", id="space-before-yu"),
    case("投资2400 余万元。", "2400 余万元", "24000000", None, "元", "money", "over", id="space-before-yu-multiplier"),
    case("培训5000 多人次。", "5000 多人次", "5000", None, "人次", "count", "over", id="space-before-duo"),
    case("完成192.3 亿元。", "192.3 亿元", "19230000000", None, "元", "money", "exact", id="space-before-multiplier"),
]


@pytest.mark.parametrize(FIELDS, SPACED)
def test_a_space_before_the_chinese_after_a_number(view, text, value, value_max, unit, kind, qualifier):
    check_single(view, text, value, value_max, unit, kind, qualifier)


# ------------------------------------------------ the runs a quantity can start


def _hinted_runs_by_flags(view: str, start: int, stop: int) -> list[tuple[int, int]]:
    """The reference for ``_number_runs``: every maximal run, kept when a
    character in it or after it could follow a number, or 百分之 stands before it."""
    import re

    from plankit.extract import quantities as Q

    follow = set(Q._cn_followers()) | {w[0] for w in Q._tables()[3]} | set("%‰仟")
    inside = "".join(sorted(follow & set(Q._RUN_CHARS)))
    chars = re.escape(Q._RUN_CHARS)
    runs = re.compile(
        rf"[{re.escape(Q._RUN_START)}](?:[{chars}]*?(?P<inside>[{re.escape(inside)}]))?[{chars}]*"
        rf"(?:(?=(?P<after>[{re.escape(''.join(sorted(follow)))}\d]))|)"
    )
    return [r.span() for r in runs.finditer(view, start, stop)
            if r.lastindex is not None or view.endswith("百分之", 0, r.start())]


_RUN_PIECES = list("0123456789.,点零〇一二两三四五六七八九十百千万亿") + ["百分之", "年", "元", "家", "%", " ", "是", "统", "\n", "a", "之"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_RUN_PIECES), max_size=40), st.integers(0, 60), st.integers(0, 60))
def test_number_runs_are_the_runs_a_quantity_can_start(pieces, a, b):
    from plankit.extract.quantities import _number_runs

    view = "".join(pieces)
    start, stop = sorted((min(a, len(view)), min(b, len(view))))
    found = [r.span() for r in _number_runs().finditer(view, start, stop)]
    assert found == _hinted_runs_by_flags(view, start, stop)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("“”\"「」『』\n两个轮子5家")), max_size=40), st.integers(0, 60), st.integers(0, 60))
def test_short_quotes_are_the_regex_matches(pieces, a, b):
    from plankit.extract.quantities import _SHORT_QUOTE, _short_quotes

    view = "".join(pieces)
    start, stop = sorted((min(a, len(view)), min(b, len(view))))
    assert _short_quotes(view, start, stop) == [m.span() for m in _SHORT_QUOTE.finditer(view, start, stop)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text("一两三批手.", min_size=1, max_size=4), min_size=1, max_size=12),
       st.text("一两三批手.x", max_size=40))
def test_searched_alternation_matches_as_alternation(words, text):
    """The same matches in a search and, followed by more pattern, the same
    backtracking order (``(?:…)x``), as the plain alternation."""
    import re

    from plankit.text import alternation, searched_alternation

    for tail in ("", "x", "手?x"):
        plain, grouped = re.compile(f"(?:{alternation(words)}){tail}"), re.compile(f"(?:{searched_alternation(words)}){tail}")
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(st.text("0123456789", min_size=1, max_size=30), st.text("0000123456789", min_size=1, max_size=16),
       st.sampled_from(["", "万", "亿", "千万", "万亿", "仟"]), st.sampled_from(["", "家", "成", "万吨", "元"]))
def test_decimal_fraction_amounts_are_the_general_reading(whole, fraction, mult, unit):
    """25.6亿 in integer arithmetic: the Decimal (exponent included) that
    reading the number, multiplying it out, checking it against the data
    contract and dropping its trailing zeros gives."""
    from plankit.extract.quantities import _UNIT_SCALE, _amount, _tidy
    from plankit.numerals import MULTIPLIERS, representable, to_decimal

    raw = f"{whole}.{fraction}"
    try:
        value = to_decimal(raw) * MULTIPLIERS.get(mult, 1)
    except ValueError:  # too long a numeral
        expected = None
    else:
        if unit in _UNIT_SCALE:
            value *= _UNIT_SCALE[unit]  # (a second step: rounded apart when too many digits for the context)
        expected = (_tidy(value), None) if representable(value) else None
    assert repr(_amount(raw, mult, None, "", unit)) == repr(expected)

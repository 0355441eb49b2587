"""The data contract: what plankit returns, in one place.

Every model is frozen and forbids unknown fields. Values are exact
:class:`~decimal.Decimal` numbers in Python and plain JSON numbers in JSON
(``13.16亿元`` is ``1316000000``, never ``1316000000.0000002``).
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

if TYPE_CHECKING:
    from typing_extensions import Self


def _json_number(value: Decimal) -> Union[int, float]:
    """An exact Decimal as a JSON number: an int when integral, else the
    shortest float, whose text is the decimal itself for up to 15 digits."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


ExactNumber = Annotated[
    Decimal,
    PlainSerializer(_json_number, return_type=Union[int, float], when_used="json"),
]

Span = tuple[int, int]


class SectionKind(str, Enum):
    summary = "summary"
    plan = "plan"
    problems = "problems"
    measures = "measures"
    other = "other"


class Kind(str, Enum):
    money = "money"
    count = "count"
    percent = "percent"
    measure = "measure"


class Qualifier(str, Enum):
    exact = "exact"
    at_least = "at_least"
    more_than = "more_than"
    at_most = "at_most"
    about = "about"
    over = "over"
    range = "range"


class Status(str, Enum):
    actual = "actual"
    target = "target"


class Category(str, Enum):
    """What a target counts or measures: the 16 rows of the annotation guide,
    in its order (the first row that fits wins)."""

    patent = "patent"
    award = "award"
    talent = "talent"
    training = "training"
    enterprise = "enterprise"
    platform = "platform"
    project = "project"
    funding = "funding"
    employment = "employment"
    economy = "economy"
    social = "social"
    infrastructure = "infrastructure"
    environment = "environment"
    energy = "energy"
    agriculture = "agriculture"
    other = "other"

    @property
    def label(self) -> str:
        """The Chinese name people read beside the value: ``funding`` -> 资金."""
        return CATEGORY_LABELS[self.value]


#: Chinese labels of the categories, for the table view and the review page
CATEGORY_LABELS = {
    "patent": "专利", "award": "奖励", "talent": "人才", "training": "培训宣传", "enterprise": "企业",
    "platform": "平台", "project": "项目", "funding": "资金", "employment": "就业", "economy": "经济",
    "social": "民生", "infrastructure": "基础设施", "environment": "生态环境", "energy": "能源",
    "agriculture": "农业", "other": "其他",
}


class _Model(BaseModel):
    # schemas are built on first use: a run that never touches Comparison or
    # Link (or validates nothing) does not pay for them at start-up
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    @classmethod
    def trusted(cls, values: dict[str, Any]) -> Self:
        """A model from values that already have their declared types, every
        field given: what ``model_construct`` does for this case (no aliases,
        defaults, extras or private attributes to resolve), without its
        per-field loop. The pipeline builds thousands of targets a second.

        ``values`` becomes the model's own state: pass a fresh dict (a dict
        display is built faster than keyword arguments are gathered)."""
        m = _new(cls)
        _set_dict(m, values)
        _set_fields_set(m, set(values))
        _set_extra(m, None)
        _set_private(m, None)
        return m


#: the setters of the slots BaseModel keeps a model's state in, called
#: straight (object.__setattr__ looks each one up first), and the plain
#: object allocation BaseModel inherits
_new = object.__new__
_set_dict, _set_fields_set, _set_extra, _set_private = (
    BaseModel.__dict__[name].__set__
    for name in ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
)


class Target(_Model):
    """One numeric quantity a plan reports or aims for."""

    text: str = Field(description="the quantity verbatim from the original text, qualifier and unit included")
    value: ExactNumber = Field(description="the number in base units (70万元 -> 700000); for a range its low end; "
                               "at most 26 digits before the point and 12 after")
    value_max: Optional[ExactNumber] = Field(None, description="the high end of a range, else null")
    unit: str = Field(description="unit after multiplying out: 元, 美元, a measure word, %, 百分点, 亩 ...; empty if none")
    kind: Kind
    qualifier: Qualifier
    status: Status
    category: Category = Field(description="what is counted: one of the 16 categories of the annotation guide")
    metric: str = Field(description="short name of what is measured")
    period: Optional[str] = Field(None, description="the year or period the quantity refers to, when stated")
    line: int = Field(description="1-based line in the original text")
    span: Span = Field(description="[start, end) character offsets in the original decoded text")
    section_path: list[str] = Field(default_factory=list, description="titles from the document down to the section")
    page: Optional[int] = Field(None, description="1-based page of the source (PDF, OFD), when it has pages")


class Section(_Model):
    """A heading and the sections nested under it."""

    marker: str = Field(description="the numbering as written, e.g. 一、 (一) 1. ①; empty for an unnumbered title")
    title: str
    level: int = Field(description="depth in the document's tree, 1 = top")
    line: int
    span: Span = Field(description="offsets of the heading (marker and title) in the original text")
    kind: SectionKind
    children: list["Section"] = Field(default_factory=list)
    page: Optional[int] = Field(None, description="1-based page of the source, when it has pages")


class Document(_Model):
    """One document; a file may hold several (a collection)."""

    title: str
    line: int
    span: Span = Field(description="offsets of the whole document in the original text")
    sections: list[Section] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)


class ParseResult(_Model):
    """Everything plankit found in one input."""

    source: str = Field(description="path of the input, or <stdin>/<text>")
    encoding: str = Field(description="encoding the bytes were decoded with")
    documents: list[Document] = Field(default_factory=list)


# ------------------------------------------------------------------ compare


class Outcome(str, Enum):
    """What a later report says of a plan's target."""

    met = "met"
    missed = "missed"
    not_reported = "not_reported"  # no figure for that item in year N
    unclear = "unclear"  # a figure for the same item in another measure or stage


class Link(_Model):
    """One target of a plan and the result a later report gives for it."""

    plan: Target = Field(description="the plan's target for year N")
    report: Optional[Target] = Field(None, description="the report's figure for the same item in year N, if any")
    outcome: Outcome
    gap: Optional[ExactNumber] = Field(None, description="report value minus plan value, in base units")
    ratio: Optional[ExactNumber] = Field(None, description="report value over plan value, to 4 places")
    similarity: float = Field(description="how close the two metrics are, 0 to 1 (what chose the link)")
    reason: str = Field(description="why this outcome, in a few words")


class Comparison(_Model):
    """A plan's targets for one year, each linked to what a later report says."""

    plan: str = Field(description="source of the plan")
    report: str = Field(description="source of the report")
    year: int = Field(description="the year N the plan's targets and the report's results are for")
    year_basis: str = Field(description="where year N came from")
    links: list[Link] = Field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Links per outcome: met, missed, unclear, not_reported."""
        out = {o.value: 0 for o in Outcome}
        for link in self.links:
            out[link.outcome.value] += 1
        return out

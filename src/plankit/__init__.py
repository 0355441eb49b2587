"""plankit: Chinese work plans to a heading tree and exact numeric targets.

>>> from plankit import parse_text
>>> result = parse_text("一、工作情况\\n完成专利申请334件,增幅51.13%。")
>>> [(t.value, t.unit) for t in result.documents[0].targets]
[(Decimal('334'), '件'), (Decimal('51.13'), '%')]
"""

from plankit.comparison import compare
from plankit.errors import PlankitError
from plankit.models import (
    Category,
    Comparison,
    Document,
    Kind,
    Link,
    Outcome,
    ParseResult,
    Qualifier,
    Section,
    SectionKind,
    Status,
    Target,
)
from plankit.parse.normalize import NormalizeConfig
from plankit.pipeline import parse_bytes, parse_file, parse_text

__version__ = "0.1.0"

__all__ = [
    "Category",
    "Comparison",
    "Document",
    "Kind",
    "Link",
    "NormalizeConfig",
    "Outcome",
    "ParseResult",
    "PlankitError",
    "Qualifier",
    "Section",
    "SectionKind",
    "Status",
    "Target",
    "__version__",
    "compare",
    "parse_bytes",
    "parse_file",
    "parse_text",
]

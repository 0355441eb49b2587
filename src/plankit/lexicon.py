"""Language knowledge kept as data: loads ``plankit/data/*.toml`` once."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed ``data/NAME.toml``."""
    return tomllib.loads((DATA_DIR / f"{name}.toml").read_text(encoding="utf-8"))

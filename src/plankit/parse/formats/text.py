"""Plain text files: decoded as :mod:`plankit.parse.read` detects."""

from __future__ import annotations

from typing import Optional

from plankit.parse.formats import ExtractedText
from plankit.parse.read import decode_bytes


def text_of(data: bytes, name: str = "input", encoding: Optional[str] = None) -> ExtractedText:
    decoded = decode_bytes(data, encoding, name=name)
    return ExtractedText(decoded.text, decoded.encoding)

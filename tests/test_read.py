"""Table-driven tests for plankit.parse.read.decode_bytes.

Every case gives the raw bytes, the ``encoding=`` argument (None = detect) and
what must come back: the decoded text exactly (a BOM removed, ``\\r\\n`` kept)
and the encoding reported.
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plankit.errors import BinaryInput, DecodeFailed, PlankitError
from plankit.parse.read import Decoded, decode_bytes

SIMPLIFIED = "今年全县完成造林面积三千亩，新增高新技术企业12家。"
TRADITIONAL = "科技局工作總結，新增專利申請四百件。"
TRADITIONAL_2 = "農業局推動有機耕作，補助農民一千戶。"
MIXED_ASCII = "2025年工作计划: 新增5家, 增长12.5%."  # many ASCII bytes -> NULs in UTF-16
CRLF_TEXT = "一、主要目标\r\n力争新增企业5家。\r\n二、保障措施\r\n"
CRLF_TRAD = "一、計劃目標\r\n新增專利申請四百件。\r\n二、保障措施\r\n"


# --------------------------------------------------------------------------- decoded


DECODED = [
    # --- detection, no BOM
    pytest.param(SIMPLIFIED.encode("utf-8"), None, SIMPLIFIED, "utf-8", id="utf8-no-bom"),
    pytest.param(b"plan 2025: 5 items\n", None, "plan 2025: 5 items\n", "utf-8", id="plain-ascii-is-utf8"),
    pytest.param(SIMPLIFIED.encode("gb18030"), None, SIMPLIFIED, "gb18030", id="gb18030-simplified"),
    pytest.param("科技".encode("gb18030"), None, "科技", "gb18030", id="gb18030-two-chars"),
    pytest.param(TRADITIONAL.encode("big5"), None, TRADITIONAL, "big5", id="big5-traditional"),
    pytest.param(TRADITIONAL_2.encode("big5"), None, TRADITIONAL_2, "big5", id="big5-traditional-2"),
    # --- BOMs: removed from the text; a UTF-8 one reported as utf-8-sig, so that
    # decoding the file again with the reported encoding gives the same text
    pytest.param(codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), None, SIMPLIFIED, "utf-8-sig", id="utf8-bom"),
    pytest.param(codecs.BOM_UTF8, None, "", "utf-8-sig", id="utf8-bom-only"),
    pytest.param(codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), None, SIMPLIFIED, "utf-16", id="utf16le-bom"),
    pytest.param(codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), None, SIMPLIFIED, "utf-16", id="utf16be-bom"),
    pytest.param(
        codecs.BOM_UTF16_LE + MIXED_ASCII.encode("utf-16-le"), None, MIXED_ASCII, "utf-16",
        id="utf16le-bom-ascii-heavy-not-binary",
    ),
    pytest.param(
        codecs.BOM_UTF16_BE + MIXED_ASCII.encode("utf-16-be"), None, MIXED_ASCII, "utf-16",
        id="utf16be-bom-ascii-heavy-not-binary",
    ),
    pytest.param(codecs.BOM_UTF32_LE + SIMPLIFIED.encode("utf-32-le"), None, SIMPLIFIED, "utf-32", id="utf32le-bom"),
    # --- newlines are never translated: spans index this text
    pytest.param(CRLF_TEXT.encode("utf-8"), None, CRLF_TEXT, "utf-8", id="crlf-kept-utf8"),
    pytest.param(CRLF_TEXT.encode("gb18030"), None, CRLF_TEXT, "gb18030", id="crlf-kept-gb18030"),
    pytest.param(b"a\rb\nc\r\n", None, "a\rb\nc\r\n", "utf-8", id="lone-cr-kept"),
    # --- empty input is not an error
    pytest.param(b"", None, "", "utf-8", id="empty"),
    # --- explicit encoding= overrides detection
    pytest.param("科技".encode("gb18030"), "gbk", "科技", "gbk", id="override-gbk"),
    pytest.param(TRADITIONAL.encode("big5"), "big5", TRADITIONAL, "big5", id="override-big5"),
    pytest.param(SIMPLIFIED.encode("gb18030"), "gb18030", SIMPLIFIED, "gb18030", id="override-gb18030"),
    pytest.param("科技".encode("utf-8"), "latin-1", "科技".encode("utf-8").decode("latin-1"), "latin-1",
                 id="override-wins-over-detection"),
    pytest.param(codecs.BOM_UTF8 + "科技".encode("utf-8"), "utf-8", "科技", "utf-8-sig", id="override-utf8-strips-bom"),
    pytest.param(CRLF_TRAD.encode("big5"), "big5", CRLF_TRAD, "big5", id="override-crlf-kept"),
    pytest.param(CRLF_TRAD.encode("big5"), None, CRLF_TRAD, "big5", id="crlf-kept-big5"),
]


@pytest.mark.parametrize(("data", "encoding", "text", "reported"), DECODED)
def test_decode(data: bytes, encoding, text: str, reported: str) -> None:
    got = decode_bytes(data, encoding)
    assert isinstance(got, Decoded)
    assert got.text == text
    assert got.encoding == reported
    assert not got.text.startswith("\ufeff")


# --------------------------------------------------------------------------- errors

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"

ERRORS = [
    pytest.param(b"abc", "no-such-codec", DecodeFailed, "unknown encoding", id="unknown-encoding-name"),
    pytest.param("科技".encode("gb18030"), "no-such-codec", DecodeFailed, "unknown encoding",
                 id="unknown-encoding-name-chinese-bytes"),
    pytest.param("科技局工作计划".encode("utf-8"), "ascii", DecodeFailed, "ascii", id="wrong-encoding-ascii"),
    pytest.param("科技局工作计划".encode("gb18030"), "utf-8", DecodeFailed, "utf-8", id="wrong-encoding-utf8"),
    pytest.param("科技局工作计划".encode("utf-8"), "big5", DecodeFailed, "big5", id="wrong-encoding-big5"),
    pytest.param(b"abc \xff\xff def\n", None, DecodeFailed, "--encoding", id="undecodable-by-every-fallback"),
    pytest.param(b"plan\x00text", None, BinaryInput, "binary", id="nul-byte"),
    pytest.param(b"\x00" * 64, None, BinaryInput, "binary", id="all-nul"),
    pytest.param(PNG_HEADER, None, BinaryInput, "binary", id="png-header"),
    pytest.param(bytes(range(1, 9)) * 8, None, BinaryInput, "binary", id="control-bytes"),
]


@pytest.mark.parametrize(("data", "encoding", "error", "fragment"), ERRORS)
def test_decode_errors(data: bytes, encoding, error: type, fragment: str) -> None:
    with pytest.raises(error) as info:
        decode_bytes(data, encoding, name="plan.txt")
    assert isinstance(info.value, PlankitError)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message  # one line for the CLI


def test_error_message_names_the_input() -> None:
    with pytest.raises(DecodeFailed, match="plan.txt"):
        decode_bytes("科技".encode("utf-8"), "ascii", name="plan.txt")
    with pytest.raises(BinaryInput, match="plan.png"):
        decode_bytes(PNG_HEADER, name="plan.png")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_not_taken_for_binary(codec):
    text = "科技局工作总结，新增专利申请四百件，培训农民三千人次。" * 3
    decoded = decode_bytes(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, codec)


def test_file_cut_inside_its_last_character_still_decodes():
    data = "新增企业五家。".encode("utf-8")[:-1]
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8" and decoded.text == "新增企业五家\ufffd"


@pytest.mark.parametrize("bom, codec", [
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF32_LE, "utf-32-le"),
    (b"", "utf-8"), (b"", "gb18030"),
], ids=["utf8-bom", "utf16-bom", "utf32-bom", "utf8", "gb18030"])
def test_bom_file_spans_index_the_file_decoded_with_the_reported_encoding(tmp_path, bom, codec):
    """Regression (issue 15): a UTF-8 BOM file said utf-8 while its spans
    counted from after the BOM, so every span read back one character off."""
    from plankit import parse_file

    path = tmp_path / "plan.txt"
    path.write_bytes(bom + "一、目标\n力争新增企业5家,投资300万元。\n".encode(codec))
    result = parse_file(path)
    again = path.read_bytes().decode(result.encoding)
    targets = [t for d in result.documents for t in d.targets]
    assert [t.text for t in targets] == ["5家", "300万元"]
    for t in targets:
        assert again[t.span[0]:t.span[1]] == t.text


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=9000) | st.lists(st.sampled_from(b"ab\t\n\r\x01\x07\x1b\x0c\x7f\xe4"), max_size=400).map(bytes))
def test_looks_binary_counts_control_bytes_as_defined(data):
    """The one-pass count agrees with the rule read literally: a NUL, or
    more than 1 in 20 of the first 8 KB below 9 or between 14 and 31."""
    from plankit.parse.read import looks_binary

    head = data[:8192]
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    assert looks_binary(data) == (0 in head or controls > len(head) // 20 + 1)

"""Bytes to text: detect the encoding, decode, keep offsets exact.

The decoded text is what every ``span`` indexes: a BOM is removed, newlines
are left as they are (``\\r\\n`` stays two characters).
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Optional

from plankit.errors import BinaryInput, DecodeFailed, InputNotFound, InputTooLarge, InputUnreadable, NotAFile

#: Inputs larger than this are refused (a plan is rarely over 1 MB).
MAX_BYTES = 50 * 1024 * 1024

#: Encodings tried in order when none is given. GB18030 is a superset of GBK and
#: GB2312; Big5 comes last because GB18030 accepts almost any byte string.
FALLBACKS = ("utf-8", "gb18030", "big5")

_BOMS = (
    # "utf-8-sig", not "utf-8": decoding the file again with the reported
    # encoding must give the text that spans index (the BOM left out)
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def read_input(path: Path) -> bytes:
    """The bytes of a plan file, after checking it is a regular file of sane
    size. A FIFO, a device or a socket is refused without being opened for
    reading (opening a FIFO would wait for a writer)."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise InputNotFound(f"no such file: {path}") from None
    except OSError as exc:
        raise InputUnreadable(f"cannot read {path}: {exc.strerror or exc}") from None
    _regular_file(path, st.st_mode)
    _size_ok(path, st.st_size)
    try:
        # O_NONBLOCK: should the path have become a FIFO since, do not wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputUnreadable(f"cannot read {path}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as f:
        try:
            st = os.fstat(f.fileno())
            _regular_file(path, st.st_mode)
            data = f.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InputUnreadable(f"cannot read {path}: {exc.strerror or exc}") from None
    _size_ok(path, len(data))  # it grew since
    return data


def _regular_file(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise NotAFile(f"{path} is a directory, not a file; pass the files inside it")
    what = (
        "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    raise NotAFile(f"{path} is {what}, not a regular file; pass a plan file (or - with a pipe)")


def _size_ok(path: Path, size: int) -> None:
    if size > MAX_BYTES:
        raise InputTooLarge(
            f"{path} is {size / (1024 * 1024):.1f} MB ({size:,} bytes), over the "
            f"{MAX_BYTES // (1024 * 1024)} MB limit; split it"
        )


def read_stdin(stream: Optional[BinaryIO] = None, *, check: bool = True) -> bytes:
    """Standard input (or ``stream``), never more than ``MAX_BYTES + 1``
    bytes of it. With ``check``, more than ``MAX_BYTES`` is refused; without,
    the caller gets the ``MAX_BYTES + 1`` bytes and refuses them when it uses
    them."""
    if stream is None:
        import sys

        stream = sys.stdin.buffer
    data = stream.read(MAX_BYTES + 1)
    if check and len(data) > MAX_BYTES:
        raise InputTooLarge(f"standard input is over the {MAX_BYTES // (1024 * 1024)} MB limit; "
                            "split it or pass files")
    return data


def check_encoding(encoding: str) -> None:
    """Refuse an encoding name Python does not know, or one that is not a
    text encoding (base64, rot13)."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        info = None
    if info is None:
        raise DecodeFailed(f"unknown encoding {encoding!r}; try utf-8, gb18030 or big5")
    if not getattr(info, "_is_text_encoding", True):
        raise DecodeFailed(f"{encoding!r} is not a text encoding; try utf-8, gb18030 or big5")


#: a part of a container (a zip entry, a .docx's or an OFD's XML) that expands
#: more than this from its compressed size is a zip bomb: text compresses
#: about 3-15 fold
MAX_RATIO = 200


def check_zip_part(info, label: str, ratio: int = MAX_RATIO) -> None:
    """Refuse a zip member from its directory entry, before it is unpacked:
    over :data:`MAX_BYTES`, or expanding more than ``ratio`` fold. ``label``
    names it in the message ("x.docx: its text (word/document.xml)")."""
    if info.file_size > MAX_BYTES:
        raise InputTooLarge(f"{label} unpacks to {info.file_size / (1024 * 1024):.1f} MB, over the "
                            f"{MAX_BYTES // (1024 * 1024)} MB limit; skipped")
    if info.file_size > ratio * max(info.compress_size, 1):
        raise InputTooLarge(f"{label} expands {info.file_size // max(info.compress_size, 1)}-fold: "
                            "a zip bomb, not a plan; skipped")


#: every byte but the controls no text holds (tab, line breaks, form feed are text)
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the first 8 KB mean not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))  # one pass in C: the control bytes left
    return controls > len(head) // 20 + 1


def decode_bytes(data: bytes, encoding: str | None = None, name: str = "input") -> Decoded:
    """Decode ``data``; ``encoding`` overrides detection.

    >>> decode_bytes("科技".encode("gb18030")).encoding
    'gb18030'
    """
    if encoding:
        check_encoding(encoding)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DecodeFailed(
                f"cannot decode {name} as {encoding} (byte {exc.start}); check --encoding"
            ) from None
        if text.startswith("\ufeff"):
            sig = codecs.lookup(encoding).name == "utf-8"
            return Decoded(text[1:], "utf-8-sig" if sig else encoding)
        return Decoded(text, encoding)

    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
                return Decoded(text[1:] if text.startswith("\ufeff") else text, label)
            except UnicodeDecodeError:
                break

    if looks_binary(data):
        for codec in ("utf-16-le", "utf-16-be"):  # UTF-16 saved without a BOM
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _cjk_common_score(text) >= len(text[:20000]) // 4:
                return Decoded(text, codec)
        raise BinaryInput(f"{name} looks like a binary file, not text; pass a .txt file")

    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.end == len(data):
            # a file cut inside its last character: keep the text, mark the cut
            return Decoded(data[: exc.start].decode("utf-8") + "\ufffd", "utf-8")

    candidates = []
    for codec in FALLBACKS[1:]:
        try:
            candidates.append((codec, data.decode(codec)))
        except UnicodeDecodeError:
            continue
    if len(candidates) == 2:
        # Both decode: prefer the one that yields more common Han characters.
        gb, big5 = candidates[0][1], candidates[1][1]
        if _cjk_common_score(big5) > _cjk_common_score(gb):
            return Decoded(big5, "big5")
        return Decoded(gb, "gb18030")
    if candidates:
        codec, text = candidates[0]
        return Decoded(text, codec)
    guess = _guess_other_encoding(data)
    if guess:
        return guess
    raise DecodeFailed(f"cannot decode {name}: not UTF-8, GB18030 or Big5; pass --encoding")


def _guess_other_encoding(data: bytes) -> Decoded | None:
    """Last resort for what is not UTF-8, GB18030 or Big5 (UTF-16 without a
    BOM, Shift-JIS…): charset-normalizer's guess, when it is confident and
    the text is mostly CJK."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in ("ascii", "utf_8"):
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if _cjk_common_score(text) < len(text[:20000]) // 10:
        return None
    return Decoded(text, codecs.lookup(best.encoding).name)


# The most frequent characters of Chinese official writing, in both scripts:
# the right decoding of a plan is full of them, a wrong one rarely.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
    "的們這國為個來時說對會於經過後麼學見還發現們進實業區機當從點與關間樣動體種長開問員員應兩義產從無處頭車電話點幾"
)


def _cjk_common_score(text: str) -> int:
    sample = text[:20000]
    return sum(1 for c in sample if c in _COMMON) - 5 * sum(
        1 for c in sample if "\ue000" <= c <= "\uf8ff"
    )

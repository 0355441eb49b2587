"""Build PDF files for the tests and benchmarks.

* :func:`chromium_pdf` prints a web page with headless Chromium, as people
  print plans from a browser: :func:`text_html` lays a plain text out as an
  official document (A4, indented paragraphs, justified, a running header and
  ``— N —`` page numbers in the page margins, CSS ``@page`` margin boxes);
* :func:`minimal_pdf` writes a small PDF by hand (Helvetica, Latin text) for
  the bad inputs: an encrypted file, a page tree of thousands of pages, a
  stream that inflates a thousand-fold;
* :func:`scanned_pdf` turns pages into images without a text layer, as a
  scanner would (pypdfium2 renders, Pillow writes the PDF).
"""

from __future__ import annotations

import hashlib
import html
import os
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path
from typing import Optional

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FONTS = "'Noto Serif CJK SC', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'WenQuanYi Zen Hei', SimSun, serif"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "false", "0", "no")


def require_chromium() -> None:
    """Skip without Chromium on a developer's machine; fail in CI."""
    import pytest

    if not CHROMIUM:
        message = "building test PDFs needs headless Chromium (bash scripts/install-test-browser.sh)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


def page_css(header: Optional[str] = None, numbers: bool = True, size: str = "12pt") -> str:
    boxes = ""
    if header:
        boxes += f'@top-center {{ content: "{header}"; font-family: {FONTS}; font-size: 9pt; }}'
    if numbers:
        boxes += f'@bottom-center {{ content: "— " counter(page) " —"; font-family: {FONTS}; font-size: 10pt; }}'
    return (f"@page {{ size: A4; margin: 25mm 22mm; {boxes} }}\n"
            f"body {{ font-family: {FONTS}; font-size: {size}; line-height: 1.6; }}\n"
            "p { text-indent: 2em; margin: 0; text-align: justify; }\n"
            "h1 { font-size: 18pt; text-align: center; font-weight: normal; margin: 0 0 12pt; }\n"
            ".cols { columns: 2; column-gap: 2em; }\n"
            "table { border-collapse: collapse; margin: 6pt 0; } td { border: 1px solid #000; padding: 2px 6px; }")


def html_page(body: str, *, header: Optional[str] = None, numbers: bool = True) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{page_css(header, numbers)}</style>"
            f"</head><body>{body}</body></html>")


def text_html(text: str, *, header: Optional[str] = None, numbers: bool = True) -> str:
    """A plain text as a printed document: each non-blank line a paragraph."""
    lines = [line.strip() for line in text.splitlines()]
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    return html_page(body, header=header, numbers=numbers)


def chromium_pdf(page: str, timeout: float = 180) -> bytes:
    """Print an HTML page to PDF with headless Chromium."""
    with tempfile.TemporaryDirectory(prefix="plankit-pdf-") as folder:
        source = Path(folder) / "page.html"
        source.write_text(page, encoding="utf-8")
        out = Path(folder) / "page.pdf"
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", f"--user-data-dir={folder}/profile",
                        f"--print-to-pdf={out}", source.as_uri()],
                       check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return out.read_bytes()


# ------------------------------------------------------------ hand-written


def _pdf(objects: list[bytes], root: int, trailer_extra: bytes = b"") -> bytes:
    """A PDF file from its numbered objects (1-based) with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer_extra, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def minimal_pdf(pages: list[str], *, encrypted: bool = False, repeat: int = 1, bomb: int = 0) -> bytes:
    """A small PDF with one line of Latin text a page. ``encrypted``: it asks
    for a user password; ``repeat``: the page tree lists the pages that many
    times (a page-count bomb in a few kilobytes); ``bomb``: the first page's
    content stream also holds that many bytes of spaces, deflated twice."""
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for i, text in enumerate(pages):
        content = b"BT /F1 24 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")
        if bomb and i == 0:
            stream = _stream(zlib.compress(zlib.compress(content + b" " * bomb, 9), 9),
                             b"/Filter [/FlateDecode /FlateDecode]")
        else:
            stream = _stream(content)
        objects.append(stream)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (len(objects)))
        kids.append(len(objects))
    refs = b" ".join(b"%d 0 R" % k for k in kids) * 1
    refs = b" ".join([refs] * repeat)
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids) * repeat)
    trailer = b""
    if encrypted:
        # the standard security handler, revision 2: U checks the user
        # password; this one is not the empty password, so a reader must ask
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <%s> /U <%s> >>" % (
            hashlib.sha256(b"owner").hexdigest().encode(), hashlib.sha256(b"user").hexdigest().encode()))
        trailer = b"/Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), b"ab" * 16, b"ab" * 16)
    return _pdf(objects, 1, trailer)


def scanned_pdf(pdf: bytes, pages: Optional[list[int]] = None, scale: float = 2.0) -> bytes:
    """The given pages of ``pdf`` (all by default) as images only: no text layer."""
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    images = []
    for number in pages if pages is not None else range(len(document)):
        page = document[number]
        images.append(page.render(scale=scale, grayscale=True).to_pil().convert("L"))
        page.close()
    document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=72 * scale, save_all=True, append_images=images[1:])
    return out.getvalue()


def image_pdf(width: int, height: int, pixels: bytes = b"\xff" * 16) -> bytes:
    """One A4 page that only shows a grey image of ``width`` x ``height``
    pixels (``pixels`` deflated as its data: a few bytes make an image bomb)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        _stream(zlib.compress(pixels), b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode" % (width, height)),
    ]
    return _pdf(objects, 1)

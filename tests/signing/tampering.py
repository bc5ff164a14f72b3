"""Ways to tamper with a sealed PDF, shared by the signing, web and command-line tests.

Each builds on the real sealed bytes: pyHanko's incremental writer for a changed title, byte edits
for everything else.
"""

from __future__ import annotations

import io
import re

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter


def signature_span(pdf: bytes) -> tuple[int, int]:
    """Return where the hex digits of the signature value start and where the value's DER ends."""
    match = re.search(rb"/Contents <([0-9a-fA-F]+)>", pdf)
    digits = match.group(1).rstrip(b"0")
    return match.start(1), match.start(1) + len(digits)


def changed_title(pdf: bytes, title: str = "Bewilligt") -> bytes:
    """Append an incremental update that only changes the document information's /Title."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    info = writer.trailer["/Info"]
    info["/Title"] = generic.TextStringObject(title)
    writer.mark_update(writer.trailer.raw_get("/Info"))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def replaced_digit(pdf: bytes, position: int) -> bytes:
    """Replace the hex digit at ``position`` by another one."""
    tampered = bytearray(pdf)
    tampered[position] = ord("0") if tampered[position] != ord("0") else ord("7")
    return bytes(tampered)


def unparsable_signature(pdf: bytes) -> bytes:
    """Break the outer tag of the CMS signature value, so that it no longer parses."""
    start, _ = signature_span(pdf)
    return pdf[:start] + b"ff" + pdf[start + 2:]


def wrong_byte_range(pdf: bytes) -> bytes:
    """Shift the second range of /ByteRange by one byte, keeping the file's length and layout."""
    match = re.search(rb"/ByteRange \[\s*(\d+) (\d+) (\d+) (\d+)", pdf)
    start = match.group(3)
    shifted = str(int(start) - 1).encode().rjust(len(start))
    return pdf[:match.start(3)] + shifted + pdf[match.end(3):]


def broken_xref(pdf: bytes) -> bytes:
    """Damage every cross-reference keyword."""
    return pdf.replace(b"startxref", b"startxraf")

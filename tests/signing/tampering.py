"""Ways to tamper with a sealed PDF, shared by the signing, web and command-line tests.

Each builds on the real sealed bytes: pyHanko's incremental writer for a changed title, byte edits
for everything else.
"""

from __future__ import annotations

import io
import re

from asn1crypto import cms
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


def flipped_stream_byte(pdf: bytes) -> bytes:
    """Flip one bit inside the data of the first stream (a content stream), within the signed
    bytes, keeping the file's length and layout."""
    position = re.search(rb"\bstream\r?\n", pdf).end() + 5
    assert position < signature_span(pdf)[0], "the first stream lies outside the signed bytes"
    tampered = bytearray(pdf)
    tampered[position] ^= 0x01
    return bytes(tampered)


def flipped_signature_value(pdf: bytes) -> bytes:
    """Change one hex digit inside the SignerInfo's signature value (the CMS still parses)."""
    match = re.search(rb"/Contents <([0-9a-fA-F]+)>", pdf)
    start, der = match.start(1), bytes.fromhex(match.group(1).decode("ascii"))
    signed_data = cms.ContentInfo.load(der)["content"]
    value = signed_data["signer_infos"][0]["signature"].contents
    offset = der.rindex(value)
    return replaced_digit(pdf, start + 2 * (offset + len(value) // 2))


def added_page_content(pdf: bytes, text: bytes = b"Bewilligt") -> bytes:
    """Append an incremental update that draws text on the first page (not what a seal permits)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    forged = generic.StreamObject(stream_data=b"BT 100 100 Td (" + text + b") Tj ET")
    writer.add_stream_to_page(0, writer.add_object(forged))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()

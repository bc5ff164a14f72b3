"""Read back the text a receipt PDF shows, string by string, with pyHanko's reader.

Each `Tj` string is one laid-out line of a cell; it is decoded through its font's ToUnicode map,
so a label that was broken across lines shows up as two strings.
"""

from __future__ import annotations

import io
import re

from pyhanko.pdf_utils.reader import PdfFileReader

TOKEN = re.compile(rb"/(?P<font>[^\s/]+) [\d.]+ Tf|\((?P<text>(?:\\.|[^\\)])*)\) Tj", re.S)
BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>")
ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def shown_strings(pdf: bytes) -> list[str]:
    """Return every string drawn on every page, in drawing order."""
    reader = PdfFileReader(io.BytesIO(pdf))
    strings = []
    for page in reader.root["/Pages"]["/Kids"]:
        page = page.get_object()
        maps = {str(name)[1:]: _unicode_map(font.get_object())
                for name, font in page["/Resources"]["/Font"].items()}
        font = None
        for match in TOKEN.finditer(_content(page)):
            if match.group("font"):
                font = match.group("font").decode()
            else:
                strings.append("".join(maps[font].get(code, chr(code))
                                       for code in _unescape(match.group("text"))))
    return strings


def _content(page) -> bytes:
    contents = page["/Contents"]
    parts = contents if isinstance(contents, list) else [contents]
    return b"\n".join(part.get_object().data for part in parts)


def _unicode_map(font) -> dict[int, str]:
    # Targets are UTF-16BE, as the PDF standard has it (and pdftotext reads them).
    cmap = font["/ToUnicode"].get_object().data
    chars = cmap[cmap.index(b"beginbfchar"):cmap.index(b"endbfchar")]
    return {int(code, 16): bytes.fromhex(char.decode()).decode("utf-16-be")
            for code, char in BFCHAR.findall(chars)}


def _unescape(raw: bytes) -> bytes:
    def replace(match: re.Match) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8)])
        return ESCAPES.get(escaped, escaped)

    return ESCAPE.sub(replace, raw)

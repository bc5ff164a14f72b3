"""The receipt's TrueType fonts and how any text is set in them: NFC, a fallback, a placeholder.

A receipt must show what the resident typed. The text is NFC-normalised; a character the main
font lacks is set in the fallback font (mathematical letters such as 𝔘); one that neither has
(most emoji) becomes a visible "�", and the document is told so it can say where the original is.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

from common.i18n import _

from .exceptions import SigningError

DEBIAN_FONTS = Path("/usr/share/fonts/truetype/dejavu")
PLACEHOLDER = "\N{REPLACEMENT CHARACTER}"
PACKAGES = {"DejaVuMathTeXGyre.ttf": "fonts-dejavu-extra"}
"""The Debian package of a default font file, where it is not fonts-dejavu-core."""


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """Return a subset's ToUnicode CMap with UTF-16BE targets, as the PDF standard asks.

    reportlab writes every target as four hex digits, so "𝔘" (U+1D518) would copy and search
    as another character; surrogate pairs keep it.
    """
    chars = "\n".join(f"<{code:02X}> <{chr(v).encode('utf-16-be', 'surrogatepass').hex().upper()}>"
                      for code, v in enumerate(subset))
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        chars, "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end",
        "end"])


# reportlab looks the function up in its module when it writes a font: ours is a superset.
ttfonts.makeToUnicodeCMap = to_unicode_cmap


@dataclass(frozen=True)
class ReceiptFonts:
    """The font files a receipt is set in (defaults: DejaVu from Debian's fonts-dejavu-*)."""

    regular: Path = DEBIAN_FONTS / "DejaVuSans.ttf"
    bold: Path = DEBIAN_FONTS / "DejaVuSans-Bold.ttf"
    fallback: Path | None = DEBIAN_FONTS / "DejaVuMathTeXGyre.ttf"
    """For characters the other two lack; None: those become the placeholder."""


@dataclass(frozen=True)
class Face:
    """One registered font: its reportlab name and the characters it has."""

    name: str
    chars: frozenset[int]


@dataclass(frozen=True)
class Faces:
    """The registered fonts of one ReceiptFonts."""

    regular: Face
    bold: Face
    fallback: Face | None


@functools.cache
def faces_of(fonts: ReceiptFonts) -> Faces:
    """Register the fonts with reportlab (once per set) and return them; SigningError if a
    file is missing or no TrueType font."""
    regular, bold = _register(fonts.regular), _register(fonts.bold)
    fallback = _register(fonts.fallback) if fonts.fallback is not None else None
    pdfmetrics.registerFontFamily(regular.name, normal=regular.name, bold=bold.name,
                                  italic=regular.name, boldItalic=bold.name)
    return Faces(regular, bold, fallback)


def _register(path: Path) -> Face:
    path = Path(path)
    if not path.is_file():
        package = PACKAGES.get(path.name, "fonts-dejavu-core")
        raise SigningError(_("Die Schriftdatei für Quittungen fehlt: %(path)s. Unter Debian "
                             "installiert sie „apt-get install %(package)s“ (oder „make "
                             "system-deps“); eine andere nennen SIGNING_PDF_FONT, "
                             "SIGNING_PDF_FONT_BOLD und SIGNING_PDF_FONT_FALLBACK.",
                             path=path, package=package))
    name = "Receipt-" + hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
        chars = frozenset(TTFontFile(str(path)).charToGlyph)
    except Exception as exc:  # reportlab raises TTFError and others for a file it cannot use
        raise SigningError(_("Die Schriftdatei %(path)s ist keine nutzbare TrueType-Schrift: "
                             "%(error)s", path=path, error=exc)) from exc
    return Face(name, chars)


def runs(text: str, face: Face, faces: Faces) -> list[tuple[Face, str]]:
    """Split NFC text into runs of one font each; characters no font has become PLACEHOLDER."""
    found: list[tuple[Face, str]] = []
    for char in unicodedata.normalize("NFC", str(text)):
        chosen = face if char in "\r\n" else next(
            (f for f in (face, faces.regular, faces.fallback) if f and ord(char) in f.chars), None)
        if chosen is None:
            chosen, char = face, PLACEHOLDER
        if found and found[-1][0] is chosen:
            found[-1] = (chosen, found[-1][1] + char)
        else:
            found.append((chosen, char))
    return found


def markup(text: str, face: Face, faces: Faces) -> str:
    """Return Paragraph markup for plain text: escaped, line breaks kept, fallback runs tagged."""
    parts = []
    for used, part in runs(text, face, faces):
        shown = escape(part).replace("\r\n", "\n").replace("\n", "<br/>")
        parts.append(shown if used is face else f'<font name="{used.name}">{shown}</font>')
    return "".join(parts)


def plain(text: str, face: Face, faces: Faces) -> str:
    """Return text for drawing in one font: NFC, every character it lacks as PLACEHOLDER."""
    return "".join(part if used is face else PLACEHOLDER * len(part)
                   for used, part in runs(text, face, faces))


def lacks_any(texts: list[str], faces: Faces) -> bool:
    """Tell whether some character of the texts is in none of the fonts."""
    chars = {ord(c) for t in texts for c in unicodedata.normalize("NFC", str(t))} - {10, 13}
    have = faces.regular.chars | (faces.fallback.chars if faces.fallback else frozenset())
    return not chars <= have

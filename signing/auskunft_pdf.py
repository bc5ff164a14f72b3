"""Render a data-protection Auskunft (Art. 15 DSGVO) to PDF: an overview, then chapters.

Plain data in, PDF bytes out, in the house style of the case archive (same fonts, page frame,
chapters of entries); the web app gathers the resident's data and writes every text. Only the
page header differs: it names the document, not a case reference.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import SimpleDocTemplate

from common.i18n import SOURCE_LANGUAGE

from . import receipt_texts as texts
from .archive_pdf import ArchiveChapter, _story
from .receipt_fonts import Faces, ReceiptFonts, faces_of, plain
from .receipt_pdf import MARGIN, PAGE_TOTAL_FORM, _fit, _PageTotalCanvas


@dataclass(frozen=True)
class AuskunftDocument:
    """Everything an Auskunft prints; all texts are plain text, never markup."""

    title: str
    header: str
    """The page header's right side (e.g. "Auskunft nach Art. 15 DSGVO")."""
    issuer: str
    """The municipality, printed in every page's header."""
    created_at: datetime
    overview: tuple[tuple[str, str], ...]
    chapters: tuple[ArchiveChapter, ...]
    note: str = ""
    language: str = SOURCE_LANGUAGE


def render_auskunft(doc: AuskunftDocument, fonts: ReceiptFonts | None = None) -> bytes:
    """Render ``doc`` as an A4 PDF and return its bytes; SigningError if a font is missing."""
    faces = faces_of(fonts or ReceiptFonts())
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + 8 * mm, bottomMargin=MARGIN, title=doc.title, author=doc.issuer,
        subject=doc.header, creator="Bürgerbüro",  # untranslated: the product's name
        lang=texts.PDF_LANGUAGES.get(doc.language, doc.language),
        initialFontName=faces.regular.name)
    decorate = functools.partial(_frame, doc, faces)
    template.build(_story(doc, template.width, faces), onFirstPage=decorate,
                   onLaterPages=decorate,
                   canvasmaker=functools.partial(_PageTotalCanvas, font=faces.regular.name))
    return buffer.getvalue()


def _frame(doc: AuskunftDocument, faces: Faces, canvas, template: SimpleDocTemplate) -> None:
    """Draw the header (issuer, document name), its rule and the page number."""
    width, height = template.pagesize
    regular, bold = faces.regular.name, faces.bold.name
    canvas.saveState()
    canvas.setFont(bold, 9)
    issuer = plain(doc.issuer, faces.bold, faces)
    canvas.drawString(MARGIN, height - MARGIN, _fit(issuer, bold, 9, width / 2 - MARGIN))
    canvas.setFont(regular, 9)
    canvas.drawRightString(width - MARGIN, height - MARGIN, plain(doc.header, faces.regular,
                                                                  faces))
    canvas.setStrokeColor(colors.lightgrey)
    canvas.line(MARGIN, height - MARGIN - 2 * mm, width - MARGIN, height - MARGIN - 2 * mm)
    prefix = texts.page_prefix(doc.language, canvas.getPageNumber())
    canvas.drawString(MARGIN, MARGIN / 2, prefix)
    canvas.translate(MARGIN + pdfmetrics.stringWidth(prefix, regular, 9), MARGIN / 2)
    canvas.doForm(PAGE_TOTAL_FORM)
    canvas.restoreState()

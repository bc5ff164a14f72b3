"""Render a case archive (Vorgangsakte) to PDF: an overview, then chapters of dated entries.

Plain data in, PDF bytes out: the web app collects the record and writes every text; this
module only lays it out, in the receipt's fonts and page frame (receipt_pdf, receipt_fonts),
so what residents typed prints as typed. Sealing is the caller's (the gateway's seal).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from common.i18n import SOURCE_LANGUAGE

from . import receipt_texts as texts
from .receipt_fonts import Faces, ReceiptFonts, faces_of, markup

# The receipt's layout pieces: one look for every document the platform seals.
from .receipt_pdf import MARGIN, _draw_page_frame, _PageTotalCanvas, _rows_table, _styles

LABEL_SHARE = 0.3
"""The label column's share of the text width (archive labels are short: time, kind, hash)."""


@dataclass(frozen=True)
class ArchiveEntry:
    """One dated item of a chapter: a message, a Rückfrage, a status change, a receipt."""

    heading: str
    text: str = ""
    """Free text as written (a message's body), printed as a paragraph, line breaks kept."""
    rows: tuple[tuple[str, str], ...] = ()
    """Label/value rows (time, file names with size and sha256, deadlines)."""


@dataclass(frozen=True)
class ArchiveChapter:
    """A headed part of the archive."""

    title: str
    entries: tuple[ArchiveEntry, ...] = ()
    empty: str = ""
    """Printed instead of entries when there are none ("Keine Nachrichten.")."""


@dataclass(frozen=True)
class ArchiveDocument:
    """Everything a case archive prints; all texts are plain text, never markup."""

    title: str
    reference: str
    issuer: str
    """The municipality, printed in every page's header."""
    created_at: datetime
    overview: tuple[tuple[str, str], ...]
    chapters: tuple[ArchiveChapter, ...]
    note: str = ""
    """A closing note (what the seal confirms)."""
    language: str = SOURCE_LANGUAGE
    header: str = ""
    """The page header's right side and the PDF's subject when the document is no case's
    (the Auskunft nach Art. 15 DSGVO; receipt_pdf's page frame reads it); empty: the reference
    as "Vorgangsnummer …"."""


def render_archive(doc: ArchiveDocument, fonts: ReceiptFonts | None = None) -> bytes:
    """Render ``doc`` as an A4 PDF and return its bytes; SigningError if a font is missing."""
    faces = faces_of(fonts or ReceiptFonts())
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + 8 * mm, bottomMargin=MARGIN, title=doc.title, author=doc.issuer,
        subject=doc.header or doc.reference,
        creator="Bürgerbüro",  # untranslated: the product's name
        lang=texts.PDF_LANGUAGES.get(doc.language, doc.language),
        initialFontName=faces.regular.name)  # else an unembedded Helvetica on every page
    decorate = functools.partial(_draw_page_frame, doc, faces)
    template.build(_story(doc, template.width, faces), onFirstPage=decorate,
                   onLaterPages=decorate,
                   canvasmaker=functools.partial(_PageTotalCanvas, font=faces.regular.name))
    return buffer.getvalue()


def _story(doc: ArchiveDocument, width: float, faces: Faces) -> list:
    styles = _styles(faces)
    table = functools.partial(_rows_table, width=width, label_width=width * LABEL_SHARE,
                              faces=faces, language=doc.language)
    story = [Paragraph(markup(doc.title, faces.bold, faces), styles["title"]),
             Spacer(0, 4 * mm), table(doc.overview)]
    for chapter in doc.chapters:
        heading = Paragraph(markup(chapter.title, faces.bold, faces), _chapter_style(faces))
        if not chapter.entries:
            empty = [Paragraph(markup(chapter.empty, faces.regular, faces), styles["note"])
                     ] if chapter.empty else []
            story.append(KeepTogether([heading, *empty]))
        for number, entry in enumerate(chapter.entries):
            # a chapter's heading goes with its first entry: never alone at a page's foot
            story.append(KeepTogether(([heading] if number == 0 else []) + _entry(entry, faces,
                                                                                   table)))
    if doc.note:
        story += [Spacer(0, 6 * mm), Paragraph(markup(doc.note, faces.regular, faces),
                                               styles["note"])]
    return story


def _entry(entry: ArchiveEntry, faces: Faces, table) -> list:
    """Return one entry's flowables, to be kept on one page where it fits (a long one breaks
    between rows)."""
    flowables = [Paragraph(markup(entry.heading, faces.bold, faces), _entry_style(faces))]
    if entry.text:
        flowables.append(Paragraph(markup(entry.text, faces.regular, faces),
                                   _styles(faces)["body"]))
    if entry.rows:
        flowables.append(table(entry.rows))
    return flowables


@functools.cache
def _entry_style(faces: Faces) -> ParagraphStyle:
    return ParagraphStyle("entry", parent=_styles(faces)["label"], spaceBefore=6, spaceAfter=1)


@functools.cache
def _chapter_style(faces: Faces) -> ParagraphStyle:
    return ParagraphStyle("chapter", parent=_styles(faces)["heading"], fontSize=14, leading=18,
                          spaceBefore=16, spaceAfter=2)

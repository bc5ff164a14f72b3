"""Render receipts and similar documents (title, reference, sections of label/value rows) to PDF.

The layout is plain A4 with an embedded TrueType font, so umlauts, ß and € print everywhere.
"""

import functools
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from common.german_time import german_datetime

FONT = "ReceiptSans"
FONT_BOLD = "ReceiptSans-Bold"
MARGIN = 20 * mm
PAGE_TOTAL_FORM = "receiptPageTotal"
LABEL_WIDTH = 0.35
CELL_PADDING = 6
# Taller values are cut into several rows; a table row itself cannot break across pages.
MAX_ROW_HEIGHT = 180


@dataclass(frozen=True)
class ReceiptSection:
    """A headed group of label/value rows."""

    title: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ReceiptDocument:
    """Everything printed on a receipt; all texts are plain text, never markup."""

    title: str
    reference: str
    issued_at: datetime
    issuer: str
    sections: tuple[ReceiptSection, ...]
    note: str = ""


def render_receipt(doc: ReceiptDocument) -> bytes:
    """Render ``doc`` as an A4 PDF and return its bytes."""
    _register_fonts()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 8 * mm,
        bottomMargin=MARGIN,
        title=doc.title,
        author=doc.issuer,
        subject=doc.reference,
        creator="Bürgerbüro",
        lang="de-DE",
        # Without this, reportlab declares an unembedded Helvetica on every page.
        initialFontName=FONT,
    )
    decorate = functools.partial(_draw_page_frame, doc)
    template.build(
        _story(doc, template.width),
        onFirstPage=decorate,
        onLaterPages=decorate,
        canvasmaker=_PageTotalCanvas,
    )
    return buffer.getvalue()


@functools.cache
def _register_fonts() -> None:
    font_dir = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(font_dir / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(font_dir / "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13)
    return {
        "body": body,
        "label": ParagraphStyle("label", parent=body, fontName=FONT_BOLD),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=17, leading=21),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "note": ParagraphStyle(
            "note", parent=body, fontSize=9, leading=12, textColor=colors.dimgrey
        ),
    }


def _story(doc: ReceiptDocument, width: float) -> list:
    styles = _styles()
    story = [
        Paragraph(_markup(doc.title), styles["title"]),
        Spacer(0, 4 * mm),
        _rows_table(_meta_rows(doc), width),
    ]
    for section in doc.sections:
        story.append(Paragraph(_markup(section.title), styles["heading"]))
        story.append(_rows_table(section.rows, width))
    if doc.note:
        story += [Spacer(0, 6 * mm), Paragraph(_markup(doc.note), styles["note"])]
    return story


def _meta_rows(doc: ReceiptDocument) -> tuple[tuple[str, str], ...]:
    return (
        ("Vorgangsnummer", doc.reference),
        ("Ausgestellt am", german_datetime(doc.issued_at)),
        ("Ausgestellt von", doc.issuer),
    )


def _rows_table(rows: tuple[tuple[str, str], ...], width: float) -> Table:
    styles = _styles()
    value_width = width * (1 - LABEL_WIDTH)
    cells: list[list] = []
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for label, value in rows or (("", "–"),):
        chunks = _value_chunks(value, value_width - 2 * CELL_PADDING)
        cells.append([Paragraph(_markup(label), styles["label"]), chunks[0]])
        cells.extend(["", chunk] for chunk in chunks[1:])
        commands.append(
            ("LINEBELOW", (0, len(cells) - 1), (-1, len(cells) - 1), 0.25, colors.lightgrey)
        )
    table = Table(cells, colWidths=[width * LABEL_WIDTH, value_width])
    table.setStyle(TableStyle(commands))
    return table


def _value_chunks(value: str, width: float) -> list[Paragraph]:
    """Cut a tall value into pieces, so that table rows break between pages but never inside."""
    pending = Paragraph(_markup(value), _styles()["body"])
    chunks = []
    while pending.wrap(width, MAX_ROW_HEIGHT)[1] > MAX_ROW_HEIGHT:
        parts = pending.split(width, MAX_ROW_HEIGHT)
        if len(parts) < 2:
            break
        chunks.append(parts[0])
        pending = parts[1]
    chunks.append(pending)
    return chunks


def _markup(text: str) -> str:
    """Turn plain text into Paragraph markup: escape it and keep its line breaks."""
    return escape(str(text)).replace("\r\n", "\n").replace("\n", "<br/>")


def _draw_page_frame(doc: ReceiptDocument, canvas: Canvas, template: SimpleDocTemplate) -> None:
    width, height = template.pagesize
    canvas.saveState()
    canvas.setFont(FONT_BOLD, 9)
    canvas.drawString(MARGIN, height - MARGIN, _fit(doc.issuer, FONT_BOLD, 9, width / 2 - MARGIN))
    canvas.setFont(FONT, 9)
    canvas.drawRightString(width - MARGIN, height - MARGIN, f"Vorgangsnummer {doc.reference}")
    canvas.setStrokeColor(colors.lightgrey)
    canvas.line(MARGIN, height - MARGIN - 2 * mm, width - MARGIN, height - MARGIN - 2 * mm)
    prefix = f"Seite {canvas.getPageNumber()} von "
    canvas.drawString(MARGIN, MARGIN / 2, prefix)
    canvas.translate(MARGIN + pdfmetrics.stringWidth(prefix, FONT, 9), MARGIN / 2)
    canvas.doForm(PAGE_TOTAL_FORM)
    canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis until it fits into ``width``."""
    while len(text) > 1 and pdfmetrics.stringWidth(text, font, size) > width:
        text = text[:-2] + "…"
    return text


class _PageTotalCanvas(Canvas):
    """A canvas that fills in the page total, known only at the end, as a shared form."""

    def save(self) -> None:
        """Define the page-total form every page refers to, then write the PDF."""
        # showPage has already advanced the counter past the last page.
        total = str(self.getPageNumber() - 1)
        self.beginForm(PAGE_TOTAL_FORM)
        self.setFont(FONT, 9)
        self.drawString(0, 0, total)
        self.endForm()
        super().save()

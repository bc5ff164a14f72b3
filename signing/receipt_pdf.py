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
# The label column fits the longest label, within these shares of the text width.
LABEL_SHARE = (0.25, 0.45)
LABEL_SIZE = 10
MIN_LABEL_SIZE = 8
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
    label_width = _label_width(doc, width)
    story = [
        Paragraph(_markup(doc.title), styles["title"]),
        Spacer(0, 4 * mm),
        _rows_table(_meta_rows(doc), width, label_width),
    ]
    for section in doc.sections:
        story.append(Paragraph(_markup(section.title), styles["heading"]))
        story.append(_rows_table(section.rows, width, label_width))
    if doc.note:
        story += [Spacer(0, 6 * mm), Paragraph(_markup(doc.note), styles["note"])]
    return story


def _meta_rows(doc: ReceiptDocument) -> tuple[tuple[str, str], ...]:
    return (
        ("Vorgangsnummer", doc.reference),
        ("Ausgestellt am", german_datetime(doc.issued_at)),
        ("Ausgestellt von", doc.issuer),
    )


def _label_width(doc: ReceiptDocument, width: float) -> float:
    """Size the label column to the longest label line, so that labels wrap as rarely as can be."""
    labels = [label for label, _ in _meta_rows(doc)]
    labels += [label for section in doc.sections for label, _ in section.rows]
    widest = max((_label_text_width(line) for label in labels for line in str(label).splitlines()),
                 default=0)
    low, high = LABEL_SHARE
    return min(max(widest + 2 * CELL_PADDING, width * low), width * high)


def _label_text_width(text: str, size: float = LABEL_SIZE) -> float:
    return pdfmetrics.stringWidth(text, FONT_BOLD, size)


def _label(label: str, width: float) -> Paragraph:
    """A label that wraps between words; a word too long for the column is set a little smaller
    and, if it still does not fit, hyphenated by the German rules (pyphen), never cut anywhere."""
    longest = max((_label_text_width(word) for word in str(label).split()), default=0)
    size = LABEL_SIZE if longest <= width else max(MIN_LABEL_SIZE, LABEL_SIZE * width / longest)
    # Hyphenate only when a word cannot fit at all: else words would be split to fill lines.
    hyphenate = longest * size / LABEL_SIZE > width
    style = ParagraphStyle("label-fitted", parent=_styles()["label"], fontSize=size,
                           leading=size * 1.3, splitLongWords=0,
                           hyphenationLang="de_DE" if hyphenate else "", uriWasteReduce=0)
    return Paragraph(_markup(label), style)


def _rows_table(rows: tuple[tuple[str, str], ...], width: float, label_width: float) -> Table:
    value_width = width - label_width
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
        cells.append([_label(label, label_width - 2 * CELL_PADDING), chunks[0]])
        cells.extend(["", chunk] for chunk in chunks[1:])
        commands.append(
            ("LINEBELOW", (0, len(cells) - 1), (-1, len(cells) - 1), 0.25, colors.lightgrey)
        )
    table = Table(cells, colWidths=[label_width, value_width])
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

"""Render receipts and similar documents (title, reference, sections of label/value rows) to PDF.

The layout is plain A4 with embedded TrueType fonts of wide coverage (receipt_fonts), so what
the resident typed prints as typed, or, for a character no font has, as a marked placeholder.
A receipt in another language ends with the binding German text beside its translation.
"""

import functools
import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from common.formatting import format_datetime
from common.i18n import SOURCE_LANGUAGE, _l

from . import receipt_texts as texts
from .receipt_fonts import PLACEHOLDER, Faces, ReceiptFonts, faces_of, lacks_any, markup, plain

REPLACED_NOTE = _l("„%(placeholder)s“ steht für ein Zeichen, das dieses Dokument nicht darstellen "
                   "kann; die Angaben selbst sind davon unberührt.", placeholder=PLACEHOLDER)
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
    replaced_note: str = REPLACED_NOTE
    """Printed only if some character had to be shown as the placeholder: where it is kept."""
    language: str = SOURCE_LANGUAGE
    """The language the receipt is printed in: the frame's texts, dates, the PDF's /Lang."""
    authoritative: tuple[tuple[str, str], ...] = ()
    """(German, translation) pairs of what binds in German, e.g. the statement of receipt.
    On a receipt in another language they are printed side by side in a block "Deutsche
    Fassung (maßgeblich)", with the notice that the German version is authoritative; on a
    German receipt the German text is the receipt itself, so the block is left out."""

    @property
    def bilingual(self) -> bool:
        """Whether the receipt carries a binding German block beside its own language."""
        return self.language != SOURCE_LANGUAGE


def render_receipt(doc: ReceiptDocument, fonts: ReceiptFonts | None = None) -> bytes:
    """Render ``doc`` as an A4 PDF in ``fonts`` (default: DejaVu from Debian) and return its
    bytes; SigningError if a font file is missing."""
    faces = faces_of(fonts or ReceiptFonts())
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
        creator="Bürgerbüro",  # untranslated: the product's name
        lang=texts.PDF_LANGUAGES.get(doc.language, doc.language),
        # Without this, reportlab declares an unembedded Helvetica on every page.
        initialFontName=faces.regular.name,
    )
    decorate = functools.partial(_draw_page_frame, doc, faces)
    template.build(
        _story(doc, template.width, faces, texts.frame_texts(doc.language)),
        onFirstPage=decorate,
        onLaterPages=decorate,
        canvasmaker=functools.partial(_PageTotalCanvas, font=faces.regular.name),
    )
    return buffer.getvalue()


@functools.cache
def _styles(faces: Faces) -> dict[str, ParagraphStyle]:
    regular, bold = faces.regular.name, faces.bold.name
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13)
    return {
        "body": body,
        "label": ParagraphStyle("label", parent=body, fontName=bold),
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=17, leading=21),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=bold,
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


def _story(doc: ReceiptDocument, width: float, faces: Faces, frame: dict[str, str]) -> list:
    styles = _styles(faces)
    label_width = _label_width(doc, width, faces, frame)
    table = functools.partial(_rows_table, width=width, label_width=label_width, faces=faces,
                              language=doc.language)
    story = [
        Paragraph(markup(doc.title, faces.bold, faces), styles["title"]),
        Spacer(0, 4 * mm),
        table(_meta_rows(doc, frame)),
    ]
    for section in doc.sections:
        story.append(Paragraph(markup(section.title, faces.bold, faces), styles["heading"]))
        story.append(table(section.rows))
    notes = [doc.note] if doc.note else []
    if lacks_any(_texts(doc), faces):
        notes.append(texts.in_language(doc.replaced_note, doc.language))
    for note in notes:
        story += [Spacer(0, 6 * mm), Paragraph(markup(note, faces.regular, faces), styles["note"])]
    if doc.bilingual:
        story.append(KeepTogether([Spacer(0, 6 * mm),
                                   _authoritative_block(doc, width, faces, frame)]))
    return story


def _authoritative_block(doc: ReceiptDocument, width: float, faces: Faces,
                         frame: dict[str, str]) -> Table:
    """Set the binding German texts in a framed left column, their translation to the right."""
    styles = _styles(faces)
    heading = [Paragraph(markup(texts.AUTHORITATIVE_HEADING, faces.bold, faces), styles["label"]),
               Paragraph(markup(frame["translation"], faces.bold, faces), styles["label"])]
    rows = [[Paragraph(markup(german, faces.regular, faces), styles["body"]),
             Paragraph(markup(translated, faces.regular, faces), styles["note"])]
            for german, translated in texts.authoritative_pairs(doc.authoritative, doc.language)]
    block = Table([heading, *rows], colWidths=[width / 2, width / 2])
    block.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), faces.regular.name),  # else reportlab adds Helvetica
        ("BOX", (0, 0), (0, -1), 1, colors.black),
        ("BACKGROUND", (0, 0), (0, 0), colors.HexColor("#e8e8e8")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]))
    return block


def _texts(doc: ReceiptDocument) -> list[str]:
    """Return every text the receipt prints, in any font."""
    rows = [text for section in doc.sections for row in section.rows for text in row]
    pairs = [text for pair in doc.authoritative for text in pair] if doc.bilingual else []
    return [doc.title, doc.reference, doc.issuer, doc.note, *rows, *pairs,
            *(section.title for section in doc.sections)]


def _meta_rows(doc: ReceiptDocument, frame: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return (
        (frame["reference"], doc.reference),
        (frame["issued_at"], format_datetime(doc.issued_at, doc.language)),
        (frame["issuer"], doc.issuer),
    )


def _label_width(doc: ReceiptDocument, width: float, faces: Faces,
                 frame: dict[str, str]) -> float:
    """Size the label column to the longest label line, so that labels wrap as rarely as can be."""
    labels = [label for label, _ in _meta_rows(doc, frame)]
    labels += [label for section in doc.sections for label, _ in section.rows]
    widest = max((_label_text_width(line, faces) for label in labels
                  for line in str(label).splitlines()), default=0)
    low, high = LABEL_SHARE
    return min(max(widest + 2 * CELL_PADDING, width * low), width * high)


def _label_text_width(text: str, faces: Faces, size: float = LABEL_SIZE) -> float:
    return pdfmetrics.stringWidth(plain(text, faces.bold, faces), faces.bold.name, size)


def _label(label: str, width: float, faces: Faces, language: str) -> Paragraph:
    """A label that wraps between words; a word too long for the column is set a little smaller
    and, if it still does not fit, hyphenated by its language's rules (pyphen), never cut."""
    longest = max((_label_text_width(word, faces) for word in str(label).split()), default=0)
    size = LABEL_SIZE if longest <= width else max(MIN_LABEL_SIZE, LABEL_SIZE * width / longest)
    # Hyphenate only when a word cannot fit at all: else words would be split to fill lines.
    hyphenate = longest * size / LABEL_SIZE > width
    style = ParagraphStyle("label-fitted", parent=_styles(faces)["label"], fontSize=size,
                           leading=size * 1.3, splitLongWords=0,
                           hyphenationLang=texts.HYPHENATION.get(language, "de_DE")
                           if hyphenate else "", uriWasteReduce=0)
    return Paragraph(markup(label, faces.bold, faces), style)


def _rows_table(rows: tuple[tuple[str, str], ...], width: float, label_width: float,
                faces: Faces, language: str) -> Table:
    value_width = width - label_width
    cells: list[list] = []
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), faces.regular.name),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for label, value in rows or (("", "–"),):
        chunks = _value_chunks(value, value_width - 2 * CELL_PADDING, faces)
        cells.append([_label(label, label_width - 2 * CELL_PADDING, faces, language),
                      chunks[0]])
        cells.extend(["", chunk] for chunk in chunks[1:])
        commands.append(
            ("LINEBELOW", (0, len(cells) - 1), (-1, len(cells) - 1), 0.25, colors.lightgrey)
        )
    table = Table(cells, colWidths=[label_width, value_width])
    table.setStyle(TableStyle(commands))
    return table


def _value_chunks(value: str, width: float, faces: Faces) -> list[Paragraph]:
    """Cut a tall value into pieces, so that table rows break between pages but never inside."""
    pending = Paragraph(markup(value, faces.regular, faces), _styles(faces)["body"])
    chunks = []
    while pending.wrap(width, MAX_ROW_HEIGHT)[1] > MAX_ROW_HEIGHT:
        parts = pending.split(width, MAX_ROW_HEIGHT)
        if len(parts) < 2:
            break
        chunks.append(parts[0])
        pending = parts[1]
    chunks.append(pending)
    return chunks


def _draw_page_frame(doc: ReceiptDocument, faces: Faces, canvas: Canvas,
                     template: SimpleDocTemplate) -> None:
    width, height = template.pagesize
    regular, bold = faces.regular.name, faces.bold.name
    canvas.saveState()
    canvas.setFont(bold, 9)
    issuer = plain(doc.issuer, faces.bold, faces)
    canvas.drawString(MARGIN, height - MARGIN, _fit(issuer, bold, 9, width / 2 - MARGIN))
    canvas.setFont(regular, 9)
    header = getattr(doc, "header", "") or texts.header_reference(doc.language, doc.reference)
    canvas.drawRightString(width - MARGIN, height - MARGIN, plain(header, faces.regular, faces))
    canvas.setStrokeColor(colors.lightgrey)
    canvas.line(MARGIN, height - MARGIN - 2 * mm, width - MARGIN, height - MARGIN - 2 * mm)
    prefix = texts.page_prefix(doc.language, canvas.getPageNumber())
    canvas.drawString(MARGIN, MARGIN / 2, prefix)
    canvas.translate(MARGIN + pdfmetrics.stringWidth(prefix, regular, 9), MARGIN / 2)
    canvas.doForm(PAGE_TOTAL_FORM)
    canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis until it fits into ``width``."""
    while len(text) > 1 and pdfmetrics.stringWidth(text, font, size) > width:
        text = text[:-2] + "…"
    return text


class _PageTotalCanvas(Canvas):
    """A canvas that fills in the page total, known only at the end, as a shared form."""

    def __init__(self, *args, font: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._total_font = font

    def save(self) -> None:
        """Define the page-total form every page refers to, then write the PDF."""
        # showPage has already advanced the counter past the last page.
        total = str(self.getPageNumber() - 1)
        self.beginForm(PAGE_TOTAL_FORM)
        self.setFont(self._total_font, 9)
        self.drawString(0, 0, total)
        self.endForm()
        super().save()

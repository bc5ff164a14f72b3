"""Render a Bescheid (decision letter) to PDF: letterhead, address block, reference and date,
subject, the decision, its reasons, the fee, the Rechtsbehelfsbelehrung, who decided, and the
space where the seal is shown.

The layout follows a German business letter (DIN 5008, form B: the address block sits where a
window envelope shows it). The fonts are the receipt's (receipt_fonts), so a resident's name
prints as typed. A draft carries "ENTWURF" across every page and a dashed, empty seal box.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
)

from common.formatting import format_date
from common.i18n import SOURCE_LANGUAGE

from . import letter_texts as texts
from .pades import SealBox
from .receipt_fonts import Faces, ReceiptFonts, faces_of, markup, plain
from .receipt_pdf import PAGE_TOTAL_FORM, _PageTotalCanvas
from .receipt_texts import PDF_LANGUAGES

LEFT, RIGHT, BOTTOM = 25 * mm, 20 * mm, 22 * mm
ADDRESS_TOP, ADDRESS_WIDTH = 50 * mm, 85 * mm  # DIN 5008 form B, from the page's top edge
INFO_LEFT = 125 * mm
FIRST_FRAME_TOP = 100 * mm  # the text starts below the address block
LATER_FRAME_TOP = 30 * mm
SEAL_WIDTH, SEAL_HEIGHT = 75 * mm, 22 * mm


@dataclass(frozen=True)
class LetterDocument:
    """Everything a Bescheid prints; all texts are plain text, never markup."""

    issuer: str
    """The municipality (the letterhead's first line, the seal's holder)."""
    department: str
    letterhead: tuple[str, ...]
    """The letterhead's address and contact lines."""
    recipient: tuple[str, ...]
    """The address block: name, then the lines of the address."""
    reference: str
    dated: dt.date
    subject: str
    body: str
    """The decision itself (Tenor)."""
    reasons: str = ""
    fee: str = ""
    """The fee as printed ("Hundesteuer im ersten Jahr: 120,00 €"); empty: none."""
    remedy: str = ""
    """The Rechtsbehelfsbelehrung."""
    signed_by: str = ""
    approved_by: str = ""
    draft: bool = False
    """A preview: marked ENTWURF, never sealed."""
    language: str = SOURCE_LANGUAGE


@dataclass(frozen=True)
class RenderedLetter:
    """The letter's PDF and where its seal is to be shown."""

    pdf: bytes
    seal_box: SealBox


class SealSpace(Flowable):
    """Keeps the room for the seal after the signature lines and notes where it landed."""

    def __init__(self, draft_text: str, faces: Faces) -> None:
        super().__init__()
        self.width, self.height = SEAL_WIDTH, SEAL_HEIGHT
        self.draft_text, self.faces = draft_text, faces
        self.placed: SealBox | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Take the seal's fixed size."""
        return self.width, self.height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        """Note the page and rectangle (PDF points) before drawing, for the seal's field."""
        self.placed = SealBox(canvas.getPageNumber() - 1, round(x), round(y),
                              round(x + self.width), round(y + self.height))
        super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        """A draft shows a dashed, empty box; a letter leaves the room to the seal's stamp."""
        if not self.draft_text:
            return
        self.canv.saveState()
        self.canv.setDash(3, 3)
        self.canv.setStrokeColor(colors.grey)
        self.canv.rect(0, 0, self.width, self.height)
        self.canv.setFont(self.faces.regular.name, 8)
        self.canv.drawCentredString(self.width / 2, self.height / 2 - 3,
                                    plain(self.draft_text, self.faces.regular, self.faces))
        self.canv.restoreState()


def render_letter(doc: LetterDocument, fonts: ReceiptFonts | None = None) -> RenderedLetter:
    """Render ``doc`` as an A4 PDF; return it with the box its seal belongs in."""
    faces = faces_of(fonts or ReceiptFonts())
    words = texts.frame_words(doc.language)
    buffer = io.BytesIO()
    width, height = A4
    text_width = width - LEFT - RIGHT
    first = Frame(LEFT, BOTTOM, text_width, height - FIRST_FRAME_TOP - BOTTOM, id="first",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(LEFT, BOTTOM, text_width, height - LATER_FRAME_TOP - BOTTOM, id="later",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template = BaseDocTemplate(
        buffer, pagesize=A4, title=doc.subject, author=doc.issuer, subject=doc.reference,
        creator="Bürgerbüro",  # untranslated: the product's name
        lang=PDF_LANGUAGES.get(doc.language, doc.language), initialFontName=faces.regular.name)
    template.addPageTemplates([
        PageTemplate("first", [first], onPage=functools.partial(_first_page, doc, faces, words)),
        PageTemplate("later", [later], onPage=functools.partial(_later_page, doc, faces)),
    ])
    seal = SealSpace(words["draft_box"] if doc.draft else "", faces)
    template.build([NextPageTemplate("later"), *_story(doc, faces, words, seal)],
                   canvasmaker=functools.partial(_PageTotalCanvas, font=faces.regular.name))
    assert seal.placed is not None  # a flowable the story holds is always drawn
    return RenderedLetter(buffer.getvalue(), seal.placed)


@functools.cache
def _styles(faces: Faces) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("letter-body", fontName=faces.regular.name, fontSize=10, leading=14,
                          spaceAfter=6)
    return {
        "body": body,
        "subject": ParagraphStyle("letter-subject", parent=body, fontName=faces.bold.name,
                                  fontSize=11, leading=15, spaceAfter=12),
        "heading": ParagraphStyle("letter-heading", parent=body, fontName=faces.bold.name,
                                  fontSize=10.5, spaceBefore=8, spaceAfter=4, keepWithNext=1),
        "small": ParagraphStyle("letter-small", parent=body, fontSize=8, leading=10,
                                textColor=colors.dimgrey),
        "line": ParagraphStyle("letter-line", parent=body, spaceAfter=0),
    }


def _paragraphs(text: str, faces: Faces, style: str = "body") -> list[Paragraph]:
    """Set a text as paragraphs: a blank line starts a new one, a line break is kept."""
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return [Paragraph(markup(part, faces.regular, faces), _styles(faces)[style])
            for part in parts if part]


def _story(doc: LetterDocument, faces: Faces, words: dict[str, str],
           seal: SealSpace) -> list[Flowable]:
    styles = _styles(faces)

    def heading(text: str) -> Paragraph:
        return Paragraph(markup(text, faces.bold, faces), styles["heading"])

    story: list[Flowable] = [Paragraph(markup(doc.subject, faces.bold, faces), styles["subject"])]
    story += _paragraphs(doc.body, faces)
    if doc.reasons.strip():
        story += [heading(words["reasons"]), *_paragraphs(doc.reasons, faces)]
    if doc.fee:
        story += [heading(words["fee"]), *_paragraphs(doc.fee, faces)]
    if doc.remedy.strip():
        story += [heading(words["remedy"]), *_paragraphs(doc.remedy, faces)]
    closing = [Spacer(0, 4 * mm), *_paragraphs(words["regards"], faces, "line"),
               *_paragraphs(words["on_behalf"], faces, "line"),
               *_paragraphs(doc.signed_by, faces, "line")]
    if doc.approved_by:
        closing += _paragraphs(words["approved"] % {"name": doc.approved_by}, faces, "small")
    closing += [Spacer(0, 3 * mm), seal, Spacer(0, 3 * mm),
                *_paragraphs(texts.seal_note(doc.language, doc.issuer), faces, "small")]
    return [*story, KeepTogether(closing)]


def _first_page(doc: LetterDocument, faces: Faces, words: dict[str, str], canvas: Canvas,
                template: BaseDocTemplate) -> None:
    width, height = template.pagesize
    canvas.saveState()
    canvas.setFont(faces.bold.name, 15)
    canvas.drawString(LEFT, height - 20 * mm, plain(doc.issuer, faces.bold, faces))
    canvas.setFont(faces.regular.name, 11)
    canvas.drawString(LEFT, height - 26 * mm, plain(doc.department, faces.regular, faces))
    canvas.setFont(faces.regular.name, 8)
    canvas.setFillColor(colors.dimgrey)
    for number, line in enumerate(doc.letterhead[:5]):
        canvas.drawRightString(width - RIGHT, height - (16 + 4 * number) * mm,
                               plain(line, faces.regular, faces))
    canvas.setStrokeColor(colors.lightgrey)
    canvas.line(LEFT, height - 38 * mm, width - RIGHT, height - 38 * mm)
    # the window's sender line: the letterhead's first line, unless it only repeats the issuer
    sender = " · ".join([doc.issuer, doc.department,
                         *(line for line in doc.letterhead[:1] if line != doc.issuer)])
    canvas.drawString(LEFT, height - ADDRESS_TOP, plain(sender, faces.regular, faces)[:110])
    canvas.setFillColor(colors.black)
    _draw_lines(canvas, faces, doc.recipient[:8], LEFT, height - ADDRESS_TOP - 8 * mm)
    info = [(words["reference"], doc.reference),
            (words["dated"], format_date(doc.dated, doc.language))]
    info += [(words["clerk"], doc.signed_by)] if doc.signed_by else []
    _draw_info(canvas, faces, info, height - ADDRESS_TOP)
    canvas.restoreState()
    _decorate(doc, faces, canvas, template)


def _later_page(doc: LetterDocument, faces: Faces, canvas: Canvas,
                template: BaseDocTemplate) -> None:
    width, height = template.pagesize
    canvas.saveState()
    canvas.setFont(faces.regular.name, 8)
    canvas.drawString(LEFT, height - 18 * mm, plain(f"{doc.issuer} · {doc.department}",
                                                   faces.regular, faces))
    canvas.drawRightString(width - RIGHT, height - 18 * mm,
                           plain(doc.reference, faces.regular, faces))
    canvas.setStrokeColor(colors.lightgrey)
    canvas.line(LEFT, height - 20 * mm, width - RIGHT, height - 20 * mm)
    canvas.restoreState()
    _decorate(doc, faces, canvas, template)


def _draw_lines(canvas: Canvas, faces: Faces, lines: tuple[str, ...], x: float,
                top: float) -> None:
    """Draw the address block, one line each, cut to the window's width."""
    canvas.setFont(faces.regular.name, 10)
    for number, line in enumerate(lines):
        shown = plain(line, faces.regular, faces)
        while len(shown) > 1 and canvas.stringWidth(shown) > ADDRESS_WIDTH:
            shown = shown[:-2] + "…"
        canvas.drawString(x, top - number * 5 * mm, shown)


def _draw_info(canvas: Canvas, faces: Faces, rows: list[tuple[str, str]], top: float) -> None:
    """Draw the information block beside the address: reference, date, who works the case."""
    for number, (label, value) in enumerate(rows):
        y = top - number * 9 * mm
        canvas.setFont(faces.regular.name, 7.5)
        canvas.setFillColor(colors.dimgrey)
        canvas.drawString(INFO_LEFT, y, plain(label, faces.regular, faces))
        canvas.setFont(faces.regular.name, 10)
        canvas.setFillColor(colors.black)
        canvas.drawString(INFO_LEFT, y - 4.2 * mm, plain(value, faces.regular, faces)[:40])


def _decorate(doc: LetterDocument, faces: Faces, canvas: Canvas,
              template: BaseDocTemplate) -> None:
    """Draw the footer (page of pages) and, on a draft, ENTWURF across the page."""
    width, height = template.pagesize
    canvas.saveState()
    canvas.setFont(faces.regular.name, 9)
    prefix = texts.page_words(doc.language, canvas.getPageNumber())
    canvas.drawString(LEFT, BOTTOM / 2, prefix)
    canvas.translate(LEFT + canvas.stringWidth(prefix, faces.regular.name, 9), BOTTOM / 2)
    canvas.doForm(PAGE_TOTAL_FORM)
    canvas.restoreState()
    if doc.draft:
        canvas.saveState()
        canvas.setFont(faces.bold.name, 90)
        canvas.setFillColor(colors.Color(0.85, 0.85, 0.85, alpha=0.5))
        canvas.translate(width / 2, height / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, -30, texts.frame_words(doc.language)["draft"])
        canvas.restoreState()

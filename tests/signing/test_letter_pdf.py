"""The Bescheid's PDF: its parts, the draft's marks, and the seal shown in the letter's box."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from signing import DevPki, PadesSigner, verify_pdf
from signing.letter_pdf import LetterDocument, render_letter
from signing.pades import SealBox

from .pdf_text import shown_strings

LETTER = LetterDocument(
    issuer="Stadt Musterstadt", department="Steueramt",
    letterhead=("Rathausplatz 1, 12345 Musterstadt", "steueramt@musterstadt.example"),
    recipient=("Jürgen Müßig-Özdemir", "Lindenweg 4", "65183 Musterstadt"),
    reference="HST-2026-000123", dated=dt.date(2026, 12, 1),
    subject="Bescheid über Ihren Antrag „Anmeldung eines Hundes zur Hundesteuer“",
    body="Sehr geehrte Damen und Herren,\n\nIhrem Antrag wird stattgegeben.",
    reasons="Die Voraussetzungen liegen vor.", fee="Hundesteuer im ersten Jahr: 120,00 €",
    remedy="Gegen diesen Bescheid kann innerhalb eines Monats Widerspruch erhoben werden.",
    signed_by="Sabine Sachbearbeiterin", approved_by="Kim Kollegin")


def pages_of(pdf: bytes) -> int:
    """Return the number of pages."""
    return len(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Kids"])


def seal_field(pdf: bytes):
    """Return the one signature field of a sealed PDF."""
    reader = PdfFileReader(io.BytesIO(pdf))
    [field] = [f.get_object() for f in reader.root["/AcroForm"]["/Fields"]
               if f.get_object().get("/FT") == "/Sig"]
    return field


def test_the_letter_prints_every_part_in_order():
    strings = shown_strings(render_letter(LETTER).pdf)
    parts = ["Stadt Musterstadt", "Jürgen Müßig-Özdemir", "Aktenzeichen", "HST-2026-000123",
             "1. Dezember 2026", LETTER.subject, "Ihrem Antrag wird stattgegeben.", "Begründung",
             "Gebühr", "Hundesteuer im ersten Jahr: 120,00 €", "Rechtsbehelfsbelehrung",
             "Mit freundlichen Grüßen", "Im Auftrag"]
    positions = [strings.index(part) for part in parts]
    assert positions == sorted(positions)
    assert "Freigegeben (Vier-Augen-Prinzip): Kim Kollegin" in strings
    assert "ENTWURF" not in strings


def test_a_letter_without_reasons_or_fee_leaves_their_headings_out():
    plain = dataclasses.replace(LETTER, reasons="", fee="", approved_by="")
    strings = shown_strings(render_letter(plain).pdf)
    assert "Begründung" not in strings and "Gebühr" not in strings
    assert not any(s.startswith("Freigegeben") for s in strings)


def test_a_draft_is_marked_and_shows_an_empty_seal_box():
    strings = shown_strings(render_letter(dataclasses.replace(LETTER, draft=True)).pdf)
    assert "ENTWURF" in strings
    assert "Entwurf – nicht gesiegelt, kein Bescheid" in strings


def test_the_seal_is_shown_in_the_letters_box_and_validates(dev_pki: DevPki, seal: PadesSigner):
    rendered = render_letter(LETTER)
    sealed = seal.sign(rendered.pdf, reason="Bescheid HST-2026-000123", location="Musterstadt",
                       box=rendered.seal_box)
    verdict = verify_pdf(sealed, [dev_pki.ca_cert])
    assert verdict.ok and verdict.signer == "Stadt Musterstadt Elektronisches Siegel"
    field = seal_field(sealed)
    assert [round(float(x)) for x in field["/Rect"]] == list(rendered.seal_box.rect)
    assert rendered.seal_box.x2 - rendered.seal_box.x1 > 150
    appearance = field["/AP"]["/N"]
    stamp = appearance.data + b"".join(x.get_object().data for x in appearance.get(
        "/Resources", {}).get("/XObject", {}).values())
    assert b"Elektronisch gesiegelt" in stamp


def test_without_a_box_the_seal_stays_invisible(dev_pki: DevPki, seal: PadesSigner):
    sealed = seal.sign(render_letter(LETTER).pdf, reason="Bescheid", location="Musterstadt")
    assert verify_pdf(sealed, [dev_pki.ca_cert]).ok
    assert [float(x) for x in seal_field(sealed)["/Rect"]] == [0, 0, 0, 0]


@pytest.mark.parametrize("paragraphs", [30, 60])
def test_a_long_letter_carries_its_seal_on_the_last_page(dev_pki: DevPki, seal: PadesSigner,
                                                         paragraphs: int):
    reasons = "\n\n".join(f"Absatz {n}: Die Voraussetzungen liegen vor." for n in range(
        paragraphs))
    rendered = render_letter(dataclasses.replace(LETTER, reasons=reasons))
    pages = pages_of(rendered.pdf)
    assert pages >= 2 and rendered.seal_box.page == pages - 1
    strings = shown_strings(rendered.pdf)
    assert "Seite 2 von " in strings
    assert strings.count("HST-2026-000123") == pages  # the first page's block, later heads
    sealed = seal.sign(rendered.pdf, reason="Bescheid", location="Musterstadt",
                       box=rendered.seal_box)
    assert verify_pdf(sealed, [dev_pki.ca_cert]).ok


def test_a_box_names_its_page_and_rectangle():
    box = SealBox(1, 10, 20, 110, 70)
    assert box.rect == (10, 20, 110, 70) and box.page == 1

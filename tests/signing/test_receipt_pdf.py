"""Rendering receipts: German text, untrusted values, long content across pages."""

import io
import unicodedata
from dataclasses import replace

import pyphen
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from signing import ReceiptDocument, ReceiptFonts, ReceiptSection, SigningError, render_receipt
from signing.receipt_pdf import REPLACED_NOTE

from .pdf_text import shown_strings

HOSTILE = '<script>alert("x")</script> & <b>fett</b> &amp; </para>'


def _reader(pdf: bytes) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(pdf))


def _page_count(pdf: bytes) -> int:
    return int(_reader(pdf).root["/Pages"]["/Count"])


def _fonts(pdf: bytes) -> list:
    reader = _reader(pdf)
    pages = [page.get_object() for page in reader.root["/Pages"]["/Kids"]]
    fonts = [page["/Resources"]["/Font"] for page in pages]
    return [font_dict[name] for font_dict in fonts for name in font_dict]


def test_short_receipt_is_one_a4_page(receipt: ReceiptDocument):
    pdf = render_receipt(receipt)
    assert pdf.startswith(b"%PDF-")
    assert _page_count(pdf) == 1
    media_box = [round(float(v)) for v in _reader(pdf).root["/Pages"]["/Kids"][0]["/MediaBox"]]
    assert media_box == [0, 0, 595, 842]


def test_every_font_is_embedded_so_umlauts_and_euro_print(receipt: ReceiptDocument):
    fonts = _fonts(render_receipt(receipt))
    assert fonts
    for font in fonts:
        assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]


def test_values_with_markup_characters_render_as_plain_text(receipt: ReceiptDocument):
    section = ReceiptSection(title=HOSTILE, rows=((HOSTILE, HOSTILE), ("Ä<", "ü > ß & €")))
    doc = replace(receipt, title=HOSTILE, reference="<HST>", issuer=HOSTILE, sections=(section,))
    assert _page_count(render_receipt(doc)) == 1


def test_many_rows_flow_onto_further_pages(receipt: ReceiptDocument):
    rows = tuple((f"Hund {n} <Rasse>", f"Mischling & Co. – {n} € Größe ÄÖÜ") for n in range(200))
    doc = replace(receipt, sections=(ReceiptSection("Hunde", rows),))
    assert _page_count(render_receipt(doc)) >= 4


def test_value_longer_than_a_page_is_split_instead_of_failing(receipt: ReceiptDocument):
    essay = "Begründung mit vielen Wörtern und Umlauten äöü. " * 600
    doc = replace(receipt, sections=(ReceiptSection("Freitext", (("Begründung", essay),)),))
    assert _page_count(render_receipt(doc)) >= 3


def test_empty_section_and_multiline_values_render(receipt: ReceiptDocument):
    sections = (
        ReceiptSection("Leer", ()),
        ReceiptSection("Text", (("Adresse", "Zeile 1\nZeile 2"),)),
    )
    assert _page_count(render_receipt(replace(receipt, sections=sections))) == 1


LONG_LABELS = (
    "Antragstellerin/Antragsteller",
    "Staatsangehörigkeitsnachweisbescheinigung",
    "Name und Anschrift der bevollmächtigten Vertreterin oder des bevollmächtigten Vertreters",
    "Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung",
)


def _layout_breaks(shown: list[str], label: str) -> list[int] | None:
    """Find ``label`` in the drawn lines; return where layout hyphens broke it, None if absent."""
    for start in range(len(shown)):
        joined, breaks = "", []
        for line in shown[start:]:
            if joined.endswith("-"):
                breaks.append(len(joined) - 1)
                joined = joined[:-1] + line
            else:
                joined = f"{joined} {line}" if joined else line
            if joined == label:
                return breaks
            if not label.startswith(joined.removesuffix("-")):
                break
    return None


def test_a_label_is_never_broken_inside_a_word(receipt: ReceiptDocument):
    rows = tuple((label, "Jürgen Müßig") for label in LONG_LABELS)
    doc = replace(receipt, sections=(ReceiptSection("Angaben", rows),))
    shown = shown_strings(render_receipt(doc))
    assert "Antragstellerin/Antragsteller" in shown
    assert "Staatsangehörigkeitsnachweisbescheinigung" in shown
    german = pyphen.Pyphen(lang="de_DE")
    for label in LONG_LABELS:
        breaks = _layout_breaks(shown, label)
        assert breaks is not None, f"{label!r} broken inside a word: {shown}"
        for position in breaks:  # only a word no line can hold is hyphenated, by the rules
            word_start = label.rfind(" ", 0, position) + 1
            word = label[word_start:].split()[0]
            assert position - word_start in german.positions(word), (label, position)


def test_receipt_times_are_german_local_time(receipt: ReceiptDocument):
    assert "1. März 2026, 10:30 Uhr" in shown_strings(render_receipt(receipt))


TYPED = "Jürgen 𝔘lrich e\u0301\u0308 Nguyễn"
"""What a resident may type: Fraktur (a fallback font has it) and combining accents."""


def _all_text(pdf: bytes) -> str:
    return "".join(shown_strings(pdf))


def test_what_the_resident_typed_comes_back_from_the_receipt_as_typed(receipt):
    doc = replace(receipt, sections=(ReceiptSection("Angaben", (("Name", TYPED),
                                                                ("𝔘 im Feldnamen", "ja"))),))
    text = _all_text(render_receipt(doc))
    assert unicodedata.normalize("NFC", TYPED) in text  # "é" and a combining diaeresis
    assert "𝔘 im Feldnamen" in text
    assert "\N{REPLACEMENT CHARACTER}" not in text and str(REPLACED_NOTE) not in text


def test_a_character_no_font_has_is_a_visible_placeholder_with_a_footnote(receipt):
    doc = replace(receipt, sections=(ReceiptSection("Hunde", (("Name 🐕", "Bello 🐕 ❤️"),)),))
    text = _all_text(render_receipt(doc))
    assert "Bello \N{REPLACEMENT CHARACTER}" in text and "🐕" not in text
    assert "Name \N{REPLACEMENT CHARACTER}" in text
    assert "".join(str(REPLACED_NOTE).split()) in "".join(text.split())  # wrapped over lines


def test_a_missing_font_file_is_named_with_its_debian_package(receipt, tmp_path):
    fonts = ReceiptFonts(regular=tmp_path / "fehlt.ttf")
    with pytest.raises(SigningError, match=r"fehlt\.ttf.*apt-get install fonts-dejavu-core"):
        render_receipt(receipt, fonts)

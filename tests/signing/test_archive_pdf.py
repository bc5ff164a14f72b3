"""The archive layout: every chapter and entry printed, long texts across pages, any script."""

from __future__ import annotations

import datetime as dt
import io

from pyhanko.pdf_utils.reader import PdfFileReader

from signing.archive_pdf import ArchiveChapter, ArchiveDocument, ArchiveEntry, render_archive

from .pdf_text import shown_strings


def document(*chapters: ArchiveChapter) -> ArchiveDocument:
    """Return an archive of the given chapters."""
    return ArchiveDocument(title="Vorgangsakte HST-2026-000001", reference="HST-2026-000001",
                           issuer="Stadt Musterstadt",
                           created_at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC),
                           overview=(("Aktenzeichen", "HST-2026-000001"),), chapters=chapters,
                           note="Gesiegelt.")


def pages(pdf: bytes) -> int:
    """Return the page count."""
    return len(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Kids"])


def test_chapters_entries_rows_and_an_empty_chapter_are_printed():
    pdf = render_archive(document(
        ArchiveChapter("Nachrichten", (ArchiveEntry("1. Dezember 2026 · Amt", "Guten Tag,\nbitte",
                                                    (("anlage.pdf", "SHA-256 abc"),)),)),
        ArchiveChapter("Rückfragen", (), "Keine Rückfragen.")))
    text = shown_strings(pdf)
    for expected in ("Vorgangsakte HST-2026-000001", "Nachrichten", "1. Dezember 2026 · Amt",
                     "Guten Tag,", "bitte", "anlage.pdf", "SHA-256 abc", "Rückfragen",
                     "Keine Rückfragen.", "Gesiegelt.", "Vorgangsnummer HST-2026-000001"):
        assert expected in text, expected


def test_a_long_record_breaks_across_pages_and_keeps_what_was_typed():
    body = "Zeile mit Text, der fortläuft. " * 400 + "ENDE 𝔘 Łódź"
    entries = tuple(ArchiveEntry(f"Nachricht {n}", body if n == 0 else "kurz",
                                 (("Wert", "x " * 900),)) for n in range(30))
    pdf = render_archive(document(ArchiveChapter("Nachrichten", entries)))
    text = "".join(shown_strings(pdf))
    assert pages(pdf) > 5
    assert "ENDE 𝔘 Łódź" in text and "Nachricht 29" in text
    assert "Seite 1 von" in text

"""What a seal covers and what was changed after it; hostile PDFs never escape as a crash."""

import pytest
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation.status import SignatureCoverageLevel

from signing import MAX_PDF_BYTES, DevPki, VerificationError, verify_pdf

from .tampering import (
    broken_xref,
    changed_title,
    flipped_signature_value,
    flipped_stream_byte,
    replaced_digit,
    signature_span,
    unparsable_signature,
    wrong_byte_range,
)


def test_an_untouched_seal_covers_the_whole_file(sealed_receipt: bytes, dev_pki: DevPki):
    result = verify_pdf(sealed_receipt, [dev_pki.ca_cert])
    assert result.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert result.modification == ModificationLevel.NONE
    assert result.unchanged and result.ok
    assert result.changes == () and result.appended_bytes == 0


def test_a_title_changed_after_sealing_is_named_and_not_unchanged(sealed_receipt: bytes,
                                                                  dev_pki: DevPki):
    result = verify_pdf(changed_title(sealed_receipt), [dev_pki.ca_cert])
    assert result.signed_revision_ok
    assert not result.unchanged and not result.ok
    assert result.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert result.modification == ModificationLevel.LTA_UPDATES
    assert "Titel geändert (vorher „Eingangsquittung“, jetzt „Bewilligt“)" in result.changes


@pytest.mark.parametrize("junk", [b"Hallo", b"x" * 5000, b"xx\n%%EOF\n", b"\x00" * 3])
def test_bytes_appended_after_the_end_of_file_are_counted(sealed_receipt: bytes, dev_pki: DevPki,
                                                          junk: bytes):
    result = verify_pdf(sealed_receipt + junk, [dev_pki.ca_cert])
    assert result.signed_revision_ok
    assert result.appended_bytes == len(junk.strip())
    assert result.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert not result.unchanged and not result.ok


def test_junk_after_a_later_revision_is_counted_besides_the_change(sealed_receipt: bytes,
                                                                   dev_pki: DevPki):
    result = verify_pdf(changed_title(sealed_receipt) + b"y" * 3000, [dev_pki.ca_cert])
    assert result.appended_bytes == 3000
    assert any(change.startswith("Titel geändert") for change in result.changes)


def test_every_corrupted_digit_of_the_signature_value_gives_a_result_or_a_german_error(
    sealed_receipt: bytes, dev_pki: DevPki
):
    start, end = signature_span(sealed_receipt)
    for position in range(start, end, 3):
        try:
            verify_pdf(replaced_digit(sealed_receipt, position), [dev_pki.ca_cert])
        except VerificationError as exc:
            assert "Signatur" in str(exc) or "PDF" in str(exc)


@pytest.mark.parametrize("damage", [unparsable_signature, broken_xref],
                         ids=["cms-parse-error", "broken-xref"])
def test_damaged_pdfs_are_refused_with_a_german_message(sealed_receipt: bytes, dev_pki: DevPki,
                                                        damage):
    with pytest.raises(VerificationError, match="Signatur|PDF-Dokument"):
        verify_pdf(damage(sealed_receipt), [dev_pki.ca_cert])


def test_a_wrong_byte_range_is_never_reported_as_intact(sealed_receipt: bytes, dev_pki: DevPki):
    try:
        result = verify_pdf(wrong_byte_range(sealed_receipt), [dev_pki.ca_cert])
    except VerificationError:
        return
    assert not result.intact and not result.ok


def test_a_file_over_the_size_limit_is_refused_before_parsing(dev_pki: DevPki):
    with pytest.raises(VerificationError, match="zu groß"):
        verify_pdf(b"%PDF-1.7\n" + b"0" * MAX_PDF_BYTES, [dev_pki.ca_cert])


@pytest.mark.parametrize("flip", [flipped_stream_byte, flipped_signature_value],
                         ids=["content-stream", "signature-value"])
def test_a_flipped_signed_byte_is_neither_sound_nor_unchanged(sealed_receipt: bytes,
                                                              dev_pki: DevPki, flip):
    result = verify_pdf(flip(sealed_receipt), [dev_pki.ca_cert])
    assert not result.unchanged and not result.ok
    assert not result.matches

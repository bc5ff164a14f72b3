"""Sealing PDFs and verifying the seal: trust, tampering, broken input, key material."""

import io
import re

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from signing import (
    DevPki,
    KeyMaterialError,
    PadesSigner,
    ReceiptDocument,
    SigningError,
    VerificationError,
    render_receipt,
    verify_pdf,
)


def _signed_range(pdf: bytes) -> tuple[int, int]:
    start, length = re.search(rb"/ByteRange \[\s*(\d+) (\d+)", pdf).groups()
    return int(start), int(length)


def test_sealed_receipt_verifies_against_the_dev_ca(sealed_receipt: bytes, dev_pki: DevPki):
    result = verify_pdf(sealed_receipt, [dev_pki.ca_cert])
    assert result.ok
    assert result.signer == "Stadt Musterstadt Elektronisches Siegel"
    assert result.signed_at is not None
    assert result.signed_at.tzinfo is not None


def test_sealed_receipt_is_not_trusted_by_another_ca(sealed_receipt: bytes, foreign_pki: DevPki):
    result = verify_pdf(sealed_receipt, [foreign_pki.ca_cert])
    assert result.intact
    assert result.valid
    assert not result.trusted
    assert not result.ok


def test_changed_byte_inside_signed_range_breaks_integrity(sealed_receipt: bytes, dev_pki: DevPki):
    start, length = _signed_range(sealed_receipt)
    position = sealed_receipt.index(b"ReportLab")
    assert start <= position < start + length
    tampered = sealed_receipt.replace(b"ReportLab", b"ReportLax", 1)
    result = verify_pdf(tampered, [dev_pki.ca_cert])
    assert not result.intact
    assert not result.ok


def test_flipped_bytes_in_the_middle_are_detected(sealed_receipt: bytes, dev_pki: DevPki):
    start, length = _signed_range(sealed_receipt)
    tampered = bytearray(sealed_receipt)
    for position in range(start + length // 2, start + length // 2 + 8):
        tampered[position] ^= 0xFF
    try:
        result = verify_pdf(bytes(tampered), [dev_pki.ca_cert])
    except VerificationError:
        return
    assert not result.intact
    assert not result.ok


def test_content_appended_after_sealing_is_detected(sealed_receipt: bytes, dev_pki: DevPki):
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed_receipt))
    forged = generic.StreamObject(stream_data=b"BT 100 100 Td (Bewilligt) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(forged))
    output = io.BytesIO()
    writer.write(output)
    result = verify_pdf(output.getvalue(), [dev_pki.ca_cert])
    assert result.valid
    assert result.trusted
    assert not result.intact
    assert not result.ok


def test_second_seal_keeps_both_signatures_valid(
    sealed_receipt: bytes, seal: PadesSigner, dev_pki: DevPki
):
    twice = seal.sign(sealed_receipt, reason="Abholung", location="Musterstadt", field_name="Zweit")
    assert verify_pdf(twice, [dev_pki.ca_cert]).ok


def test_pdf_without_signature_is_refused(receipt: ReceiptDocument, dev_pki: DevPki):
    with pytest.raises(VerificationError, match="keine elektronische Signatur"):
        verify_pdf(render_receipt(receipt), [dev_pki.ca_cert])


@pytest.mark.parametrize("garbage", [b"", b"kein PDF", b"%PDF-1.7\n%%EOF"])
def test_garbage_is_refused_with_a_german_message(garbage: bytes, dev_pki: DevPki):
    with pytest.raises(VerificationError, match="kein lesbares PDF"):
        verify_pdf(garbage, [dev_pki.ca_cert])


def test_truncated_signed_pdf_is_refused(sealed_receipt: bytes, dev_pki: DevPki):
    with pytest.raises(VerificationError):
        verify_pdf(sealed_receipt[: len(sealed_receipt) // 2], [dev_pki.ca_cert])


def test_signing_garbage_raises_signing_error(seal: PadesSigner):
    with pytest.raises(SigningError):
        seal.sign(b"kein PDF", reason="Test", location="Musterstadt")


def test_signing_into_an_already_filled_field_raises(sealed_receipt: bytes, seal: PadesSigner):
    with pytest.raises(SigningError):
        seal.sign(sealed_receipt, reason="Nochmal", location="Musterstadt")


def test_chain_certificates_are_accepted(dev_pki: DevPki, receipt: ReceiptDocument):
    signer = PadesSigner(dev_pki.seal_cert, dev_pki.seal_key, chain_paths=[dev_pki.ca_cert])
    pdf = signer.sign(render_receipt(receipt), reason="Test", location="Musterstadt")
    assert verify_pdf(pdf, [dev_pki.ca_cert]).ok


def test_missing_key_file_raises_key_material_error(dev_pki: DevPki, tmp_path):
    with pytest.raises(KeyMaterialError):
        PadesSigner(dev_pki.seal_cert, tmp_path / "fehlt.pem")


def test_key_of_another_certificate_is_refused(dev_pki: DevPki, foreign_pki: DevPki):
    with pytest.raises(KeyMaterialError, match="gehört nicht"):
        PadesSigner(dev_pki.seal_cert, foreign_pki.seal_key)


def test_unreadable_trust_root_raises_key_material_error(sealed_receipt: bytes, tmp_path):
    with pytest.raises(KeyMaterialError):
        verify_pdf(sealed_receipt, [tmp_path / "fehlt.pem"])

"""Verify the PAdES signatures of a PDF against a fixed set of trust roots, without network access.

Revocation is not checked online: there is no network, so declared CRL/OCSP sources soft-fail.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import x509
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import EmbeddedPdfSignature, validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

from .exceptions import KeyMaterialError, VerificationError


@dataclass(frozen=True)
class PdfVerification:
    """Outcome of checking a signed PDF; with several signatures, every one must pass."""

    intact: bool
    """The signed bytes are unchanged and later revisions only added signatures or form data."""
    valid: bool
    """The signature value is cryptographically correct."""
    trusted: bool
    """The signer's certificate chains up to one of the given trust roots."""
    signer: str
    """Common name of the most recent signer."""
    signed_at: datetime | None
    """Signing time of the most recent signature, as claimed by the signer (or its timestamp)."""

    @property
    def ok(self) -> bool:
        """Whether the document is intact, validly signed and trusted."""
        return self.intact and self.valid and self.trusted


def verify_pdf(pdf: bytes, trust_roots: Sequence[Path]) -> PdfVerification:
    """Check every signature in ``pdf`` against ``trust_roots`` and summarise the result."""
    roots = _load_roots(trust_roots)
    signatures = _embedded_signatures(pdf)
    statuses = [_validate(signature, roots) for signature in signatures]
    latest = statuses[-1]
    return PdfVerification(
        intact=all(_untouched(status) for status in statuses),
        valid=all(status.valid for status in statuses),
        trusted=all(status.trusted for status in statuses),
        signer=_common_name(latest.signing_cert),
        signed_at=_signing_time(latest),
    )


def _load_roots(paths: Sequence[Path]) -> list[x509.Certificate]:
    try:
        return list(load_certs_from_pemder([str(path) for path in paths]))
    except (OSError, ValueError, TypeError) as exc:
        raise KeyMaterialError(f"Vertrauensanker nicht lesbar: {exc}") from exc


def _embedded_signatures(pdf: bytes) -> list[EmbeddedPdfSignature]:
    try:
        signatures = PdfFileReader(io.BytesIO(pdf)).embedded_regular_signatures
    except (PdfError, ValueError, KeyError, IndexError) as exc:
        raise VerificationError("Die Datei ist kein lesbares PDF-Dokument.") from exc
    if not signatures:
        raise VerificationError("Das PDF-Dokument enthält keine elektronische Signatur.")
    return signatures


def _validate(signature: EmbeddedPdfSignature, roots: list[x509.Certificate]) -> PdfSignatureStatus:
    # A fresh context per signature: pyHanko releases a context after each synchronous call.
    context = ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
    )
    try:
        return validate_pdf_signature(signature, signer_validation_context=context)
    except (PdfError, ValueError, KeyError) as exc:
        raise VerificationError("Die Signatur des PDF-Dokuments ist nicht auswertbar.") from exc


def _untouched(status: PdfSignatureStatus) -> bool:
    return status.intact and bool(status.docmdp_ok)


def _common_name(certificate: x509.Certificate) -> str:
    subject = certificate.subject.native
    return subject.get("common_name") or certificate.subject.human_friendly


def _signing_time(status: PdfSignatureStatus) -> datetime | None:
    if status.timestamp_validity is not None:
        return status.timestamp_validity.timestamp
    return status.signer_reported_dt

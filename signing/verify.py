"""Verify the PAdES signatures of a PDF against a fixed set of trust roots, without network access.

Besides the signature value and the chain of trust it reports what each seal covers and what was
changed after it (pyHanko's coverage and modification analysis). Revocation is not checked online:
there is no network, so declared CRL/OCSP sources soft-fail. Any failure of pyHanko or its
parsers on hostile input becomes a VerificationError with a message in the reader's language.
"""

import io
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import x509
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import EmbeddedPdfSignature, validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from common.i18n import _

from .changes import describe_revisions
from .exceptions import KeyMaterialError, VerificationError

log = logging.getLogger(__name__)

MAX_PDF_BYTES = 16 * 1024 * 1024
EOF_MARKER = b"%%EOF"
# How many earlier end-of-file markers to try when junk after the last revision hides them.
EOF_RETRIES = 3
DIFF_ANALYSIS_LOGGER = "pyhanko.sign.diff_analysis"
_held_back: ContextVar[list[str] | None] = ContextVar("held_back_diff_analysis", default=None)


class _HoldBackDiffAnalysis(logging.Filter):
    """During our verification, keep pyHanko's difference analysis from logging each change it
    finds with a traceback: a changed upload is the verdict's news, not an error of ours."""

    def filter(self, record: logging.LogRecord) -> bool:
        held = _held_back.get()
        if held is None:
            return True
        reason = record.exc_info[1] if record.exc_info else None
        held.append(str(reason or record.getMessage()).splitlines()[0][:200])
        return False


_HOLD_BACK = _HoldBackDiffAnalysis()


@contextmanager
def _quiet_diff_analysis() -> Iterator[None]:
    """Hold back the difference analysis' records (this call only) and log one INFO line."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith(DIFF_ANALYSIS_LOGGER) and _HOLD_BACK not in (
                logger := logging.getLogger(name)).filters:
            logger.addFilter(_HOLD_BACK)
    held: list[str] = []
    token = _held_back.set(held)
    try:
        yield
    finally:
        _held_back.reset(token)
        if held:
            log.info("Änderungen nach der Signatur über das Erlaubte hinaus: %s", "; ".join(held))


@dataclass(frozen=True)
class PdfVerification:
    """Outcome of checking a signed PDF; with several signatures, every one must pass."""

    intact: bool
    """The signed bytes are unchanged and later revisions stay within what the seal permits."""
    valid: bool
    """The signature value is cryptographically correct."""
    matches: bool
    """Every signature is mathematically sound: its value is correct and the digest it signs is
    that of the signed bytes (pyHanko's `valid` and `intact`, later revisions aside)."""
    trusted: bool
    """The signer's certificate chains up to one of the given trust roots."""
    signer: str
    """Common name of the most recent signer."""
    signed_at: datetime | None
    """Signing time of the most recent signature, as claimed by the signer (or its timestamp)."""
    coverage: SignatureCoverageLevel
    """What the most recent signature covers, of the file as read (junk already cut off)."""
    modification: ModificationLevel
    """pyHanko's grade of the changes after the earliest signature (NONE if there were none)."""
    changes: tuple[str, ...] = ()
    """What revisions without a signature changed after the earliest one, in the reader's words."""
    appended_bytes: int = 0
    """Bytes after the last revision that belong to no PDF revision."""

    @property
    def unchanged(self) -> bool:
        """Whether the signed bytes are as signed and nothing was added after the seals.

        Only a sound signature can say so (a forger may adjust the digest, not the value), and
        only a fully covered file counts.
        """
        return (self.matches and self.coverage == SignatureCoverageLevel.ENTIRE_FILE
                and not self.changes and not self.appended_bytes)

    @property
    def signed_revision_ok(self) -> bool:
        """Whether the seal is valid and trusted for the revision it signed."""
        return self.intact and self.valid and self.trusted

    @property
    def ok(self) -> bool:
        """Whether the document is validly sealed, trusted and unchanged since."""
        return self.signed_revision_ok and self.unchanged


def verify_pdf(pdf: bytes, trust_roots: Sequence[Path]) -> PdfVerification:
    """Check every signature in ``pdf`` against ``trust_roots`` and summarise the result."""
    roots = _load_roots(trust_roots)
    if len(pdf) > MAX_PDF_BYTES:
        raise VerificationError(_("Die Datei ist zu groß (höchstens %(size)d MB).",
                                  size=MAX_PDF_BYTES // 2**20))
    reader, appended = _read(pdf)
    signatures = _embedded_signatures(reader)
    with _quiet_diff_analysis():
        statuses = [_validate(signature, roots) for signature in signatures]
    latest = statuses[-1]
    return PdfVerification(
        intact=all(_untouched(status) for status in statuses),
        valid=all(status.valid for status in statuses),
        matches=all(status.valid and status.intact for status in statuses),
        trusted=all(status.trusted for status in statuses),
        signer=_common_name(latest.signing_cert),
        signed_at=_signing_time(latest),
        coverage=_coverage(latest.coverage, appended),
        modification=statuses[0].modification_level or ModificationLevel.NONE,
        changes=_guarded(describe_revisions, reader, _unsigned_revisions(reader, signatures)),
        appended_bytes=appended,
    )


def _load_roots(paths: Sequence[Path]) -> list[x509.Certificate]:
    try:
        return list(load_certs_from_pemder([str(path) for path in paths]))
    except (OSError, ValueError, TypeError) as exc:
        raise KeyMaterialError(_("Vertrauensanker nicht lesbar: %(error)s", error=exc)) from exc


def _read(pdf: bytes) -> tuple[PdfFileReader, int]:
    """Read ``pdf``; if junk after the last revision hides its end, read up to an earlier one.

    Return the reader and the number of bytes after the last revision. A shortened file only
    counts if it still holds a signature: else it is an unsigned draft, not the document.
    """
    reader = _reader(pdf)
    if reader is not None:
        return reader, _junk_after(pdf, len(pdf), reader)
    for end in _eof_ends(pdf):
        reader = _reader(pdf[:end])
        if reader is not None and _guarded(lambda r=reader: r.embedded_regular_signatures):
            return reader, _junk_after(pdf, end, reader)
    raise VerificationError(_("Die Datei ist kein lesbares PDF-Dokument."))


def _reader(pdf: bytes) -> PdfFileReader | None:
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        reader.root  # noqa: B018 - parse the catalogue now, inside the guard
    except Exception:  # noqa: BLE001 - hostile input may break pyHanko in any way
        log.info("PDF nicht lesbar (%d Bytes)", len(pdf), exc_info=True)
        return None
    return reader


def _eof_ends(pdf: bytes) -> list[int]:
    """Ends of the last few revisions (after %%EOF and its line break) that junk follows."""
    ends, position = [], len(pdf)
    while len(ends) < EOF_RETRIES and (position := pdf.rfind(EOF_MARKER, 0, position)) >= 0:
        end = _line_end(pdf, position + len(EOF_MARKER))
        if pdf[end:].strip():  # else the whole file was already tried
            ends.append(end)
    return ends


def _line_end(pdf: bytes, position: int) -> int:
    # A signature's byte range includes the line break after %%EOF.
    for newline in (b"\r\n", b"\n", b"\r"):
        if pdf.startswith(newline, position):
            return position + len(newline)
    return position


def _junk_after(pdf: bytes, end: int, reader: PdfFileReader) -> int:
    """Count the bytes after the end of the last revision, which no reader will ever show."""
    last = reader.xrefs.get_xref_container_info(reader.xrefs.total_revisions - 1)
    marker = pdf.find(EOF_MARKER, last.end_location, end)
    revision_end = end if marker < 0 else marker + len(EOF_MARKER)
    return len(pdf[revision_end:].strip())


def _embedded_signatures(reader: PdfFileReader) -> list[EmbeddedPdfSignature]:
    try:
        signatures = reader.embedded_regular_signatures
    except Exception as exc:  # noqa: BLE001 - e.g. a CMS value that does not parse
        log.info("Signaturen nicht lesbar", exc_info=True)
        raise VerificationError(_("Die Signatur des PDF-Dokuments ist beschädigt und nicht "
                                  "lesbar.")) from exc
    if not signatures:
        raise VerificationError(_("Das PDF-Dokument enthält keine elektronische Signatur."))
    return signatures


def _validate(signature: EmbeddedPdfSignature, roots: list[x509.Certificate]) -> PdfSignatureStatus:
    # A fresh context per signature: pyHanko releases a context after each synchronous call.
    context = ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
    )
    return _guarded(validate_pdf_signature, signature, signer_validation_context=context)


def _guarded(function, *args, **kwargs):
    """Call into pyHanko; whatever hostile input makes it raise becomes a VerificationError."""
    try:
        return function(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - pyHanko raises many types on broken input
        log.info("Signaturprüfung fehlgeschlagen", exc_info=True)
        raise VerificationError(_("Die Signatur des PDF-Dokuments ist beschädigt oder nicht "
                                  "auswertbar.")) from exc


def _unsigned_revisions(reader: PdfFileReader, signatures: list[EmbeddedPdfSignature]) -> list[int]:
    """Revisions after the earliest signature that no signature covers, oldest first."""
    signed = {signature.signed_revision for signature in signatures}
    later = range(signatures[0].signed_revision + 1, reader.xrefs.total_revisions)
    return [revision for revision in later if revision not in signed]


def _coverage(level: SignatureCoverageLevel, appended: int) -> SignatureCoverageLevel:
    # Read without the junk, the file looks fully covered; the file brought was not.
    if appended and level == SignatureCoverageLevel.ENTIRE_FILE:
        return SignatureCoverageLevel.ENTIRE_REVISION
    return level


def _untouched(status: PdfSignatureStatus) -> bool:
    return status.intact and bool(status.docmdp_ok)


def _common_name(certificate: x509.Certificate) -> str:
    subject = certificate.subject.native
    return subject.get("common_name") or certificate.subject.human_friendly


def _signing_time(status: PdfSignatureStatus) -> datetime | None:
    if status.timestamp_validity is not None:
        return status.timestamp_validity.timestamp
    return status.signer_reported_dt

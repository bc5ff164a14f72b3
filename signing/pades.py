"""PAdES signatures with pyHanko: apply the municipality's electronic seal to a PDF.

The key and certificates are loaded once per ``PadesSigner``; signing itself touches no files.
A seal is invisible unless the caller names a box: then the page shows where it is sealed,
by whom and when (a letter's seal box).
"""

import io
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.keys import load_cert_from_pemder, load_certs_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from common.i18n import _

from .exceptions import KeyMaterialError, SigningError
from .signer import Signer

# untranslated: the stamp is part of the signed record, German like its reason and location
STAMP_TEXT = "Elektronisch gesiegelt\n%(signer)s\n%(ts)s"
STAMP_TIME = "%d.%m.%Y %H:%M:%S %Z"


class SealBox(NamedTuple):
    """Where a visible seal goes: a page (0 = the first) and a rectangle in PDF points."""

    page: int
    x1: int
    y1: int
    x2: int
    y2: int

    @property
    def rect(self) -> tuple[int, int, int, int]:
        """Return the rectangle as pyHanko takes it (lower left, upper right)."""
        return self.x1, self.y1, self.x2, self.y2


def stamp_style() -> TextStampStyle:
    """Return how the seal box looks: a thin frame naming the seal's holder and the time."""
    return TextStampStyle(stamp_text=STAMP_TEXT, timestamp_format=STAMP_TIME, border_width=1,
                          text_box_style=TextBoxStyle(font_size=8))


class PadesSigner(Signer[bytes]):
    """Seal PDFs with one key and certificate from files (PAdES baseline B-B, SHA-256)."""

    def __init__(self, cert_path: Path, key_path: Path, chain_paths: Iterable[Path] = ()) -> None:
        """Load the seal key, its certificate and the intermediate certificates."""
        self._signer = _load_signer(Path(cert_path), Path(key_path), [Path(p) for p in chain_paths])

    @property
    def description(self) -> str:
        """Name the seal certificate's subject."""
        subject = self._signer.signing_cert.subject.human_friendly
        return _("PAdES-Siegel %(subject)s", subject=subject)

    def sign(self, pdf: bytes, *, reason: str, location: str, field_name: str = "Siegel",
             box: SealBox | None = None) -> bytes:
        """Return ``pdf`` with a PAdES signature appended as an incremental update; with a
        ``box``, the signature field is visible there (else it has no appearance)."""
        # reason, location and the field name are signed with the document: callers give them
        # in German, the language of the record, whatever language the document is printed in.
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            reason=reason,
            location=location,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
        )
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
            if box is None:
                output = signers.sign_pdf(writer, meta, signer=self._signer)
            else:
                spec = fields.SigFieldSpec(field_name, on_page=box.page, box=box.rect)
                output = signers.PdfSigner(meta, self._signer, stamp_style=stamp_style(),
                                           new_field_spec=spec).sign_pdf(writer)
        except (PdfError, ValueError) as exc:
            raise SigningError(_("Das PDF konnte nicht signiert werden: %(error)s",
                                 error=exc)) from exc
        return output.getvalue()


def _load_signer(cert_path: Path, key_path: Path, chain_paths: list[Path]) -> signers.SimpleSigner:
    try:
        key = load_private_key_from_pemder(key_path, passphrase=None)
        cert = load_cert_from_pemder(cert_path)
        chain = list(load_certs_from_pemder(chain_paths))
    except (OSError, ValueError, TypeError) as exc:
        raise KeyMaterialError(_("Schlüssel oder Zertifikat nicht lesbar: %(error)s",
                                 error=exc)) from exc
    _check_key_matches(key.dump(), cert.dump())
    registry = SimpleCertificateStore()
    registry.register_multiple(chain)
    return signers.SimpleSigner(signing_cert=cert, signing_key=key, cert_registry=registry)


def _check_key_matches(key_der: bytes, cert_der: bytes) -> None:
    """Refuse a key that does not belong to the certificate: every seal would be invalid."""
    try:
        private_key = serialization.load_der_private_key(key_der, password=None)
        certificate = x509.load_der_x509_certificate(cert_der)
    except ValueError as exc:
        raise KeyMaterialError(_("Schlüssel oder Zertifikat unbrauchbar: %(error)s",
                                 error=exc)) from exc
    if private_key.public_key() != certificate.public_key():
        raise KeyMaterialError(_("Der Schlüssel gehört nicht zum Siegelzertifikat."))

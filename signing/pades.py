"""PAdES signatures with pyHanko: apply the municipality's electronic seal to a PDF.

The key and certificates are loaded once per ``PadesSigner``; signing itself touches no files.
"""

import io
from collections.abc import Iterable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.keys import load_cert_from_pemder, load_certs_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from common.i18n import _

from .exceptions import KeyMaterialError, SigningError
from .signer import Signer


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

    def sign(self, pdf: bytes, *, reason: str, location: str, field_name: str = "Siegel") -> bytes:
        """Return ``pdf`` with a PAdES signature appended as an incremental update."""
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
            output = signers.sign_pdf(writer, meta, signer=self._signer)
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

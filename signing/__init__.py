"""Documents that carry proof: receipt PDFs, PAdES seals and their verification, OpenPGP.

A plain library: it knows nothing of the web app or the gateway. Its texts go through the
translation layer (common.i18n); outside an app context they are German.
"""

from .detached import DetachedSigner
from .devpki import DevPki, create_dev_pki
from .exceptions import KeyMaterialError, OpenPgpError, SigningError, VerificationError
from .openpgp import Decrypted, Keyring, KeyringSigner, end_gpg_agent
from .pades import PadesSigner
from .receipt_fonts import ReceiptFonts
from .receipt_pdf import ReceiptDocument, ReceiptSection, render_receipt
from .signer import Signer
from .verify import MAX_PDF_BYTES, PdfVerification, verify_pdf

__all__ = [
    "Decrypted",
    "DetachedSigner",
    "DevPki",
    "MAX_PDF_BYTES",
    "KeyMaterialError",
    "Keyring",
    "KeyringSigner",
    "OpenPgpError",
    "PadesSigner",
    "PdfVerification",
    "ReceiptDocument",
    "ReceiptFonts",
    "ReceiptSection",
    "Signer",
    "SigningError",
    "VerificationError",
    "create_dev_pki",
    "end_gpg_agent",
    "render_receipt",
    "verify_pdf",
]

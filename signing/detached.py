"""Detached OpenPGP signatures made in this process, with a key taken once from a gpg keyring.

Receipts are signed several times per delivery. A gpg process per signature costs ~6 ms of
fork and start-up; Sequoia (pysequoia) signs the same data in well under a millisecond. The key
stays the keyring's: it is exported once when the signer is built, and gpg still verifies every
signature (Keyring.verify_detached), so both sides speak plain OpenPGP and check each other.
"""

from __future__ import annotations

import pysequoia

from common.i18n import _

from .exceptions import OpenPgpError
from .openpgp import Keyring, normalise_fingerprint
from .signer import Signer


class DetachedSigner(Signer[str]):
    """Makes armored detached signatures with one secret key held in memory."""

    def __init__(self, secret_key: bytes, fingerprint: str) -> None:
        """Load ``secret_key`` (OpenPGP transferable secret key) and check it is ``fingerprint``."""
        wanted = normalise_fingerprint(fingerprint)
        try:
            key = pysequoia.Tsk.from_bytes(secret_key)
            signer, problem = key.signer(), ""
        except Exception as exc:  # pysequoia raises plain Exceptions for unreadable key data
            problem = str(exc)
        # Drop the key bytes before anything is raised: error reporters that record a
        # traceback's local variables must not get the secret key.
        del secret_key
        if problem:
            raise OpenPgpError(
                _("Der Signaturschlüssel ist nicht lesbar: %(error)s", error=problem),
                status="unreadable secret key")
        found = key.extract_certificate().fingerprint.upper()
        if found != wanted:
            raise OpenPgpError(
                _("Der Signaturschlüssel ist %(found)s, nicht %(wanted)s.", found=found,
                  wanted=wanted), status="fingerprint mismatch")
        self.fingerprint = wanted
        self._signer = signer

    @classmethod
    def from_keyring(cls, keyring: Keyring, fingerprint: str) -> DetachedSigner:
        """Build a signer for ``fingerprint`` from the secret key in ``keyring``."""
        return cls(keyring.export_secret(fingerprint), fingerprint)

    @property
    def description(self) -> str:
        """Name the signing key's fingerprint."""
        return _("OpenPGP-Schlüssel %(fingerprint)s", fingerprint=self.fingerprint)

    def sign(self, data: bytes) -> str:
        """Return an armored detached signature of ``data``."""
        # Safe from several threads at once (web threads signing Abholbestätigungen): tested.
        signature = pysequoia.sign(self._signer, data, mode=pysequoia.SignatureMode.DETACHED)
        return signature.decode("ascii")

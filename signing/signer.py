"""What every signer is: one key, wherever it lives (a file, an HSM, a remote sealing service).

Callers hold a `Signer` and call `sign`; which implementation signs is chosen where the keys are
loaded, so a new kind of key plugs in without touching them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Generic, TypeVar

Signed = TypeVar("Signed", bytes, str)


class Signer(ABC, Generic[Signed]):
    """Signs data with one key; raises a SigningError subclass when it cannot.

    Two shapes are in use: a PDF seal (``Signer[bytes]``: the PDF in, the sealed PDF out,
    with ``reason`` and ``location``, and optionally ``box``, a ``pades.SealBox`` where the
    seal is shown; a seal that cannot show one may ignore it) and a detached signature
    (``Signer[str]``: the data in, an armored OpenPGP signature out).
    """

    @property
    @abstractmethod
    def description(self) -> str:
        """Name the key that signs (certificate subject or fingerprint), for logs and admins."""

    @abstractmethod
    def sign(self, data: bytes, /, **context: Any) -> Signed:
        """Return the signed document or the detached signature of ``data``."""

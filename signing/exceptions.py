"""Exceptions raised by the signing package.

Every error from pyHanko, cryptography or gpg is translated into one of these at the boundary.
"""


class SigningError(Exception):
    """Base class for every error of the signing package."""


class KeyMaterialError(SigningError):
    """A key or certificate is missing, unreadable or unusable."""


class OpenPgpError(SigningError):
    """A gpg operation failed; ``status`` holds python-gnupg's status text."""

    def __init__(self, message: str, *, status: str | None = None) -> None:
        super().__init__(message)
        self.status = status or ""


class VerificationError(SigningError):
    """A document or signature could not be verified at all."""

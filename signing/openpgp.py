"""OpenPGP through gpg and python-gnupg: keys, sign+encrypt, decrypt+verify, signature checks.

Every Keyring owns a gpg home directory and the gpg-agent gpg starts there; python-gnupg never
raises, so each result is checked here.
"""

import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import gnupg

from common.i18n import _, _l

from .exceptions import OpenPgpError, VerificationError
from .gpg_status import NAME as GPG_STATUS_ENCODING
from .signer import Signer

# Trust model "direct": a key is valid for encryption exactly when this keyring set its ownertrust,
# which only import_pinned does, after comparing the fingerprint with the pinned one. The pin is
# the whole check, so there is nothing for the web of trust to compute. The alternative, lsigning
# with a local key, needs an ultimately trusted secret key in every keyring and a trustdb
# recomputation; always_trust would make any key that ever lands in the homedir usable.
GPG_OPTIONS = ("--trust-model", "direct", "--no-auto-key-retrieve")
FINGERPRINT = re.compile(r"[0-9A-F]{40}|[0-9A-F]{64}")
T = TypeVar("T")


@dataclass(frozen=True)
class Decrypted:
    """A decrypted message and what gpg found out about its signature."""

    data: bytes
    signer_fingerprint: str | None
    """Primary key fingerprint of the signer when the signature checked out, else None."""
    signature_valid: bool
    """True only for a good signature by a key this keyring trusts (own or pinned)."""


class Keyring:
    """A gpg keyring in its own home directory."""

    def __init__(self, homedir: Path, *, gpg_binary: str = "gpg") -> None:
        """Open (and create, mode 0700) the keyring in ``homedir``."""
        self.homedir = Path(homedir)
        self.homedir.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.homedir, 0o700)
        try:
            self._gpg = gnupg.GPG(
                gpgbinary=gpg_binary,
                gnupghome=str(self.homedir),
                options=list(GPG_OPTIONS),
                encoding=GPG_STATUS_ENCODING,
            )
        except (OSError, ValueError) as exc:
            raise OpenPgpError(_("gpg ist nicht verfügbar: %(error)s", error=exc),
                               status="no gpg") from exc
        # The gpgconf of the same GnuPG installation: only it knows where that agent listens.
        self._gpgconf = str(Path(gpg_binary).with_name("gpgconf")) if os.sep in gpg_binary else (
            "gpgconf")

    def close(self) -> None:
        """End the gpg-agent of this home; the keyring stays usable (gpg starts a new one)."""
        end_gpg_agent(self.homedir, gpgconf=self._gpgconf)

    def __enter__(self) -> "Keyring":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def generate_key(self, name: str, email: str) -> str:
        """Create an unprotected ed25519/cv25519 key pair and return its fingerprint."""
        if any(char in name + email for char in "\r\n\0"):
            # gpg reads key parameters line by line: a line break would inject parameters.
            raise OpenPgpError(_("Name und E-Mail-Adresse sind ungültig."), status="invalid input")
        params = self._gpg.gen_key_input(
            key_type="EDDSA",
            key_curve="ed25519",
            key_usage="sign",
            subkey_type="ECDH",
            subkey_curve="cv25519",
            subkey_usage="encrypt",
            name_real=name,
            name_email=email,
            expire_date=0,
            no_protection=True,
        )
        result = _run(self._gpg.gen_key, params)
        _check(result.fingerprint, _("Der Schlüssel konnte nicht erzeugt werden."), result)
        return result.fingerprint

    def export_public(self, fingerprint: str) -> str:
        """Return the ASCII-armored public key for ``fingerprint``."""
        armored = _run(self._gpg.export_keys, normalise_fingerprint(fingerprint), armor=True,
                       minimal=True)
        if not armored:
            raise OpenPgpError(_("Kein Schlüssel %(fingerprint)s vorhanden.",
                                 fingerprint=fingerprint), status="no public key")
        return armored

    def import_pinned(self, armored: str, fingerprint: str) -> str:
        """Import a public key only if it is exactly the pinned one; trust it for encryption."""
        pinned = normalise_fingerprint(fingerprint)
        # A dry run lists what the block holds without importing: refuse before anything lands.
        found = [
            (key["type"], key["fingerprint"]) for key in _run(self._gpg.scan_keys_mem, armored)
        ]
        if found != [("pub", pinned)]:
            raise OpenPgpError(
                _("Der Schlüssel passt nicht zum hinterlegten Fingerabdruck."),
                status="fingerprint mismatch",
            )
        result = _run(self._gpg.import_keys, armored)
        _check(pinned in result.fingerprints, _("Der Schlüssel ließ sich nicht importieren."),
               result)
        self._trust(pinned)
        return pinned

    def sign_encrypt(self, data: bytes, *, signer: str, recipients: Sequence[str]) -> bytes:
        """Sign ``data`` with ``signer`` and encrypt it to ``recipients`` (armored)."""
        if not recipients:
            raise OpenPgpError(_("Keine Empfänger angegeben."), status="no recipients")
        result = _run(
            self._gpg.encrypt,
            data,
            [normalise_fingerprint(recipient) for recipient in recipients],
            sign=True,
            armor=True,
            extra_args=_local_user(signer),
        )
        _check(result.ok, _("Signieren und Verschlüsseln fehlgeschlagen."), result)
        return result.data

    def decrypt_verify(self, data: bytes) -> Decrypted:
        """Decrypt ``data`` and report who signed it."""
        result = _run(self._gpg.decrypt, data)
        _check(result.ok, _("Die Nachricht ließ sich nicht entschlüsseln."), result)
        return Decrypted(
            data=result.data,
            signer_fingerprint=result.pubkey_fingerprint,
            signature_valid=_trusted_signature(result),
        )

    def sign_detached(self, data: bytes, *, signer: str) -> str:
        """Return gpg's armored detached signature of ``data`` by ``signer``."""
        result = _run(self._gpg.sign, data, detach=True, clearsign=False,
                      extra_args=_local_user(signer))
        _check(result.data, _("Signieren fehlgeschlagen."), result)
        return result.data.decode("ascii")

    def verify_detached(self, data: bytes, signature: str) -> str:
        """Check a detached signature and return the signer's primary key fingerprint."""
        # python-gnupg reads a detached signature only from a file; the homedir is private.
        with tempfile.NamedTemporaryFile("w", dir=self.homedir, suffix=".asc") as sig_file:
            sig_file.write(signature)
            sig_file.flush()
            try:
                result = _run(self._gpg.verify_data, sig_file.name, data)
            except OpenPgpError as exc:
                raise VerificationError(_("Die Signatur ist nicht lesbar.")) from exc
        if not _trusted_signature(result):
            raise VerificationError(_verdict(result))
        return result.pubkey_fingerprint

    def export_secret(self, fingerprint: str) -> bytes:
        """Return the secret key for ``fingerprint``, armored, for in-process signing.

        Only an unprotected key is of use (DetachedSigner refuses a passphrase-protected one).
        """
        wanted = normalise_fingerprint(fingerprint)
        exported = _run(self._gpg.export_keys, wanted, secret=True, armor=True,
                        expect_passphrase=False)
        if not exported:
            raise OpenPgpError(_("Kein geheimer Schlüssel %(fingerprint)s vorhanden.",
                                 fingerprint=wanted),
                               status="no secret key")
        return exported.encode("ascii")

    def has_secret_key(self, fingerprint: str) -> bool:
        """Tell whether this keyring holds the secret key for ``fingerprint``."""
        wanted = normalise_fingerprint(fingerprint)
        keys = _run(self._gpg.list_keys, secret=True, keys=[wanted])
        return any(key["fingerprint"] == wanted for key in keys)

    def _trust(self, fingerprint: str) -> None:
        try:
            result = _run(self._gpg.trust_keys, fingerprint, "TRUST_FULLY")
        except ValueError as exc:
            raise OpenPgpError(_("Der Schlüssel ließ sich nicht freigeben."),
                               status=str(exc)) from exc
        _check(result, _("Der Schlüssel ließ sich nicht freigeben."), result)


class KeyringSigner(Signer[str]):
    """Detached signatures made by gpg on every call: the key may stay on a smartcard or HSM.

    Slower than DetachedSigner (a gpg process per signature), but the secret key never has
    to leave gpg-agent's custody.
    """

    def __init__(self, keyring: Keyring, fingerprint: str) -> None:
        """Sign with the key ``fingerprint`` that ``keyring``'s gpg-agent holds."""
        self.fingerprint = normalise_fingerprint(fingerprint)
        self._keyring = keyring

    @property
    def description(self) -> str:
        """Name the signing key's fingerprint."""
        return _("OpenPGP-Schlüssel %(fingerprint)s (gpg)", fingerprint=self.fingerprint)

    def sign(self, data: bytes) -> str:
        """Return an armored detached signature of ``data``."""
        return self._keyring.sign_detached(data, signer=self.fingerprint)


def end_gpg_agent(homedir: Path | str, *, gpgconf: str = "gpgconf") -> None:
    """End the gpg-agent (and any other GnuPG daemon) that gpg started for ``homedir``."""
    # gpg starts an agent on the first secret-key operation and leaves it running after gpg,
    # python-gnupg and this process have gone: whoever created the home must end it.
    try:
        subprocess.run([gpgconf, "--homedir", str(homedir), "--kill", "all"], check=False,
                       capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        pass  # without gpgconf gpg could not have started an agent either


def _run(method: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call python-gnupg; turn the broken pipe it raises when gpg rejects input early into ours."""
    try:
        return method(*args, **kwargs)
    except OSError as exc:
        # gpg stops reading as soon as it refuses the input (unknown recipient, no OpenPGP data);
        # python-gnupg then re-raises its writer thread's BrokenPipeError and drops the status.
        raise OpenPgpError(
            _("gpg hat die Eingabe abgelehnt: %(error)s", error=exc), status="input rejected"
        ) from exc


def normalise_fingerprint(value: str) -> str:
    """Return ``value`` as a full upper-case fingerprint (only those name a key unambiguously)."""
    normalised = value.replace(" ", "").upper()
    if not FINGERPRINT.fullmatch(normalised):
        raise OpenPgpError(_("Kein gültiger Fingerabdruck: %(value)s", value=repr(value)),
                           status="invalid fingerprint")
    return normalised


def _local_user(signer: str) -> list[str]:
    # Not python-gnupg's keyid/sign=: they pass --default-key, and gpg silently signs with
    # another secret key when that one is unusable. --local-user fails instead.
    return ["--local-user", normalise_fingerprint(signer)]


# python-gnupg's verification statuses, told as a resident understands them.
VERIFY_STATUSES = {
    "signature bad": _l("Die Signatur passt nicht zum Text: der Text oder die Signatur wurde "
                        "verändert."),
    "signature expected but not found": _l("Im Feld für die Signatur steht keine "
                                           "OpenPGP-Signatur."),
    "unexpected data": _l("Im Feld für die Signatur stehen Daten, die keine Signatur sind."),
    "no public key": _l("Die Signatur stammt von einem Schlüssel, den diese Plattform nicht "
                        "kennt."),
    "signature error": _l("Die Signatur lässt sich nicht auswerten."),
    "signature expired": _l("Die Signatur ist abgelaufen."),
    "key expired": _l("Der Schlüssel der Signatur ist abgelaufen."),
    "key revoked": _l("Der Schlüssel der Signatur wurde widerrufen."),
    "signature valid": _l("Die Signatur stammt von einem Schlüssel, dem diese Plattform nicht "
                          "vertraut."),
}


def _verdict(result: gnupg.Verify) -> str:
    """Return why a detached signature does not hold, in the current language."""
    return str(VERIFY_STATUSES.get(result.status or "", _l("Die Signatur ist ungültig.")))


def _trusted_signature(result: gnupg.Verify) -> bool:
    level = result.trust_level
    return bool(result.valid) and level is not None and level >= result.TRUST_FULLY


def _check(ok: object, message: str, result: object) -> None:
    """Raise OpenPgpError carrying python-gnupg's status unless ``ok`` is truthy."""
    if not ok:
        status = getattr(result, "status", None) or "unknown"
        raise OpenPgpError(_("%(message)s (gpg: %(status)s)", message=message, status=status),
                           status=status)

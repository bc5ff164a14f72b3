"""The gateway's signers, chosen by configuration: one seals receipt PDFs, one signs receipts.

`SIGNING_SEAL_SIGNER` and `SIGNING_RECEIPT_SIGNER` name a plug-in of `signers`. An HSM or a
remote sealing service is one more plug-in: a class with its role and a `build(setup)` that
returns a `signing.Signer`, registered under its id; no caller changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from common.registry import Registry, RegistryError
from signing import DetachedSigner, Keyring, KeyringSigner, PadesSigner, Signer

EXTENSION = "mailgateway.signers"
SETTINGS = {"seal": "SIGNING_SEAL_SIGNER", "receipt": "SIGNING_RECEIPT_SIGNER"}
"""The config key naming the plug-in for each role."""
DEFAULTS = {"SIGNING_SEAL_SIGNER": "pades-local", "SIGNING_RECEIPT_SIGNER": "openpgp-local"}


@dataclass(frozen=True)
class KeySetup:
    """What a signer is built from: the app's config and the gateway's keyring and key."""

    config: Mapping[str, Any]
    keyring: Keyring
    fingerprint: str
    """The gateway's OpenPGP key, whose signatures the receipts' readers check."""


class SignerPlugin:
    """Builds the signer of one role: "seal" (PDF in, sealed PDF out) or "receipt" (detached)."""

    identifier: str = ""
    role: str = ""

    def build(self, setup: KeySetup) -> Signer:
        """Return a ready signer; raise a SigningError subclass if its keys are unusable."""
        raise NotImplementedError


signers: Registry[SignerPlugin] = Registry("signer")


@signers.register("pades-local")
class LocalPadesSeal(SignerPlugin):
    """The municipality's seal from files in SIGNING_PKI_DIR (seal.pem, seal-key.pem, ca.pem)."""

    role = "seal"

    def build(self, setup: KeySetup) -> Signer:
        """Load the seal key and certificate with the CA as chain."""
        pki = Path(setup.config["SIGNING_PKI_DIR"])
        return PadesSigner(pki / "seal.pem", pki / "seal-key.pem", chain_paths=(pki / "ca.pem",))


@signers.register("openpgp-local")
class InProcessOpenPgp(SignerPlugin):
    """The gateway key, exported once from its keyring and used in this process (fast)."""

    role = "receipt"

    def build(self, setup: KeySetup) -> Signer:
        """Export the gateway's secret key into an in-process signer."""
        return DetachedSigner.from_keyring(setup.keyring, setup.fingerprint)


@signers.register("openpgp-gpg")
class GpgOpenPgp(SignerPlugin):
    """The gateway key used through gpg for every signature (it may stay on a smartcard)."""

    role = "receipt"

    def build(self, setup: KeySetup) -> Signer:
        """Sign through the keyring's gpg."""
        return KeyringSigner(setup.keyring, setup.fingerprint)


def init_app(app: Flask, registry: Registry[SignerPlugin] = signers) -> None:
    """Set the signer defaults, check the configured ones exist for their role, keep them."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    for role in SETTINGS:
        configured(registry, app.config, role)
    app.extensions[EXTENSION] = registry


def configured(registry: Registry[SignerPlugin], config: Mapping[str, Any],
               role: str) -> SignerPlugin:
    """Return the plug-in the config names for ``role``; refuse one made for another role."""
    setting = SETTINGS[role]
    plugin = registry[config[setting]]
    if plugin.role != role:
        raise RegistryError(f"{setting}: signer {plugin.identifier!r} is a {plugin.role!r} "
                            f"signer, not a {role!r} one")
    return plugin


def plugin_for(role: str, setup: KeySetup, app: Flask | None = None) -> SignerPlugin:
    """Return the plug-in that builds the signer of ``role`` for ``app`` (the current one)."""
    return configured((app or current_app).extensions[EXTENSION], setup.config, role)

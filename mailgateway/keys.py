"""Key material of the gateway, loaded once per process and kept across jobs."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from signing import Keyring, Signer

from .signers import KeySetup, SignerPlugin, plugin_for
from .state import state


@dataclass
class GatewayKeys:
    """The gateway's OpenPGP keyring and key, the seal signer and the trust roots."""

    keyring: Keyring
    gateway_fingerprint: str
    seal: Signer[bytes]
    """Seals receipt PDFs (SIGNING_SEAL_SIGNER)."""
    trust_roots: tuple[Path, ...]
    setup: KeySetup
    receipt_plugin: SignerPlugin
    """Builds the receipts' signer (SIGNING_RECEIPT_SIGNER) when first needed."""
    _signer: Signer[str] | None = field(default=None, init=False, repr=False)
    _signer_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def receipt_signer(self) -> Signer[str]:
        """Return the signer for receipts, built on first use.

        Built lazily so that only processes that sign receipts (workers, the case workers'
        web app) hold the secret key in memory; /pruefen and the CLI only verify.
        """
        with self._signer_lock:  # web threads may ask at once; export the key only once
            if self._signer is None:
                self._signer = self.receipt_plugin.build(self.setup)
        return self._signer


def gateway_keys() -> GatewayKeys:
    """Return this process's keys, loading them on first use (slow once, fast after)."""
    current = state()
    if current.keys is None:
        current.keys = load_keys()
    return current.keys


def load_keys() -> GatewayKeys:
    """Load keys from the instance: gpg home, keys.json (gateway fingerprint) and the signers."""
    config = current_app.config
    fingerprints = json.loads(Path(config["MAILGATEWAY_KEYS_FILE"]).read_text("utf-8"))
    setup = KeySetup(config, Keyring(Path(config["MAILGATEWAY_GNUPG_HOME"])),
                     fingerprints["gateway"])
    return GatewayKeys(
        keyring=setup.keyring,
        gateway_fingerprint=setup.fingerprint,
        seal=plugin_for("seal", setup).build(setup),
        trust_roots=(Path(config["SIGNING_PKI_DIR"]) / "ca.pem",),
        setup=setup,
        receipt_plugin=plugin_for("receipt", setup),
    )

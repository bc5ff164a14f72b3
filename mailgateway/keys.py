"""Key material of the gateway, loaded once per process and kept across jobs."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from signing import DetachedSigner, Keyring, PadesSigner

from .state import state


@dataclass
class GatewayKeys:
    """The gateway's OpenPGP keyring and key, the seal signer and the trust roots."""

    keyring: Keyring
    gateway_fingerprint: str
    seal: PadesSigner
    trust_roots: tuple[Path, ...]
    _signer: DetachedSigner | None = field(default=None, init=False, repr=False)
    _signer_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def receipt_signer(self) -> DetachedSigner:
        """Return the in-process signer for receipts, built on first use.

        Built lazily so that only processes that sign receipts (workers, the case workers'
        web app) hold the secret key in memory; /pruefen and the CLI only verify.
        """
        with self._signer_lock:  # web threads may ask at once; export the key only once
            if self._signer is None:
                self._signer = DetachedSigner.from_keyring(self.keyring, self.gateway_fingerprint)
        return self._signer


def gateway_keys() -> GatewayKeys:
    """Return this process's keys, loading them on first use (slow once, fast after)."""
    current = state()
    if current.keys is None:
        current.keys = load_keys()
    return current.keys


def load_keys() -> GatewayKeys:
    """Load keys from the instance: gpg home, keys.json (gateway fingerprint) and the PKI."""
    config = current_app.config
    fingerprints = json.loads(Path(config["MAILGATEWAY_KEYS_FILE"]).read_text("utf-8"))
    pki = Path(config["SIGNING_PKI_DIR"])
    ca = pki / "ca.pem"
    return GatewayKeys(
        keyring=Keyring(Path(config["MAILGATEWAY_GNUPG_HOME"])),
        gateway_fingerprint=fingerprints["gateway"],
        seal=PadesSigner(pki / "seal.pem", pki / "seal-key.pem", chain_paths=(ca,)),
        trust_roots=(ca,),
    )

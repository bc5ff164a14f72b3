"""Key material of the gateway, loaded once per process and kept across jobs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from signing import DetachedSigner, Keyring, PadesSigner

from . import state


@dataclass(frozen=True)
class GatewayKeys:
    """The gateway's OpenPGP keyring and key, the receipt and seal signers, the trust roots."""

    keyring: Keyring
    gateway_fingerprint: str
    receipt_signer: DetachedSigner
    """Signs receipts in this process with the gateway key (gpg verifies them)."""
    seal: PadesSigner
    trust_roots: tuple[Path, ...]


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
    keyring = Keyring(Path(config["MAILGATEWAY_GNUPG_HOME"]))
    return GatewayKeys(
        keyring=keyring,
        gateway_fingerprint=fingerprints["gateway"],
        receipt_signer=DetachedSigner.from_keyring(keyring, fingerprints["gateway"]),
        seal=PadesSigner(pki / "seal.pem", pki / "seal-key.pem", chain_paths=(ca,)),
        trust_roots=(ca,),
    )

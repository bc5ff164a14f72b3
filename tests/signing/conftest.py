"""Fixtures for the signing tests: development PKIs, a sealed receipt and gpg keyrings.

Everything is real: certificates from cryptography, signatures from pyHanko, keys from gpg.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from signing import (
    DevPki,
    Keyring,
    PadesSigner,
    ReceiptDocument,
    ReceiptSection,
    create_dev_pki,
    render_receipt,
)


@dataclass(frozen=True)
class TwoKeys:
    """A keyring holding the gateway's and a department's key pair."""

    keyring: Keyring
    gateway: str
    department: str


@pytest.fixture(scope="session")
def dev_pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    """The development PKI whose CA the tests trust."""
    return create_dev_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def foreign_pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    """A second, unrelated PKI: its CA must not vouch for our seal."""
    return create_dev_pki(tmp_path_factory.mktemp("foreign-pki"), organisation="Stadt Anderswo")


@pytest.fixture(scope="session")
def seal(dev_pki: DevPki) -> PadesSigner:
    """The seal signer, loaded once like the gateway worker does."""
    return PadesSigner(dev_pki.seal_cert, dev_pki.seal_key)


@pytest.fixture(scope="session")
def receipt() -> ReceiptDocument:
    """A small receipt with umlauts, ß and €."""
    answers = ReceiptSection(
        title="Angaben zur Halterin",
        rows=(("Name", "Jürgen Müßig-Özdemir"), ("Gebühr", "120,00 €")),
    )
    return ReceiptDocument(
        title="Eingangsquittung",
        reference="HST-2026-000123",
        issued_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        issuer="Stadt Musterstadt – Steueramt",
        sections=(answers,),
        note="Diese Quittung wurde elektronisch gesiegelt.",
    )


@pytest.fixture(scope="session")
def sealed_receipt(seal: PadesSigner, receipt: ReceiptDocument) -> bytes:
    """The receipt rendered and sealed."""
    return seal.sign(render_receipt(receipt), reason="Eingangsquittung", location="Musterstadt")


@pytest.fixture(scope="session")
def two_keys(tmp_path_factory: pytest.TempPathFactory):
    """One keyring with the gateway key and a department key."""
    with Keyring(tmp_path_factory.mktemp("gpg")) as keyring:
        gateway = keyring.generate_key("Zentrale Poststelle Musterstadt", "poststelle@example.org")
        department = keyring.generate_key("Steueramt Musterstadt", "steueramt@example.org")
        yield TwoKeys(keyring, gateway, department)


@pytest.fixture
def empty_keyring(tmp_path: Path):
    """A fresh keyring without keys; its gpg-agent is stopped afterwards."""
    with Keyring(tmp_path / "gnupg") as keyring:
        yield keyring

"""Fixtures of the gateway tests."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select, update

from buergerbuero.models import Department, OutboxMessage, OutboxStatus
from common.db import utcnow

from .support import filed_case


@pytest.fixture
def earlier_rows_parked(db_session) -> None:
    """Park what earlier tests filed without a worker: by now those rows are due for the relay
    and would count in a test that counts what the relay enqueues. Their next attempt moves a
    year ahead; the test's own rows are new and untouched."""
    db_session.execute(update(OutboxMessage).where(OutboxMessage.status == OutboxStatus.PENDING)
                       .values(next_attempt_at=utcnow() + dt.timedelta(days=365)))
    db_session.commit()


@contextmanager
def steueramt_on(db_session, channel: str) -> Iterator[Department]:
    """Point the Steueramt at ``channel`` and back at its Postfach afterwards."""
    department = db_session.scalar(select(Department).where(Department.key == "steueramt"))
    department.channel = channel
    db_session.commit()
    yield department
    department.channel = "postfach"
    db_session.commit()


@pytest.fixture
def broken_steueramt(app, db_session):
    """Point the Steueramt at a channel that does not exist, and restore it afterwards."""
    with steueramt_on(db_session, "kaputt") as department:
        yield department


@pytest.fixture
def steueramt_on_demo_channel(db_session):
    """Send the Steueramt's mail through the failing demo channel (registered by the test)."""
    with steueramt_on(db_session, "demo-failing") as department:
        yield department


@pytest.fixture
def failed_case(app, client, db_session, run_gateway, broken_steueramt, monkeypatch):
    """A filed dog-tax case whose delivery failed for good; the Steueramt is fixed again after."""
    monkeypatch.setitem(app.config, "MAILGATEWAY_MAX_ATTEMPTS", 1)
    case, outbox = filed_case(client, db_session)
    run_gateway()
    broken_steueramt.channel = "postfach"
    db_session.commit()
    return case, outbox


@pytest.fixture(scope="module")
def server_certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: (certificate path, key path)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("smtp-tls")
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return str(folder / "cert.pem"), str(folder / "key.pem")

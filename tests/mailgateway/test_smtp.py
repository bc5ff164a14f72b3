"""The `smtp` channel against a real SMTP server (aiosmtpd) on loopback: PGP/MIME, refusals."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import json
import socket
import ssl
from contextlib import contextmanager

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import select

from buergerbuero.models import Department, OutboxStatus, Receipt, ReceiptKind
from mailgateway.envelope import open_envelope
from mailgateway.exceptions import TransportError
from mailgateway.jobs import deliver
from mailgateway.keys import gateway_keys
from mailgateway.mime import encrypted_payload
from mailgateway.reasons import describe_failure

from .support import encryption_key_ids, filed_case, receipt_kinds, reloaded, subkey_ids

PERSONAL = ("Erika", "Musterfrau", "Bello", "Lindenweg", "276098106543210", "DE89")


class Mailbox:
    """An aiosmtpd handler that keeps what it accepted; it can answer MAIL, RCPT or DATA as told."""

    def __init__(self, **replies: str) -> None:
        self.received = []
        self.sessions = []
        self.replies = replies

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if "mail" in self.replies:
            return self.replies["mail"]
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "rcpt" in self.replies:
            return self.replies["rcpt"]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if "data" in self.replies:
            return self.replies["data"]
        self.received.append(envelope)
        self.sessions.append(session)
        return "250 2.0.0 Ok: queued as 4711"


@contextmanager
def smtp_server(port: int, mailbox: Mailbox, **options):
    """Run a real SMTP server on 127.0.0.1:port while the block runs."""
    # A fixed server name: its default, getfqdn(), may ask DNS about this machine.
    controller = Controller(mailbox, hostname="127.0.0.1", port=port,
                            server_hostname="mx.test", **options)
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


def free_port() -> int:
    """Return a loopback port nobody listens on (just now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_port(app, monkeypatch) -> int:
    """Point the gateway at a loopback port for SMTP."""
    port = free_port()
    monkeypatch.setitem(app.config, "MAILGATEWAY_SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAILGATEWAY_SMTP_PORT", port)
    monkeypatch.setitem(app.config, "MAILGATEWAY_SMTP_HELO_NAME", "gateway.test")
    return port


@pytest.fixture
def smtp_steueramt(db_session):
    """Route the Steueramt through the e-mail channel; restore its inbox afterwards."""
    department = db_session.scalar(select(Department).where(Department.key == "steueramt"))
    department.channel, department.address = "smtp", "amt@example.org"
    db_session.commit()
    yield department
    db_session.rollback()
    department.channel, department.address = "postfach", ""
    db_session.commit()




def test_a_case_goes_out_as_pgp_mime_encrypted_to_the_department_and_signed_by_the_gateway(
        client, db_session, app, run_gateway, smtp_port, smtp_steueramt):
    mailbox = Mailbox()
    with smtp_server(smtp_port, mailbox):
        _, outbox = filed_case(client, db_session)
        run_gateway()
    [envelope] = mailbox.received
    assert envelope.mail_from == "poststelle@buergerbuero.invalid"
    assert envelope.rcpt_tos == ["amt@example.org"]
    mail = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert mail.get_content_type() == "multipart/encrypted"
    assert mail.get_param("protocol") == "application/pgp-encrypted"
    version, data = mail.get_payload()
    assert version.get_content_type() == "application/pgp-encrypted"
    assert version.get_content().strip() == b"Version: 1"
    assert data.get_content_type() == "application/octet-stream"
    assert mail["Message-ID"] == f"<{outbox.message_id}@buergerbuero.invalid>"
    assert mail["X-Buergerbuero-Message-Id"] == outbox.message_id
    assert mail["Subject"] == f"Bürgerbüro-Zustellung {outbox.message_id}"
    assert mail["From"] == "poststelle@buergerbuero.invalid" and mail["To"] == "amt@example.org"
    assert mail["Date"].datetime > dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    assert not any(word.encode() in envelope.content for word in PERSONAL)

    armored = encrypted_payload(mail)
    row = reloaded(db_session, outbox)
    assert row.status is OutboxStatus.DELIVERED and row.attempts == 1
    assert hashlib.sha256(armored).hexdigest() == row.envelope_sha256
    assert mail["X-Buergerbuero-Envelope-SHA256"] == row.envelope_sha256
    with app.app_context():
        keys = gateway_keys()
        decrypted = keys.keyring.decrypt_verify(armored)
    assert decrypted.signature_valid and decrypted.signer_fingerprint == keys.gateway_fingerprint
    document, attachments = open_envelope(decrypted.data)
    assert document["message_id"] == outbox.message_id
    assert document["payload"]["answers"]["hunde"][0]["hundename"] == "Bello"
    assert attachments[0].content.startswith(b"%PDF")
    homedir = app.config["MAILGATEWAY_GNUPG_HOME"]
    assert encryption_key_ids(homedir, armored) == subkey_ids(
        homedir, smtp_steueramt.key_fingerprint)
    assert receipt_kinds(db_session, outbox.message_id) == {"versand", "eingang"}
    eingang = db_session.scalar(select(Receipt).where(Receipt.message_id == outbox.message_id,
                                                      Receipt.kind == ReceiptKind.EINGANG))
    assert ": 250 2.0.0 Ok" in json.loads(eingang.record)["detail"]  # the server's acceptance


def test_a_server_that_is_down_is_retried_and_the_mail_arrives_once(
        client, db_session, app, run_gateway, smtp_port, smtp_steueramt):
    _, outbox = filed_case(client, db_session)
    with app.app_context(), pytest.raises(TransportError):
        deliver(outbox.id)
    row = reloaded(db_session, outbox)
    assert row.status is OutboxStatus.PENDING and row.attempts == 1
    assert f"127.0.0.1:{smtp_port}" in row.last_error
    assert receipt_kinds(db_session, outbox.message_id) == set()  # no Eingang without a server

    mailbox = Mailbox()
    with smtp_server(smtp_port, mailbox):
        with app.app_context():
            assert deliver(outbox.id) == "delivered"
            assert deliver(outbox.id) == "skipped"
        run_gateway()  # the job enqueued at submission finds nothing left to do
    [envelope] = mailbox.received
    mail = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert mail["Message-ID"] == f"<{outbox.message_id}@buergerbuero.invalid>"
    row = reloaded(db_session, outbox)
    assert row.status is OutboxStatus.DELIVERED and row.attempts == 2 and row.last_error is None
    assert receipt_kinds(db_session, outbox.message_id) == {"versand", "eingang"}


@pytest.mark.parametrize(("stage", "reply", "expected"), [
    ("rcpt", "550 5.1.1 Mailbox unavailable", OutboxStatus.FAILED),  # unknown: never retried
    ("rcpt", "450 4.2.0 Greylisted, try again later", OutboxStatus.PENDING),
    ("mail", "530 5.7.0 Authentication required", OutboxStatus.PENDING),  # our configuration
    ("data", "554 5.6.0 Message content rejected", OutboxStatus.FAILED),
    ("data", "451 4.3.0 Local error in processing", OutboxStatus.PENDING),
])
def test_the_servers_reply_decides_between_failed_and_retry(
        client, db_session, run_gateway, smtp_port, smtp_steueramt, stage, reply, expected):
    mailbox = Mailbox(**{stage: reply})
    with smtp_server(smtp_port, mailbox):
        _, outbox = filed_case(client, db_session)
        run_gateway()
    row = reloaded(db_session, outbox)
    assert row.status is expected and row.attempts == 1
    assert reply.split(" ", 2)[1] in row.last_error  # the enhanced status code, e.g. 5.1.1
    assert mailbox.received == [] and receipt_kinds(db_session, outbox.message_id) == set()


@pytest.mark.parametrize(("limit", "server_limit", "expected"), [
    (4096, None, "MAILGATEWAY_SMTP_MAX_BYTES"),  # our own limit: not even sent
    (20 * 1024 * 1024, 4096, "552"),  # the server announces SIZE and refuses
])
def test_a_message_over_the_size_limit_fails_at_once(
        client, db_session, app, smtp_port, smtp_steueramt, monkeypatch,
        limit, server_limit, expected):
    monkeypatch.setitem(app.config, "MAILGATEWAY_SMTP_MAX_BYTES", limit)
    mailbox = Mailbox()
    with smtp_server(smtp_port, mailbox, data_size_limit=server_limit):
        _, outbox = filed_case(client, db_session)
        with app.app_context():
            assert deliver(outbox.id) == "failed"
    row = reloaded(db_session, outbox)
    assert row.status is OutboxStatus.FAILED and expected in row.last_error
    assert mailbox.received == []


def test_a_department_without_address_fails_with_a_clear_message(
        client, db_session, app, smtp_port, smtp_steueramt):
    smtp_steueramt.address = ""
    db_session.commit()
    _, outbox = filed_case(client, db_session)
    with app.app_context():
        assert deliver(outbox.id) == "failed"
    row = reloaded(db_session, outbox)
    assert "'steueramt' hat den Kanal smtp, aber keine E-Mail-Adresse" in describe_failure(
        row.last_error)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert "Department 'steueramt' uses the smtp channel but has no e-mail address" in (
            describe_failure(row.last_error))


@pytest.mark.parametrize("address", [
    "amt@example.org\r\nBcc: alle@example.org", "Amt <amt@example.org>", "amt@", "amt.example.org",
])
def test_an_address_that_could_inject_or_is_no_address_is_refused(address):
    from mailgateway.exceptions import PermanentDeliveryError
    from mailgateway.transports.smtp import checked_address

    with pytest.raises(PermanentDeliveryError):
        checked_address("steueramt", address)


@contextmanager
def tls_server(port: int, mailbox: Mailbox, certificate: tuple[str, str]):
    """Run an SMTP server that demands STARTTLS and a login (gateway / Geheim-1)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"gateway",
                                                                            b"Geheim-1"))

    with smtp_server(port, mailbox, tls_context=context, require_starttls=True,
                     authenticator=authenticator, auth_required=True) as controller:
        yield controller


def use_tls(app, monkeypatch, ca_file: str) -> None:
    """Configure STARTTLS with a login, trusting ``ca_file`` (empty: the system's CAs)."""
    for key, value in {"STARTTLS": True, "CA_FILE": ca_file, "USERNAME": "gateway",
                       "PASSWORD": "Geheim-1"}.items():
        monkeypatch.setitem(app.config, f"MAILGATEWAY_SMTP_{key}", value)


def test_starttls_with_a_verified_certificate_and_login_delivers(
        client, db_session, app, smtp_port, smtp_steueramt, server_certificate, monkeypatch):
    use_tls(app, monkeypatch, server_certificate[0])
    mailbox = Mailbox()
    with tls_server(smtp_port, mailbox, server_certificate):
        _, outbox = filed_case(client, db_session)
        with app.app_context():
            assert deliver(outbox.id) == "delivered"
    [session] = mailbox.sessions
    assert session.ssl is not None and session.authenticated
    assert reloaded(db_session, outbox).status is OutboxStatus.DELIVERED


def test_an_unverifiable_certificate_is_not_trusted_and_the_mail_waits(
        client, db_session, app, smtp_port, smtp_steueramt, server_certificate, monkeypatch):
    use_tls(app, monkeypatch, "")  # the system's CAs do not know our self-signed certificate
    mailbox = Mailbox()
    with tls_server(smtp_port, mailbox, server_certificate):
        _, outbox = filed_case(client, db_session)
        with app.app_context(), pytest.raises(TransportError):
            deliver(outbox.id)
    row = reloaded(db_session, outbox)
    assert row.status is OutboxStatus.PENDING and "CERTIFICATE_VERIFY_FAILED" in row.last_error
    assert mailbox.received == []


def test_starttls_required_but_not_offered_never_falls_back_to_plain_text(
        client, db_session, app, smtp_port, smtp_steueramt, server_certificate, monkeypatch):
    use_tls(app, monkeypatch, server_certificate[0])
    mailbox = Mailbox()
    with smtp_server(smtp_port, mailbox):  # no TLS on offer
        _, outbox = filed_case(client, db_session)
        with app.app_context(), pytest.raises(TransportError):
            deliver(outbox.id)
    row = reloaded(db_session, outbox)
    assert row.status is OutboxStatus.PENDING and "STARTTLS" in row.last_error
    assert mailbox.received == []

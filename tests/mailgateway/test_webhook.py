"""The `webhook` channel against a real HTTP(S) server on loopback; nothing leaves the machine."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import ssl
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from buergerbuero.models import Department, OutboxStatus
from mailgateway.exceptions import PermanentDeliveryError, TransportError
from mailgateway.jobs import deliver
from mailgateway.keys import gateway_keys
from mailgateway.transports.webhook import (
    address_refusal,
    check_target,
    parse_url,
    post,
    printable,
)

from .support import filed_case, receipt_kinds, reloaded

SECRET = "webhook-geheimnis-fuer-das-steueramt"
PATH = "/hooks/steueramt"


@dataclass
class Request:
    """What the receiver saw."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """A real threaded HTTP server on 127.0.0.1 that records requests and answers per path."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.requests: list[Request] = []
        self.answers: dict[str, tuple[int, dict[str, str]]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        # A short poll keeps shutdown() quick (the default waits up to half a second).
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,),
                                       daemon=True)
        self.thread.start()

    def url(self, path: str, scheme: str = "http", host: str = "127.0.0.1") -> str:
        """Return a URL of this server."""
        return f"{scheme}://{host}:{self.port}{path}"

    def stop(self) -> None:
        """Shut the server down and close its socket."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        """Return the request handler class bound to this receiver."""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(Request(self.command, self.path, dict(self.headers),
                                                 body))
                status, headers = receiver.answers.get(self.path, (404, {}))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_GET = do_POST

            def log_message(self, *args) -> None:
                pass

        return Handler


@pytest.fixture
def receiver(app, monkeypatch):
    """A loopback receiver, allow-listed, with loopback and the Steueramt's secret configured."""
    server = Receiver()
    monkeypatch.setitem(app.config, "MAILGATEWAY_WEBHOOK_ALLOWED", [server.url("/hooks/")])
    monkeypatch.setitem(app.config, "MAILGATEWAY_WEBHOOK_ALLOW_LOOPBACK", True)
    monkeypatch.setitem(app.config, "MAILGATEWAY_WEBHOOK_SECRETS", {"steueramt": SECRET})
    yield server
    server.stop()


@pytest.fixture
def webhook_steueramt(db_session, receiver):
    """Route the Steueramt to the receiver's webhook; restore its inbox afterwards."""
    department = db_session.scalar(select(Department).where(Department.key == "steueramt"))
    department.channel, department.address = "webhook", receiver.url(PATH)
    db_session.commit()
    yield department
    db_session.rollback()
    department.channel, department.address = "postfach", ""
    db_session.commit()


def set_address(db_session, department: Department, address: str) -> None:
    """Give the department another webhook URL."""
    department.address = address
    db_session.commit()


def signature_ok(request: Request) -> bool:
    """Check the request's HMAC as a receiver would."""
    expected = "sha256=" + hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(request.headers["X-Buergerbuero-Signature"], expected)


def test_the_envelope_is_posted_as_is_and_signed_with_the_departments_secret(
        client, db_session, app, run_gateway, receiver, webhook_steueramt):
    receiver.answers[PATH] = (202, {"X-Receipt": "EING-2026-0001"})
    _, outbox = filed_case(client, db_session)
    run_gateway()
    [request] = receiver.requests
    row = reloaded(db_session, outbox)
    assert row.status is OutboxStatus.DELIVERED and row.attempts == 1
    assert request.method == "POST" and request.path == PATH
    assert request.headers["Host"] == f"127.0.0.1:{receiver.port}"
    assert request.headers["Content-Type"] == "application/pgp-encrypted"
    assert hashlib.sha256(request.body).hexdigest() == row.envelope_sha256
    assert request.headers["X-Buergerbuero-Envelope-SHA256"] == row.envelope_sha256
    assert request.headers["X-Buergerbuero-Message-Id"] == outbox.message_id
    assert abs(int(request.headers["X-Buergerbuero-Timestamp"]) - time.time()) < 300
    assert signature_ok(request)
    with app.app_context():
        keys = gateway_keys()
        decrypted = keys.keyring.decrypt_verify(request.body)
    assert decrypted.signature_valid and decrypted.signer_fingerprint == keys.gateway_fingerprint
    assert receipt_kinds(db_session, outbox.message_id) == {"versand", "eingang"}


def test_a_url_not_on_the_allow_list_fails_and_is_never_requested(
        client, db_session, run_gateway, receiver, webhook_steueramt):
    set_address(db_session, webhook_steueramt, receiver.url("/elsewhere/steueramt"))
    receiver.answers["/elsewhere/steueramt"] = (200, {})
    _, outbox = filed_case(client, db_session)
    run_gateway()
    row = reloaded(db_session, outbox)
    assert row.status is OutboxStatus.FAILED and row.attempts == 1
    assert "MAILGATEWAY_WEBHOOK_ALLOWED" in row.last_error
    assert receiver.requests == []


def test_a_redirect_is_not_followed_and_fails(
        client, db_session, run_gateway, receiver, webhook_steueramt):
    receiver.answers[PATH] = (302, {"Location": receiver.url("/hooks/umgeleitet")})
    receiver.answers["/hooks/umgeleitet"] = (200, {})
    _, outbox = filed_case(client, db_session)
    run_gateway()
    row = reloaded(db_session, outbox)
    assert row.status is OutboxStatus.FAILED and "302" in row.last_error
    assert [r.path for r in receiver.requests] == [PATH]


def test_a_busy_receiver_is_retried_and_then_gets_the_message(
        client, db_session, app, receiver, webhook_steueramt):
    receiver.answers[PATH] = (503, {})
    _, outbox = filed_case(client, db_session)
    with app.app_context(), pytest.raises(TransportError):
        deliver(outbox.id)
    row = reloaded(db_session, outbox)
    assert row.status is OutboxStatus.PENDING and "503" in row.last_error
    assert receipt_kinds(db_session, outbox.message_id) == set()
    receiver.answers[PATH] = (200, {})
    with app.app_context():
        assert deliver(outbox.id) == "delivered"
    assert reloaded(db_session, outbox).status is OutboxStatus.DELIVERED
    ids = {r.headers["X-Buergerbuero-Message-Id"] for r in receiver.requests}
    assert ids == {outbox.message_id} and len(receiver.requests) == 2
    assert all(signature_ok(r) for r in receiver.requests)


@pytest.mark.parametrize(("status", "expected"), [
    (201, OutboxStatus.DELIVERED), (400, OutboxStatus.FAILED), (401, OutboxStatus.FAILED),
    (404, OutboxStatus.FAILED), (429, OutboxStatus.PENDING), (500, OutboxStatus.PENDING),
])
def test_the_receivers_status_decides_between_done_failed_and_retry(
        client, db_session, run_gateway, receiver, webhook_steueramt, status, expected):
    receiver.answers[PATH] = (status, {})
    _, outbox = filed_case(client, db_session)
    run_gateway()
    assert reloaded(db_session, outbox).status is expected


def test_a_missing_secret_fails_with_a_clear_message(
        client, db_session, app, run_gateway, receiver, webhook_steueramt, monkeypatch):
    monkeypatch.setitem(app.config, "MAILGATEWAY_WEBHOOK_SECRETS", {"ordnungsamt": SECRET})
    _, outbox = filed_case(client, db_session)
    run_gateway()
    row = reloaded(db_session, outbox)
    assert row.status is OutboxStatus.FAILED and "Kein Webhook-Geheimnis" in row.last_error
    assert receiver.requests == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_loopback_on_the_allow_list_is_refused_unless_explicitly_allowed(
        client, db_session, app, run_gateway, receiver, webhook_steueramt, monkeypatch, host):
    url = receiver.url(PATH, scheme="https", host=host)
    monkeypatch.setitem(app.config, "MAILGATEWAY_WEBHOOK_ALLOW_LOOPBACK", False)
    monkeypatch.setitem(app.config, "MAILGATEWAY_WEBHOOK_ALLOWED", [url])
    set_address(db_session, webhook_steueramt, url)
    _, outbox = filed_case(client, db_session)
    run_gateway()
    row = reloaded(db_session, outbox)
    assert row.status is OutboxStatus.FAILED and "Loopback" in row.last_error
    assert receiver.requests == []


def test_a_host_name_is_resolved_once_and_sent_as_host_header(
        client, db_session, app, run_gateway, receiver, webhook_steueramt, monkeypatch):
    url = receiver.url(PATH, host="localhost")  # may resolve to ::1 first; nobody listens there
    monkeypatch.setitem(app.config, "MAILGATEWAY_WEBHOOK_ALLOWED", [url])
    set_address(db_session, webhook_steueramt, url)
    receiver.answers[PATH] = (200, {})
    _, outbox = filed_case(client, db_session)
    run_gateway()
    assert reloaded(db_session, outbox).status is OutboxStatus.DELIVERED
    [request] = receiver.requests
    assert request.headers["Host"] == f"localhost:{receiver.port}"


def test_the_connection_goes_to_the_checked_address_without_a_second_lookup(receiver):
    # .invalid never resolves (RFC 6761): the request can only arrive over the given address.
    target = parse_url(f"http://amt.buergerbuero.invalid:{receiver.port}{PATH}")
    receiver.answers[PATH] = (200, {"X-Receipt": "Q-1"})
    assert post(target, ["127.0.0.1"], b"-", {}, timeout=5) == (200, "OK", "Q-1")
    assert receiver.requests[0].headers["Host"] == f"amt.buergerbuero.invalid:{receiver.port}"


def test_the_receivers_receipt_text_is_kept_on_one_line_without_control_characters():
    text = "Q-1\x00\r\n  X-Evil:\x1b[31m 1" + "x" * 500
    assert printable(text) == "Q-1 X-Evil: [31m 1" + "x" * 182


@pytest.fixture
def tls_receiver(server_certificate, app, monkeypatch):  # noqa: F811 - the imported fixture
    """An HTTPS receiver on 127.0.0.1 with a certificate for 127.0.0.1, trusted by config."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*server_certificate)
    server = Receiver(tls=context)
    server.answers[PATH] = (200, {})
    monkeypatch.setitem(app.config, "MAILGATEWAY_WEBHOOK_CA_FILE", server_certificate[0])
    monkeypatch.setitem(app.config, "MAILGATEWAY_WEBHOOK_ALLOW_LOOPBACK", True)
    monkeypatch.setitem(app.config, "MAILGATEWAY_WEBHOOK_SECRETS", {"steueramt": SECRET})
    yield server
    server.stop()


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1", OutboxStatus.DELIVERED),
    ("localhost", OutboxStatus.PENDING),  # reaches the same server, but the name is not certified
])
def test_https_verifies_the_certificate_against_the_url_host(
        client, db_session, app, run_gateway, tls_receiver, webhook_steueramt, monkeypatch,
        host, expected):
    url = tls_receiver.url(PATH, scheme="https", host=host)
    monkeypatch.setitem(app.config, "MAILGATEWAY_WEBHOOK_ALLOWED", [url])
    set_address(db_session, webhook_steueramt, url)
    _, outbox = filed_case(client, db_session)
    run_gateway()
    row = reloaded(db_session, outbox)
    assert row.status is expected
    assert len(tls_receiver.requests) == (1 if expected is OutboxStatus.DELIVERED else 0)
    if expected is OutboxStatus.PENDING:
        assert "CERTIFICATE_VERIFY_FAILED" in row.last_error


@pytest.mark.parametrize("address", [
    "10.0.0.1", "172.16.5.4", "192.168.1.1", "127.0.0.1", "::1", "169.254.1.1", "fe80::1",
    "224.0.0.1", "0.0.0.0", "100.64.0.1", "255.255.255.255", "240.0.0.1", "192.0.2.1", "fc00::1",
    "ff02::1", "::", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::1", "64:ff9b::a00:1",
    "2001:db8::1",
])
def test_private_and_special_addresses_are_refused(address):
    assert address_refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass_the_check(address):
    assert address_refusal(ipaddress.ip_address(address)) is None  # checked only, never dialled


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_loopback_passes_only_when_allowed(address):
    assert address_refusal(ipaddress.ip_address(address), allow_loopback=True) is None
    assert address_refusal(ipaddress.ip_address("10.0.0.1"), allow_loopback=True) is not None


ALLOWED = ["https://amt.example.org/hooks/"]


@pytest.mark.parametrize("url", [
    "https://amt.example.org/hooks/steueramt", "https://AMT.example.org/hooks/steueramt",
    "https://amt.example.org:443/hooks/steueramt?v=1",
])
def test_urls_under_an_allowed_prefix_pass(url):
    assert check_target(url, ALLOWED).host == "amt.example.org"


@pytest.mark.parametrize("url", [
    "https://amt.example.org.evil.test/hooks/x", "https://amt.example.org/hooksfake/x",
    "https://amt.example.org/hooks/../admin", "https://amt.example.org/hooks/%2e%2e/admin",
    "https://amt.example.org/hooks/..%2fadmin", "https://user:pw@amt.example.org/hooks/x",
    "https://amt.example.org:8443/hooks/x", "http://amt.example.org/hooks/x",
    "ftp://amt.example.org/hooks/x", "https://amt.example.org/hooks/x\r\nX-Evil: 1",
    "https://amt.example.org/hooks/x y", "https://amt.example.org:99999/hooks/x", "",
])
def test_urls_outside_the_allow_list_or_malformed_are_refused(url):
    with pytest.raises(PermanentDeliveryError):
        check_target(url, ALLOWED)


def test_an_empty_allow_list_refuses_everything():
    with pytest.raises(PermanentDeliveryError, match="MAILGATEWAY_WEBHOOK_ALLOWED"):
        check_target("https://amt.example.org/hooks/steueramt", [])


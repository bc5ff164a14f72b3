"""The `webhook` transport: HTTPS POST of the encrypted envelope to the department's URL.

Settings: `MAILGATEWAY_WEBHOOK_ALLOWED` (URL prefixes a department's `address` must fall under;
empty refuses all), `MAILGATEWAY_WEBHOOK_SECRETS` ({department key: secret}; in the environment
as `BUERGERBUERO_MAILGATEWAY_WEBHOOK_SECRETS='{"steueramt": "..."}'`), `_TIMEOUT`, `_MAX_BYTES`,
`_CA_FILE` (empty: the system's CAs) and `_ALLOW_LOOPBACK` (tests only: loopback targets, and
plain http to them).

The request carries `X-Buergerbuero-Message-Id`, `X-Buergerbuero-Timestamp` (Unix seconds),
`X-Buergerbuero-Envelope-SHA256` and `X-Buergerbuero-Signature: sha256=<hex HMAC-SHA256 of the
body under the department's secret>`. The host name is resolved once, every address checked, and
the connection goes to a checked address: a second lookup (DNS rebinding) cannot redirect it.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app

from common.db import utcnow
from common.i18n import _l

from ..exceptions import PermanentDeliveryError, TransportError
from .base import Accepted, Parcel, Transport
from .registry import register

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# IPv6 ranges that carry an IPv4 address a router would reach: 6to4 and NAT64 (RFC 6052).
NAT64 = ipaddress.ip_network("64:ff9b::/96")
RETRY_STATUSES = {408, 425, 429}  # 4xx that mean "not now", not "never"
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Target:
    """A checked webhook URL."""

    scheme: str
    host: str
    port: int
    netloc: str
    """Host and port as the URL wrote them; sent as the Host header."""
    path: str
    """Path with query, as sent in the request line."""


@register("webhook")
class WebhookTransport(Transport):
    """POST the sealed envelope to an allow-listed HTTPS endpoint of the department."""

    label = _l("Webhook (HTTPS)")
    defaults = MappingProxyType({
        "MAILGATEWAY_WEBHOOK_ALLOWED": [],  # URL prefixes; empty: none
        "MAILGATEWAY_WEBHOOK_SECRETS": {},  # {department key: secret}
        "MAILGATEWAY_WEBHOOK_ALLOW_LOOPBACK": False,  # tests only
        "MAILGATEWAY_WEBHOOK_TIMEOUT": 30,
        "MAILGATEWAY_WEBHOOK_MAX_BYTES": 20 * 1024 * 1024,
        "MAILGATEWAY_WEBHOOK_CA_FILE": "",  # empty: the system's CAs
    })

    def check_destination(self, key: str, address: str, config: Any) -> None:
        """Refuse a URL that is malformed or outside MAILGATEWAY_WEBHOOK_ALLOWED."""
        check_target(address, config.get("MAILGATEWAY_WEBHOOK_ALLOWED", []),
                     allow_loopback=config.get("MAILGATEWAY_WEBHOOK_ALLOW_LOOPBACK", False))

    def deliver(self, parcel: Parcel) -> Accepted:
        """POST once; a 2xx is the Eingang, 5xx and network errors retry, the rest fail."""
        config = current_app.config
        loopback = bool(config["MAILGATEWAY_WEBHOOK_ALLOW_LOOPBACK"])
        if len(parcel.ciphertext) > int(config["MAILGATEWAY_WEBHOOK_MAX_BYTES"]):
            raise PermanentDeliveryError(_l("Nachricht zu groß für den Kanal webhook "
                                            "(MAILGATEWAY_WEBHOOK_MAX_BYTES)."))
        target = check_target(parcel.department.address, config["MAILGATEWAY_WEBHOOK_ALLOWED"],
                              allow_loopback=loopback)
        addresses = resolve_checked(target, allow_loopback=loopback)
        headers = signed_headers(parcel, secret_for(parcel.department.key, config))
        timeout = float(config["MAILGATEWAY_WEBHOOK_TIMEOUT"])
        tls = ssl.create_default_context(cafile=config["MAILGATEWAY_WEBHOOK_CA_FILE"] or None)
        status, reason, detail = post(target, addresses, parcel.ciphertext, headers,
                                      timeout=timeout, tls=tls)
        return Accepted(at=utcnow(), detail=judge(target, status, reason, detail))


def check_target(url: str, allowed: list[str], *, allow_loopback: bool = False) -> Target:
    """Parse the department's URL and check it against the allow-list; raise if refused."""
    target = parse_url(url)
    if target.scheme == "http" and not allow_loopback:
        raise PermanentDeliveryError(_l("Webhook %(url)s: nur https ist erlaubt."), url=repr(url))
    if isinstance(allowed, str):  # one string from the environment: space-separated prefixes
        allowed = allowed.split()
    if not any(_under(target, parse_url(prefix)) for prefix in allowed):
        raise PermanentDeliveryError(
            _l("Webhook %(url)s steht nicht auf der Liste MAILGATEWAY_WEBHOOK_ALLOWED."),
            url=repr(url))
    return target


def parse_url(url: str) -> Target:
    """Split an http(s) URL strictly: no credentials, no dot segments, no control characters."""
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme, 0)
    except ValueError as exc:
        raise PermanentDeliveryError(_l("Webhook-Adresse %(url)s ist ungültig: %(error)s"),
                                     url=repr(url), error=exc) from exc
    segments = [unquote(s) for s in parts.path.split("/")]
    problems = [parts.scheme not in DEFAULT_PORTS, not parts.hostname, "@" in parts.netloc,
                not url.isascii(), any(ord(c) < 33 or c == "\x7f" for c in url),
                any(s in (".", "..") or "/" in s or "\\" in s for s in segments)]
    if any(problems):
        raise PermanentDeliveryError(_l("Webhook-Adresse %(url)s ist nicht zulässig."),
                                     url=repr(url))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port, parts.netloc, path)


def _under(target: Target, prefix: Target) -> bool:
    """Compare scheme, host and port exactly, and the path by whole segments."""
    if (target.scheme, target.host, target.port) != (prefix.scheme, prefix.host, prefix.port):
        return False
    wanted = [s for s in prefix.path.split("?")[0].split("/") if s]
    return target.path.split("?")[0].split("/")[1:len(wanted) + 1] == wanted


def address_refusal(ip: IPAddress, *, allow_loopback: bool = False) -> Any:
    """Return why the gateway must not connect to ``ip``, or None for a public address."""
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (
            ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in NAT64 else None)
        if embedded is not None:
            return address_refusal(embedded, allow_loopback=allow_loopback)
    if ip.is_loopback:
        return None if allow_loopback else _l("Loopback")
    checks = [(_l("privat"), ip.is_private), (_l("link-local"), ip.is_link_local),
              (_l("Multicast"), ip.is_multicast), (_l("reserviert"), ip.is_reserved),
              (_l("unspezifiziert"), ip.is_unspecified),
              (_l("nicht öffentlich"), not ip.is_global)]
    return next((reason for reason, hit in checks if hit), None)


def resolve_checked(target: Target, *, allow_loopback: bool = False) -> list[str]:
    """Resolve the host once and return its addresses; refuse if any of them is not public."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except OSError as exc:  # DNS may well answer later
        raise TransportError(_l("Webhook-Host %(host)s nicht auflösbar: %(error)s"),
                             host=repr(target.host), error=exc) from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        reason = address_refusal(ipaddress.ip_address(address), allow_loopback=allow_loopback)
        if reason is not None:
            raise PermanentDeliveryError(
                _l("Webhook-Host %(host)s zeigt auf %(address)s (%(reason)s): nicht erlaubt."),
                host=repr(target.host), address=address, reason=reason)
    if target.scheme == "http" and not all(ipaddress.ip_address(a).is_loopback
                                           for a in addresses):
        raise PermanentDeliveryError(_l("Webhook %(host)s: http nur für Loopback."),
                                     host=repr(target.host))
    return addresses


def secret_for(department_key: str, config: Any) -> bytes:
    """Return the department's HMAC secret from MAILGATEWAY_WEBHOOK_SECRETS."""
    secrets = config["MAILGATEWAY_WEBHOOK_SECRETS"] or {}
    if not isinstance(secrets, dict):
        raise TransportError(
            _l("MAILGATEWAY_WEBHOOK_SECRETS muss ein Objekt {Amt: Geheimnis} sein."))
    secret = secrets.get(department_key)
    if not secret:
        raise PermanentDeliveryError(
            _l("Kein Webhook-Geheimnis für Amt %(department)s (MAILGATEWAY_WEBHOOK_SECRETS)."),
            department=repr(department_key))
    return str(secret).encode("utf-8")


def signed_headers(parcel: Parcel, secret: bytes) -> dict[str, str]:
    """Return the request headers, with the body's HMAC under the department's secret."""
    signature = hmac.new(secret, parcel.ciphertext, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/pgp-encrypted",
            "User-Agent": "Buergerbuero-Gateway/1",
            "X-Buergerbuero-Message-Id": parcel.message_id,
            "X-Buergerbuero-Timestamp": str(int(time.time())),
            "X-Buergerbuero-Envelope-SHA256": parcel.envelope_sha256,
            "X-Buergerbuero-Signature": f"sha256={signature}"}


class PinnedConnection(http.client.HTTPConnection):
    """HTTP(S) to a host name, over a TCP connection to an address checked beforehand."""

    def __init__(self, target: Target, address: str, timeout: float,
                 tls: ssl.SSLContext | None) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = address
        self.tls = tls if target.scheme == "https" else None

    def connect(self) -> None:
        """Connect to the checked address; verify the certificate against the host name."""
        sock = socket.create_connection((self.address, self.port), self.timeout)
        if self.tls is not None:
            try:
                sock = self.tls.wrap_socket(sock, server_hostname=self.host)
            except OSError:
                sock.close()
                raise
        self.sock = sock


def post(target: Target, addresses: list[str], body: bytes, headers: dict[str, str], *,
         timeout: float, tls: ssl.SSLContext | None = None) -> tuple[int, str, str]:
    """POST once; return status, reason and the receipt (X-Receipt, else the body's start)."""
    connection = open_connection(target, addresses, timeout,
                                 tls or ssl.create_default_context())
    try:
        connection.request("POST", target.path, body=body,
                           headers={"Host": target.netloc, **headers})
        with connection.getresponse() as response:
            receipt = response.getheader("X-Receipt") or response.read(300).decode(
                "utf-8", "replace")
            return response.status, response.reason, printable(receipt)
    except (OSError, http.client.HTTPException) as exc:
        raise TransportError(_l("Webhook %(host)s: %(error)s"), host=target.netloc,
                             error=exc) from exc
    finally:
        connection.close()


def open_connection(target: Target, addresses: list[str], timeout: float,
                    tls: ssl.SSLContext) -> PinnedConnection:
    """Connect to the first checked address that answers.

    Only connecting moves on to the next address: once the body may have left, a second try
    could deliver twice, so that is left to the job's retry.
    """
    errors = []
    for address in addresses:
        connection = PinnedConnection(target, address, timeout, tls)
        try:
            connection.connect()
            return connection
        except OSError as exc:
            connection.close()
            errors.append(f"{address}: {exc}")
    raise TransportError(_l("Webhook %(host)s nicht erreichbar: %(errors)s"),
                         host=target.netloc, errors="; ".join(errors))


def printable(text: str, limit: int = 200) -> str:
    """Return the receiver's text on one line, without control characters, cut to ``limit``."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())[:limit]


def judge(target: Target, status: int, reason: str, detail: str) -> str:
    """Return the acceptance text for a 2xx; raise for anything else (redirects not followed)."""
    answer = f"HTTP {status} {printable(reason, 100)}"
    if 200 <= status < 300:
        return f"Webhook {target.netloc}: {answer}" + (f"; {detail}" if detail else "")
    message = _l("Webhook %(host)s antwortet %(answer)s")
    if status >= 500 or status in RETRY_STATUSES:
        raise TransportError(message, host=target.netloc, answer=answer)
    raise PermanentDeliveryError(message, host=target.netloc, answer=answer)

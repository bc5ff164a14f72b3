"""PGP/MIME (RFC 3156): wrap an armored OpenPGP message as multipart/encrypted, and unwrap it.

The armored text travels as-is (7bit), so any OpenPGP-aware mail client can open it. Transport
may turn its LF line endings into CRLF; armor does not care, but a hash must be taken over LF.
"""

from __future__ import annotations

from collections.abc import Mapping
from email.message import EmailMessage, Message, MIMEPart
from email.policy import SMTP

from .exceptions import GatewayError

PROTOCOL = "application/pgp-encrypted"
PREAMBLE = ("Dies ist eine OpenPGP/MIME-verschluesselte Nachricht "  # untranslated: German MIME
            "(RFC 3156).\n")  # preamble for the department, which works in German
# At 78 columns the 64-digit hash header would be folded onto its own line, and parsers (Python's
# among them) then read the value with a leading space; RFC 5322 allows up to 998.
POLICY = SMTP.clone(max_line_length=998)


def pgp_mime(armored: bytes, headers: Mapping[str, str]) -> EmailMessage:
    """Return a multipart/encrypted message with the given headers around ``armored``."""
    message = EmailMessage(policy=POLICY)
    for name, value in headers.items():
        message[name] = value
    message["MIME-Version"] = "1.0"
    message["Content-Type"] = f'multipart/encrypted; protocol="{PROTOCOL}"'
    message.preamble = PREAMBLE
    message.attach(_part(b"Version: 1\n", "pgp-encrypted", "PGP/MIME version identification"))
    encrypted = _part(armored, "octet-stream", "OpenPGP encrypted message")
    encrypted["Content-Disposition"] = 'inline; filename="encrypted.asc"'
    message.attach(encrypted)
    return message


def _part(data: bytes, subtype: str, description: str) -> MIMEPart:
    part = MIMEPart(policy=POLICY)
    # Armor is 7-bit text; base64 around it would only hide it from OpenPGP-aware readers.
    part.set_content(data, maintype="application", subtype=subtype, cte="7bit")
    part["Content-Description"] = description
    return part


def encrypted_payload(message: Message) -> bytes:
    """Return the armored OpenPGP data of a PGP/MIME message (LF line endings); check its shape."""
    if message.get_content_type() != "multipart/encrypted" or \
            message.get_param("protocol") != PROTOCOL:
        raise GatewayError(f"not PGP/MIME: {message.get_content_type()}")
    parts = message.get_payload()
    if len(parts) != 2 or [p.get_content_type() for p in parts] != [PROTOCOL,
                                                                   "application/octet-stream"]:
        raise GatewayError("PGP/MIME needs exactly a version part and a data part")
    if parts[0].get_payload(decode=True).strip() != b"Version: 1":
        raise GatewayError("unsupported PGP/MIME version")
    return parts[1].get_payload(decode=True).replace(b"\r\n", b"\n")

"""The envelope: metadata, answers and documents in one canonical JSON, hashed per document."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from .exceptions import GatewayError

ENVELOPE_FORMAT = "buergerbuero-envelope/1"


@dataclass(frozen=True)
class Attachment:
    """A document inside the envelope."""

    name: str
    media_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        """Return the hex sha256 of the content."""
        return hashlib.sha256(self.content).hexdigest()


def build_envelope(
    message_id: str, payload: dict[str, Any], attachments: list[Attachment]
) -> bytes:
    """Return the envelope as canonical JSON bytes (sorted keys, so its hash is stable)."""
    document = {
        "format": ENVELOPE_FORMAT,
        "message_id": message_id,
        "payload": payload,
        "attachments": [
            {
                "name": a.name,
                "media_type": a.media_type,
                "sha256": a.sha256,
                "content": base64.b64encode(a.content).decode("ascii"),
            }
            for a in attachments
        ],
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False).encode("utf-8")


def open_envelope(data: bytes) -> tuple[dict[str, Any], list[Attachment]]:
    """Parse an envelope and check every attachment's hash; return (document, attachments)."""
    document = json.loads(data)
    if document.get("format") != ENVELOPE_FORMAT:
        raise GatewayError(f"unknown envelope format {document.get('format')!r}")
    attachments = []
    for item in document["attachments"]:
        attachment = Attachment(item["name"], item["media_type"], base64.b64decode(item["content"]))
        if attachment.sha256 != item["sha256"]:
            raise GatewayError(f"attachment {item['name']!r} does not match its sha256")
        attachments.append(attachment)
    return document, attachments

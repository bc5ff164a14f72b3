"""Check a department's destination (channel and address) when it is configured, not at delivery."""

from __future__ import annotations

from typing import Any

from .exceptions import GatewayError
from .transports import transports
from .transports.smtp import checked_address
from .transports.webhook import check_target


def destination_problem(key: str, channel: str, address: str, config: Any) -> str | None:
    """Return a German description of what is wrong with the destination, or None."""
    if channel not in transports:
        return f"Unbekannter Kanal „{channel}“ (bekannt: {', '.join(transports)})."
    try:
        if channel == "smtp":
            checked_address(key, address)
        elif channel == "webhook":
            check_target(address, config.get("MAILGATEWAY_WEBHOOK_ALLOWED", []),
                         allow_loopback=config.get("MAILGATEWAY_WEBHOOK_ALLOW_LOOPBACK", False))
    except GatewayError as exc:
        return str(exc)
    return None

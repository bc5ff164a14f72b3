"""Check a department's destination (channel and address) when it is configured, not at delivery."""

from __future__ import annotations

from typing import Any

from .exceptions import GatewayError
from .transports import app_transports


def destination_problem(key: str, channel: str, address: str, config: Any) -> str | None:
    """Return a German description of what is wrong with the destination, or None."""
    channels = app_transports()
    if channel not in channels:
        return f"Unbekannter Kanal „{channel}“ (bekannt: {', '.join(channels)})."
    try:
        channels[channel].check_destination(key, address, config)
    except GatewayError as exc:
        return str(exc)
    return None

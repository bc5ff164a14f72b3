"""Check a department's destination (channel and address) when it is configured, not at delivery."""

from __future__ import annotations

from typing import Any

from common.i18n import _

from .exceptions import GatewayError
from .reasons import describe_error
from .transports import app_transports


def destination_problem(key: str, channel: str, address: str, config: Any) -> str | None:
    """Return what is wrong with the destination in the reader's language, or None."""
    channels = app_transports()
    if channel not in channels:
        return _("Unbekannter Kanal „%(channel)s“ (bekannt: %(known)s).", channel=channel,
                 known=", ".join(channels))
    try:
        channels[channel].check_destination(key, address, config)
    except GatewayError as exc:
        return describe_error(exc)
    return None

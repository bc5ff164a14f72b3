"""What a transport (channel) is given and what it answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..models import Department


@dataclass(frozen=True)
class Parcel:
    """One sealed message for one department: the same message id on every attempt."""

    message_id: str
    case_id: int | None
    department: Department
    ciphertext: bytes
    envelope_sha256: str
    session: Any
    """The delivering transaction's session, for transports that write into the platform."""


@dataclass(frozen=True)
class Accepted:
    """The recipient's side took the message (the Eingangsbestätigung records this)."""

    at: dt.datetime
    detail: str


class Transport:
    """A channel to a department, given the same message id on every attempt.

    A delivery runs only under a won claim, and a second attempt only after the first left no
    trace in the platform; an external receiver may still see a message id twice (a crash
    between its acceptance and our commit) and should drop the duplicate.

    Everything about a channel lives in its plug-in: register the class under its id in
    ``registry.transports`` and import its module in ``transports/__init__.py``.
    """

    identifier: str = ""
    label: Any = ""
    """Name shown to administrators ("Zustellweg"), marked with `_l`; required."""
    defaults: Mapping[str, Any] = MappingProxyType({})
    """Config defaults, each named ``MAILGATEWAY_<ID>_*``; instance config overrides them."""

    def check_destination(self, key: str, address: str, config: Any) -> None:
        """Raise a GatewayError (a marked message) if department ``key`` at ``address`` is
        unreachable."""

    def deliver(self, parcel: Parcel) -> Accepted:
        """Hand the parcel over; raise TransportError to retry, PermanentDeliveryError to stop."""
        raise NotImplementedError

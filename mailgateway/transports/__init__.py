"""Transport plug-ins (channels); importing this package registers the built-in ones."""

from . import postfach, smtp, webhook  # noqa: F401 - registration side effect
from .base import Accepted, Parcel, Transport
from .registry import register, transports

__all__ = ["Accepted", "Parcel", "Transport", "register", "transports"]

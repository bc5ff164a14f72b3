"""Transport plug-ins (channels); importing this package registers the built-in ones.

A new channel is one module here (its class declares label, defaults, destination check and
delivery) and one name in the import line below.
"""

from . import postfach, smtp, webhook  # noqa: F401 - registration side effect
from .base import Accepted, Parcel, Transport
from .registry import app_transports, channel_label, init_app, register, transports

__all__ = ["Accepted", "Parcel", "Transport", "app_transports", "channel_label", "init_app",
           "register", "transports"]

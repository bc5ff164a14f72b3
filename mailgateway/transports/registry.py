"""The transport registry every channel plug-in registers with, and what an app takes from it.

`init_app` gives an app its channels (the built-in registry, or a fresh one in a test) and sets
each channel's config defaults; everything else asks the app's registry, never a list of names.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

from common.registry import Registry, RegistryError

if TYPE_CHECKING:
    from .base import Transport

EXTENSION = "mailgateway.transports"
transports: Registry[Transport] = Registry("transport")
register = transports.register


def init_app(app: Flask, registry: Registry[Transport] = transports) -> None:
    """Check every channel, set its defaults where the config has none, and keep the registry."""
    for identifier in registry:
        apply_defaults(app.config, registry[identifier])
    app.extensions[EXTENSION] = registry


def apply_defaults(config: Any, transport: Transport) -> None:
    """Set the channel's config defaults (instance config wins); refuse an unlabelled channel."""
    if not transport.label:
        raise RegistryError(f"transport {transport.identifier!r} has no label")
    prefix = f"MAILGATEWAY_{transport.identifier.upper().replace('-', '_')}_"
    misnamed = sorted(key for key in transport.defaults if not key.startswith(prefix))
    if misnamed:
        raise RegistryError(f"transport {transport.identifier!r}: config defaults must be "
                            f"named {prefix}*, not {', '.join(misnamed)}")
    for key, value in transport.defaults.items():
        config.setdefault(key, copy.deepcopy(value))  # a list or dict default: the app's own


def app_transports(app: Flask | None = None) -> Registry[Transport]:
    """Return the channels of ``app`` (by default the current one)."""
    return (app or current_app).extensions[EXTENSION]


def channel_label(channel: str) -> str:
    """Return a channel's name in the reader's language; an unknown channel keeps its id."""
    registry = app_transports()
    return str(registry[channel].label) if channel in registry else channel

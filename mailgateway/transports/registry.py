"""The transport registry every channel plug-in registers with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from common.registry import Registry

if TYPE_CHECKING:
    from .base import Transport

transports: Registry[Transport] = Registry("transport")
register = transports.register

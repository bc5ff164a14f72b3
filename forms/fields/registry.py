"""The field-type registry every field plug-in registers with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from common.registry import Registry

if TYPE_CHECKING:
    from .base import FieldType

field_types: Registry[FieldType] = Registry("field type")
register = field_types.register

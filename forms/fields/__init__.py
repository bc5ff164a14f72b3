"""Field-type plug-ins; importing this package registers every built-in type."""

from . import banking, choices, dates, group, text  # noqa: F401 - registration side effect
from .base import FieldType
from .registry import field_types, register

__all__ = ["FieldType", "field_types", "register"]

"""Field-type plug-ins; importing this package registers every built-in type."""

from collections.abc import Iterable

from . import (  # noqa: F401 - registration side effect
    banking,
    choices,
    contact,
    dates,
    files,
    group,
    info,
    numbers,
    parking,
    text,
    vehicles,
)
from .base import FieldType
from .registry import field_types, register

__all__ = ["FieldType", "field_types", "needs_multipart", "register"]


def needs_multipart(fields: Iterable) -> bool:
    """Tell whether any of the fields (groups included) posts files: multipart/form-data."""
    return any(field_types[f.type].multipart or needs_multipart(f.fields) for f in fields)

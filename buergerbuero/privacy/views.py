"""The resident's pages of the area under /meine-daten: what the city holds about them, its
download, who opened their applications, and deleting the account."""

from __future__ import annotations

from . import bp  # noqa: F401  (routes are added here)

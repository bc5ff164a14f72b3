"""What the Sprechstunde adds to the app: its settings' defaults, the reminder in the relay
round, and the hook that frees a withdrawn case's seat."""

from __future__ import annotations

from flask import Flask

from ..cases.withdrawal import on_withdrawn
from . import changes, reminders

DEFAULTS = {
    # How many future appointments one resident may hold at once in one Sprechstunde.
    "SPRECHSTUNDE_MAX_OPEN_PER_RESIDENT": 2,
}


def init_app(app: Flask) -> None:
    """Set the defaults, register the reminder and the withdrawal hook."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    reminders.init_app(app)
    on_withdrawn(app).append(changes.cancel_on_withdrawal)

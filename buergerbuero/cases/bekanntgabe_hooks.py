"""What the Bekanntgabe adds to the app: its settings, the gateway hooks (delivery into the
resident's box, the resident's opening), the relay round's step and the templates' test."""

from __future__ import annotations

import datetime as dt

from flask import Flask

import mailgateway
from common.db import utcnow
from common.holidays import LAENDER

from ..core.extensions import db
from . import bekanntgabe, closing
from . import deadlines_law as law

DEFAULTS = {
    # The Land whose public holidays move the end of a remedy period (§ 222 Abs. 2 ZPO).
    "BUNDESLAND": "BW",
    # § 41 Abs. 2 S. 1 VwVfG (Bund, since 1 January 2025): the fourth day after the Aufgabe
    # zur Post; a Land whose VwVfG still says three sets 3.
    "BEKANNTGABE_POST_DAYS": law.POST_DAYS,
}


def relay_round(now: dt.datetime | None = None) -> None:
    """The relay round's step: settle sent notices, end expired provisions, close announced
    cases (each commits its own work)."""
    now = now or utcnow()
    bekanntgabe.settle_notices(db.session)
    bekanntgabe.end_provisions(db.session, now)
    bekanntgabe.close_announced(db.session, law.local_day(now))


def init_app(app: Flask) -> None:
    """Set the defaults (refusing an unknown Land at start), register hooks and template test."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    if app.config["BUNDESLAND"] not in LAENDER:
        raise ValueError(f"BUNDESLAND must be one of {', '.join(LAENDER)}, "
                         f"not {app.config['BUNDESLAND']!r}")
    hooks = mailgateway.state_of(app)
    hooks.on_delivered.append(bekanntgabe.decision_delivered)
    hooks.on_resident_opened.append(bekanntgabe.decision_retrieved)
    hooks.on_relay_round.append(relay_round)
    app.add_template_test(closing.is_closed, "closed_case")

"""The case worker's message box live: the new messages after a cursor, polled by the case page.

Access exactly as the case page (a case delivered to the worker's department, else 404), and
what the page does on showing the resident's messages the poll does too: their Postfach entries
are opened (Abholbestätigung) and the inbox's "Antwort eingegangen" flag goes.
"""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

import mailgateway

from ..auth import role_required
from ..auth.sessions import passive
from ..cases.live_box import cursor_argument, live_update
from ..core.extensions import db
from ..core.labels import department_name
from ..models import Role
from . import bp
from .views import department_entry


@bp.route("/<reference>/nachrichten")
@role_required(Role.CASEWORKER)
@passive  # a poll: an open tab does not keep the login alive
def live_messages(reference: str):
    """Answer the messages after `?nach=` as HTML of the page's partial, with every state."""
    cursor = cursor_argument()
    case, _entry = department_entry(reference)
    mailgateway.open_unread(db.session, case_id=case.id,
                                     department_id=case.department_id,
                                     kinds=[mailgateway.OutboxKind.MESSAGE],
                                     opened_by=current_user.user.id)
    if case.reply_at is not None:  # the resident's reply is on the page now: the flag goes
        case.reply_at = None
        db.session.commit()
    update = live_update(db.session, case, cursor,
                         department_name=department_name(case.department))
    return jsonify(update.as_json())

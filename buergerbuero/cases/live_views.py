"""The resident's message box live: the new messages after a cursor, polled by the case page.

Access exactly as the case page (the owner only, else 404), and what the page does when it
shows the department's entries the poll does too: each first showing of a delivered message or
Rückfrage opens it, signing its Abholbestätigung.
"""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from ..auth import role_required
from ..auth.sessions import passive
from ..core.extensions import db
from ..core.labels import department_name
from ..models import Role
from . import bp
from .live_box import cursor_argument, live_update
from .messages import open_box_entries
from .views import own_case


@bp.route("/<reference>/nachrichten")
@role_required(Role.RESIDENT)
@passive  # a poll: an open tab does not keep the login alive
def live_messages(reference: str):
    """Answer the messages after `?nach=` as HTML of the page's partial, with every state."""
    cursor = cursor_argument()
    case = own_case(reference)
    open_box_entries(db.session, case, current_user.user)
    update = live_update(db.session, case, cursor,
                         department_name=department_name(case.department))
    return jsonify(update.as_json())

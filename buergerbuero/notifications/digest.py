"""The case workers' daily digest: new and overdue open cases of each of their departments.

One mail per subscribed active case worker and day. That it went out today is read from the
mail queue itself (a `digest` mail to the account created since local midnight), so no extra
column is needed; and the next digest counts as new what arrived since the previous one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from common.db import utcnow
from common.formatting import LOCAL_TIME
from common.i18n import _l

from ..core.extensions import db
from ..core.labels import department_name
from ..models import Case, Department, MailMessage, Role, User
from .mails import public_url, queue_to_user

KIND = "digest"
LISTED = 50
"""At most this many references per list; the rest is "und N weitere"."""


def local_midnight(now: dt.datetime) -> dt.datetime:
    """Return the start of `now`'s day in Europe/Berlin, as an aware UTC time."""
    day = now.astimezone(LOCAL_TIME).date()
    return dt.datetime.combine(day, dt.time(), LOCAL_TIME).astimezone(dt.UTC)


def digest_due(now: dt.datetime | None = None) -> bool:
    """Say whether the digest's hour (MAIL_DIGEST_HOUR, local time) has come today."""
    now = now or utcnow()
    return now.astimezone(LOCAL_TIME).hour >= int(current_app.config["MAIL_DIGEST_HOUR"])


def subscribers_without_digest(session: Any, now: dt.datetime) -> list[User]:
    """Return the subscribed active case workers who have not had today's digest."""
    done = (select(MailMessage.user_id)
            .where(MailMessage.kind == KIND, MailMessage.created_at >= local_midnight(now),
                   MailMessage.user_id.is_not(None)))
    return list(session.scalars(
        select(User).where(User.digest_subscribed.is_(True), User.active.is_(True),
                           User.role == Role.CASEWORKER, User.id.not_in(done))
        .order_by(User.id)))


def previous_digest(session: Any, user: User) -> dt.datetime | None:
    """Return when the account's last digest was queued, or None."""
    return session.scalar(select(func.max(MailMessage.created_at))
                          .where(MailMessage.kind == KIND, MailMessage.user_id == user.id))


def listed(session: Any, where: list[Any], order: Any) -> dict[str, Any]:
    """Count the open cases matching `where`, with the first LISTED references in `order`."""
    count = session.scalar(select(func.count()).select_from(Case).where(*where))
    references = list(session.scalars(select(Case.reference).where(*where)
                                      .order_by(order, Case.id).limit(LISTED)))
    return {"count": count, "references": references, "more": count - len(references)}


def department_section(session: Any, department: Department, since: dt.datetime,
                       now: dt.datetime) -> dict[str, Any]:
    """Return one department's lists: new since `since` and overdue at `now`."""
    # Each list is one range of an inbox index: (department_id, is_open, received_at | due_at).
    mine = [Case.department_id == department.id, Case.is_open.is_(True)]
    return {"name": department_name(department),  # rendered in the reader's language
            "new": listed(session, [*mine, Case.received_at >= since], Case.received_at),
            "overdue": listed(session, [*mine, Case.due_at < now], Case.due_at)}


def queue_digest(session: Any, user: User, now: dt.datetime) -> MailMessage:
    """Queue the account's digest (the caller commits)."""
    since = previous_digest(session, user) or now - dt.timedelta(hours=24)
    if since.tzinfo is None:  # SQLite hands back naive UTC
        since = since.replace(tzinfo=dt.UTC)
    departments = sorted(user.departments, key=lambda d: d.name)
    sections = [department_section(session, d, since, now) for d in departments]
    return queue_to_user(session, user, kind=KIND,
                         subject=_l("Ihre Tagesübersicht: neue und überfällige Vorgänge"),
                         sections=sections, since=since, inbox_url=public_url("workbench.inbox"))


def send_digests(now: dt.datetime | None = None) -> int:
    """Queue today's digest for every subscriber who has not had it; return how many."""
    now = now or utcnow()
    session = db.session
    count = 0
    for user in subscribers_without_digest(session, now):
        queue_digest(session, user, now)
        session.commit()  # one by one: a failure later leaves the earlier ones sent once
        count += 1
    return count

"""Abandoned drafts: a draft not saved for DRAFT_RETENTION_DAYS is deleted with its uploads;
DRAFT_WARNING_DAYS before, the resident is told once by e-mail (unless they switched mails
off). Saving the draft again makes the warning void: it counts only while newer than the
draft's last save (`warned_at` > `updated_at`), and a new one is sent if it goes stale again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from common.i18n import _l

from ..cases.uploads import delete_unfiled
from ..catalogue.definitions import title_of
from ..core import audit
from ..models import Draft, Upload, User
from ..notifications.mails import public_url, queue_mail
from . import erasure

BATCH = 500


@dataclass(frozen=True)
class Limits:
    """The two instants that decide a draft's fate at `now`."""

    warn_before: dt.datetime
    """Saved last before this: warned now."""
    delete_before: dt.datetime
    """Saved last before this, and warned long enough ago: deleted."""
    warned_before: dt.datetime
    """A warning sent before this has run its week."""


def limits(now: dt.datetime) -> Limits:
    """Return the limits from DRAFT_RETENTION_DAYS and DRAFT_WARNING_DAYS."""
    keep = dt.timedelta(days=int(current_app.config["DRAFT_RETENTION_DAYS"]))
    warning = dt.timedelta(days=int(current_app.config["DRAFT_WARNING_DAYS"]))
    return Limits(now - keep + warning, now - keep, now - warning)


def valid_warning():
    """Return the condition "warned since the last save"."""
    return and_(Draft.warned_at.is_not(None), Draft.warned_at >= Draft.updated_at)


def no_valid_warning():
    """Return the condition "not warned since the last save"."""
    return or_(Draft.warned_at.is_(None), Draft.warned_at < Draft.updated_at)


def to_warn(session: Session, now: dt.datetime) -> list[Draft]:
    """Return drafts that go stale within the warning time and carry no valid warning."""
    return list(session.scalars(select(Draft).where(
        Draft.updated_at < limits(now).warn_before, no_valid_warning())
        .order_by(Draft.id).limit(BATCH)))


def to_delete(session: Session, now: dt.datetime) -> list[int]:
    """Return the ids of drafts past their time whose warning has run its course."""
    bounds = limits(now)
    return list(session.scalars(select(Draft.id).where(
        Draft.updated_at < bounds.delete_before, valid_warning(),
        Draft.warned_at <= bounds.warned_before).order_by(Draft.id).limit(BATCH)))


def warn(session: Session, draft: Draft, now: dt.datetime) -> bool:
    """Mark the draft warned (only if still unsaved since) and queue the mail; commits."""
    # The check again inside the UPDATE: another relay that read the same draft may have
    # warned it meanwhile (updated_at stays as it was), and only one of them may mail.
    won = session.execute(update(Draft).where(
        Draft.id == draft.id, Draft.updated_at == draft.updated_at, no_valid_warning()).values(
        warned_at=now, updated_at=Draft.updated_at)).rowcount  # a warning is no save
    if won:
        resident = session.get(User, draft.user_id)
        if resident.notify_by_email and resident.active:
            title = str(title_of(draft.definition))
            queue_mail(session, kind="draft_expiring", to=resident.email, locale=resident.locale,
                       subject=_l("Ihr Entwurf „%(title)s“ wird bald gelöscht", title=title),
                       user=resident, title=title,
                       deleted_on=deletion_day(draft, now),
                       drafts_url=public_url("cases.index"))
    session.commit()
    return bool(won)


def delete_draft(session: Session, draft_id: int, now: dt.datetime) -> int | None:
    """Delete one expired draft with its uploads (files after the commit); return how many
    files, or None if it was saved meanwhile (the resident's save wins)."""
    bounds = limits(now)
    # The conditional UPDATE locks the draft and checks it again; a save racing it wins.
    still_due = session.execute(update(Draft).where(
        Draft.id == draft_id, Draft.updated_at < bounds.delete_before, valid_warning(),
        Draft.warned_at <= bounds.warned_before).values(
        warned_at=Draft.warned_at, updated_at=Draft.updated_at)).rowcount
    if not still_due:
        session.rollback()
        return None
    names = delete_unfiled(session, "draft_expired", Upload.draft_id == draft_id)
    session.execute(delete(Draft).where(Draft.id == draft_id))
    audit.record(session, "draft_expired", Draft(id=draft_id), actor_id=None, files=len(names))
    erasure.queue_removals(session, names, now)
    session.commit()
    return erasure.remove_pending(session, names)


def deletion_day(draft: Draft, now: dt.datetime) -> dt.datetime:
    """Return when a draft warned now goes: at its time, and not before the warning ran."""
    keep = dt.timedelta(days=int(current_app.config["DRAFT_RETENTION_DAYS"]))
    warning = dt.timedelta(days=int(current_app.config["DRAFT_WARNING_DAYS"]))
    return max(draft.updated_at + keep, now + warning)

"""Orphaned uploads: files that no draft or case holds any more, removed by `flask uploads purge`
and, once per UPLOADS_PURGE_INTERVAL_SECONDS, from the gateway relay's loop. A filed case's
files are never removed."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass

import click
from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

import mailgateway
from common.db import utcnow
from common.i18n import _, _l

from ..core.commandline import CliGroup
from ..core.extensions import db
from ..models import Draft, Upload
from .uploads import delete_unfiled, held_upload_ids, remove_files, upload_dir

BATCH = 500
STATE_KEY = "buergerbuero.upload_cleanup"
uploads_cli = CliGroup("uploads", help=_l("Hochgeladene Dateien."))


@dataclass
class Purged:
    """What one purge removed: upload rows (with their files) and files without a row."""

    uploads: int
    stray_files: int


def init_app(app: Flask) -> None:
    """Register the CLI command and the relay's periodic purge."""
    app.cli.add_command(uploads_cli)
    app.extensions[STATE_KEY] = {"next_purge": 0.0}
    mailgateway.state_of(app).on_relay_round.append(purge_when_due)


def purge_orphans(session: Session, now: dt.datetime | None = None) -> Purged:
    """Remove unfiled uploads whose draft is gone (filed or discarded), uploads older than
    UPLOADS_ORPHAN_HOURS that their draft does not reference, and files without a row."""
    cutoff = (now or utcnow()) - dt.timedelta(hours=current_app.config["UPLOADS_ORPHAN_HOURS"])
    names = delete_unfiled(session, "orphan", Upload.draft_id.is_(None))
    for page in unreferenced(session, cutoff):
        names += delete_unfiled(session, "orphan", Upload.id.in_(page), Upload.created_at < cutoff)
    session.commit()
    remove_files(names)
    return Purged(len(names), remove_strays(session, cutoff))


def unreferenced(session: Session, cutoff: dt.datetime) -> Iterator[list[int]]:
    """Yield, page by page of BATCH rows, the ids of unfiled uploads older than cutoff that their
    draft does not hold (a file left behind by a refused step, never saved).

    Paging by id goes on past rows that drafts still hold, however many there are.
    """
    last = 0
    while True:
        rows = session.execute(
            select(Upload.id, Upload.token, Draft.answers, Draft.unvalidated_input)
            .join(Draft, Draft.id == Upload.draft_id)
            .where(Upload.case_id.is_(None), Upload.created_at < cutoff, Upload.id > last)
            .order_by(Upload.id).limit(BATCH)).all()
        yield [upload_id for upload_id, token, answers, typed in rows
               if token not in held_upload_ids(answers, typed)]
        if len(rows) < BATCH:
            return
        last = rows[-1][0]


def remove_strays(session: Session, cutoff: dt.datetime) -> int:
    """Delete files older than cutoff that no upload row names (a crash between file and row)."""
    old = {path.name: path for path in upload_dir().iterdir()
           if path.is_file() and path.stat().st_mtime < cutoff.timestamp()}
    known: set[str] = set()
    names = list(old)
    for start in range(0, len(names), BATCH):
        known.update(session.scalars(select(Upload.storage_name).where(
            Upload.storage_name.in_(names[start:start + BATCH]))))
    for name in old.keys() - known:
        old[name].unlink(missing_ok=True)
    return len(old.keys() - known)


def purge_when_due() -> None:
    """Purge if the interval has passed since the last purge in this process (relay loop)."""
    state = current_app.extensions[STATE_KEY]
    if time.monotonic() < state["next_purge"]:
        return
    purged = purge_orphans(db.session)
    state["next_purge"] = time.monotonic() + current_app.config["UPLOADS_PURGE_INTERVAL_SECONDS"]
    if purged.uploads or purged.stray_files:
        current_app.logger.info("uploads: removed %s orphaned uploads and %s stray files",
                                purged.uploads, purged.stray_files)


@uploads_cli.command("purge", help=_l(
    "Verwaiste Uploads und Dateien ohne Eintrag entfernen; nie die eines Vorgangs."))
def purge_command() -> None:
    """Remove orphaned uploads and stray files; never a filed case's."""
    purged = purge_orphans(db.session)
    click.echo(_("%(uploads)d verwaiste Uploads und %(files)d Dateien ohne Eintrag entfernt.",
                 uploads=purged.uploads, files=purged.stray_files))

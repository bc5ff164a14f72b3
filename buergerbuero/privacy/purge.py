"""One purge run: pending file removals of an interrupted run first, then every due case (offered
to the archive first where its service says so), then abandoned drafts, then stray files.

Safe to run twice (what is gone is not found again) and safe to interrupt (one case or draft
per transaction; files after the commit, from a list that survives a crash). The relay runs
it once per PRIVACY_PURGE_INTERVAL_SECONDS; `flask privacy purge` runs it by hand.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.db import utcnow

from ..cases.upload_cleanup import remove_strays
from ..core.extensions import db
from ..models import Case, Upload
from . import archive_offers, draft_expiry, erasure, retention

log = logging.getLogger(__name__)
STATE_KEY = "buergerbuero.privacy.purge"


@dataclass
class PurgeReport:
    """What a run deleted, or (dry run) would delete."""

    cases: Counter[str] = field(default_factory=Counter)
    """Deleted cases per service slug."""
    offered: list[str] = field(default_factory=list)
    """References offered to the archive in this run (they wait for its decision)."""
    awaiting_archive: int = 0
    """Due cases that wait for the archive's decision (offered before)."""
    unoffered: int = 0
    """Due cases that must be offered but no drop folder is configured."""
    drafts_warned: int = 0
    drafts_deleted: int = 0
    files: int = 0
    """Files removed: the cases' and the drafts' uploads, and files no row names."""
    failed: int = 0
    """Due cases whose purge failed (rolled back, whole; tried again in the next run)."""


def run_purge(session: Session, now: dt.datetime | None = None) -> PurgeReport:
    """Purge everything due at `now` (default: the current time); commits per case."""
    now = now or utcnow()
    report = PurgeReport(files=erasure.remove_pending(session))
    for due in list(retention.due_cases(session, now)):
        try:
            if due.archive_offer and not archive_cleared(session, due, now, report):
                continue
            if retention.purge_case(session, due, now):
                report.cases[due.service_slug] += 1
        except Exception:  # one case that fails (a bundle that cannot be sealed) stops no other
            session.rollback()
            report.failed += 1
            log.exception("privacy: purging case id %s failed; it stays whole", due.case_id)
    purge_drafts(session, now, report)
    report.files += remove_strays(session, utcnow() - dt.timedelta(
        hours=current_app.config["UPLOADS_ORPHAN_HOURS"]))  # file mtimes are real time
    session.commit()
    return report


def archive_cleared(session: Session, due: retention.DueCase, now: dt.datetime,
                    report: PurgeReport) -> bool:
    """Tell whether the archive decided on the case's present closing; offer it first if it
    was not offered since (an offer before a reopening counts no more)."""
    case = session.get(Case, due.case_id, populate_existing=True)
    offer = archive_offers.current_offer(session, case)
    if offer is not None and offer.decision is not None:
        return True
    if offer is not None:
        report.awaiting_archive += 1
    elif archive_offers.drop_folder() is None:
        report.unoffered += 1
    else:
        report.offered.append(archive_offers.make_offer(session, case, now).reference)
    return False


def purge_drafts(session: Session, now: dt.datetime, report: PurgeReport) -> None:
    """Warn the residents of drafts about to go, then delete those whose warning ran out."""
    for draft in draft_expiry.to_warn(session, now):
        report.drafts_warned += draft_expiry.warn(session, draft, now)
    for draft_id in draft_expiry.to_delete(session, now):
        files = draft_expiry.delete_draft(session, draft_id, now)
        if files is not None:
            report.drafts_deleted += 1
            report.files += files


def dry_run(session: Session, now: dt.datetime | None = None) -> PurgeReport:
    """Return what a run at `now` would delete, changing nothing (offers and warnings that
    would be made are counted as such)."""
    now = now or utcnow()
    report = PurgeReport()
    for due in retention.due_cases(session, now):
        offer = archive_offers.current_offer(session, session.get(Case, due.case_id)) \
            if due.archive_offer else None
        if due.archive_offer and (offer is None or offer.decision is None):
            report.awaiting_archive += 1
            continue
        report.cases[due.service_slug] += 1
        report.files += session.scalar(select(func.count()).select_from(Upload).where(
            Upload.case_id == due.case_id))
    report.drafts_warned = len(draft_expiry.to_warn(session, now))
    expired = draft_expiry.to_delete(session, now)
    report.drafts_deleted = len(expired)
    if expired:
        report.files += session.scalar(select(func.count()).select_from(Upload).where(
            Upload.draft_id.in_(expired), Upload.case_id.is_(None)))
    session.rollback()
    return report


def purge_when_due() -> None:
    """Run the purge if PRIVACY_PURGE_INTERVAL_SECONDS passed since this process's last run."""
    state = current_app.extensions.setdefault(STATE_KEY, {"next_run": 0.0})
    if time.monotonic() < state["next_run"]:
        return
    try:
        report = run_purge(db.session)
    except Exception as error:  # the next run is due after the interval, not next round
        db.session.rollback()
        # The type only: a message may carry a reference or a name.
        log.error("privacy: the purge run failed (%s); next try after the interval",
                  type(error).__name__)
        return
    finally:
        state["next_run"] = time.monotonic() + current_app.config[
            "PRIVACY_PURGE_INTERVAL_SECONDS"]
    if report.cases or report.drafts_deleted or report.offered:
        log.info("privacy: purged %s cases, %s drafts, %s files; offered %s to the archive",
                 sum(report.cases.values()), report.drafts_deleted, report.files,
                 len(report.offered))


"""The Anbietungspflicht: before the Löschfrist deletes a case of a service with
`archiv_anbieten: true`, its evidence bundle is written into the city archive's drop folder
(ARCHIVE_DROP_FOLDER) and the offer recorded; the case waits until the archive's decision
(take or release) is recorded, by an administrator (Verwaltung → Archiv) or on the command line.
Either decision lets the purge go on: a taken case lives on in the archive's copy (the file
in the drop folder is the archive's, the platform never reads it again); a released case's
bundle is removed with the case (privacy/retention.py). An offer belongs to one closing: a
case reopened after its offer is offered again when its Löschfrist ends anew.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from common.i18n import _l

from ..cases.archive import evidence_zip
from ..core import audit
from ..core.errors import RuleRefused
from ..models import CLOSED, ArchiveDecision, ArchiveOffer, Case

DECISION_LABELS = {ArchiveDecision.TAKE: _l("Übernahme durch das Archiv"),
                   ArchiveDecision.RELEASE: _l("Freigabe zur Löschung")}


class OfferRefused(RuleRefused):
    """An archive decision that cannot be recorded; `message` says why in German."""


def drop_folder() -> Path | None:
    """Return the archive's drop folder, or None when none is configured."""
    folder = current_app.config.get("ARCHIVE_DROP_FOLDER")
    return Path(folder) if folder else None


def offer_of(session: Session, case_id: int) -> ArchiveOffer | None:
    """Return the case's newest offer to the archive, if one was made (see current_offer)."""
    # Read afresh: the decision is recorded by another session (the page, the command line).
    return session.scalar(select(ArchiveOffer).where(ArchiveOffer.case_id == case_id)
                          .order_by(ArchiveOffer.id.desc()).limit(1)
                          .execution_options(populate_existing=True))


def is_current(offer: ArchiveOffer, case: Case | None) -> bool:
    """Tell whether the offer was made for the case's present closing: an offer made before the
    case was reopened speaks of a file that has grown since, and its decision counts no more."""
    if case is None:  # the case is purged (or the offer was recorded without one)
        return True
    return case.status in CLOSED and case.closed_at is not None \
        and offer.offered_at >= case.closed_at


def current_offer(session: Session, case: Case) -> ArchiveOffer | None:
    """Return the offer made for the case's present closing, None if it must be offered (again)."""
    offer = offer_of(session, case.id)
    return offer if offer is not None and is_current(offer, case) else None


def bundle_name(session: Session, case: Case) -> str:
    """Return the bundle's file name: a case offered again gets a new name, so the bundle of an
    earlier offer (the archive's, if it took it) is never overwritten."""
    earlier = session.scalar(select(func.count()).select_from(ArchiveOffer).where(
        ArchiveOffer.case_id == case.id))
    return f"Nachweise-{case.reference}" + (f"-{earlier + 1}" if earlier else "") + ".zip"


def write_atomically(folder: Path, name: str, content: bytes) -> Path:
    """Write `content` as folder/name through a temporary file and a rename: the archive never
    sees half a bundle, and a second run replaces the first one's file."""
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".teil-", suffix=".zip")
    try:
        with os.fdopen(descriptor, "wb") as target:
            target.write(content)
            target.flush()
            os.fsync(target.fileno())
        target_path = folder / name
        os.replace(temporary, target_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target_path


def make_offer(session: Session, case: Case, now: dt.datetime) -> ArchiveOffer:
    """Write the case's evidence bundle into the drop folder and record the offer (commits).

    The file comes first: a crash before the commit leaves a file the next run writes again.
    """
    folder = drop_folder()
    if folder is None:
        raise OfferRefused(_l("Für die Anbietung an das Archiv ist keine Ablage eingerichtet "
                              "(ARCHIVE_DROP_FOLDER)."))
    bundle = evidence_zip(session, case, for_department=True)
    path = write_atomically(folder, bundle_name(session, case), bundle)
    offer = ArchiveOffer(case_id=case.id, reference=case.reference,
                         service_slug=case.definition.slug, offered_at=now,
                         bundle_path=str(path), bundle_sha256=hashlib.sha256(bundle).hexdigest())
    session.add(offer)
    session.flush()
    audit.record(session, "archive_offered", offer, case_id=case.id, actor_id=None,
                 sha256=offer.bundle_sha256)
    session.commit()
    return offer


def decide(session: Session, offer_id: int, decision: str, decided_by: str,
           now: dt.datetime, actor_id: int | None = None) -> ArchiveOffer:
    """Record the archive's decision on an open offer (commits); OfferRefused if it is not
    open any more or the decision is unknown. Set once: a second decision is refused."""
    if decision not in ArchiveDecision.ALL:
        raise OfferRefused(_l("Bitte wählen Sie „Übernahme“ oder „Freigabe“."))
    won = session.execute(update(ArchiveOffer).where(
        ArchiveOffer.id == offer_id, ArchiveOffer.decision.is_(None)).values(
        decision=decision, decided_at=now, decided_by=decided_by)).rowcount
    offer = session.get(ArchiveOffer, offer_id, populate_existing=True)
    if won and not is_current(offer, session.get(Case, offer.case_id) if offer.case_id
                              else None):
        session.rollback()
        raise OfferRefused(_l("Der Vorgang wurde nach diesem Angebot wieder geöffnet; er wird "
                              "nach seinem erneuten Abschluss neu angeboten."))
    if not won:
        session.rollback()
        raise OfferRefused(_l("Zu diesem Angebot ist die Entscheidung des Archivs bereits "
                              "erfasst.") if offer else _l("Dieses Angebot gibt es nicht."))
    audit.record(session, "archive_decided", offer, case_id=offer.case_id, actor_id=actor_id,
                 decision=decision)
    session.commit()
    return offer


def offer_by_reference(session: Session, reference: str) -> ArchiveOffer | None:
    """Return the newest offer of the case with this reference, if one was made."""
    return session.scalar(select(ArchiveOffer).where(ArchiveOffer.reference == reference)
                          .order_by(ArchiveOffer.id.desc()).limit(1))


def offers(session: Session) -> list[ArchiveOffer]:
    """Return every offer, those awaiting a decision first, then the newest."""
    return list(session.scalars(select(ArchiveOffer).order_by(
        ArchiveOffer.decision.is_not(None), ArchiveOffer.offered_at.desc())))

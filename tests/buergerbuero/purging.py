"""Helpers of the Löschfrist tests: a frozen clock, cases closed on it, what of a case remains
in every table that names a case, and a real `flask privacy purge` process."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

from sqlalchemy import func, select, update

from buergerbuero.cases import lifecycle
from buergerbuero.cases.uploads import upload_dir
from buergerbuero.models import Case, CaseStatus, Draft, MailMessage, Upload, User
from common.db import Base

from .. import support
from ..mailgateway.workers import worker_env
from .authorization_world import dangerous_dog_uploaded, file_dangerous_dog
from .casework import CASEWORKER

CLOSED_ON = dt.datetime(2005, 1, 3, 9, 0, tzinfo=dt.UTC)
"""The frozen clock's closing day: long before any other test's case (they close today)."""
HUNDESTEUER_DAYS = 3650  # services/hundesteuer-anmeldung.yaml retention_days


def after_retention(days: int = HUNDESTEUER_DAYS) -> dt.datetime:
    """Return the frozen clock one day after the Löschfrist of a case closed on CLOSED_ON."""
    return CLOSED_ON + dt.timedelta(days=days + 1)


def case_columns() -> dict[str, list[str]]:
    """Return every table with a column that names a case (by foreign key or by name)."""
    found: dict[str, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            to_cases = any(fk.column.table.name == "cases" for fk in column.foreign_keys)
            if to_cases or column.name in ("case_id", "issued_case_id"):
                found.setdefault(table.name, []).append(column.name)
    return found


def remaining_rows(session: Any, case_id: int) -> dict[str, int]:
    """Return, per table naming a case, how many rows still name this one (cases: its row)."""
    support.fresh(session)
    counts = {"cases": session.scalar(select(func.count()).select_from(Case).where(
        Case.id == case_id))}
    for name, columns in case_columns().items():
        table = Base.metadata.tables[name]
        for column in columns:
            counts[f"{name}.{column}"] = session.scalar(
                select(func.count()).select_from(table).where(table.c[column] == case_id))
    return {key: value for key, value in counts.items() if value}


def stored_files(session: Any, case_id: int) -> list[str]:
    """Return the storage names of the case's uploads."""
    support.fresh(session)
    return list(session.scalars(select(Upload.storage_name).where(Upload.case_id == case_id)))


def on_disk(app: Any, names: list[str]) -> list[str]:
    """Return those of the files that still lie in the upload folder."""
    with app.app_context():
        return [name for name in names if (upload_dir() / name).exists()]


def close_on_frozen_clock(app: Any, session: Any, reference: str,
                          closed_at: dt.datetime = CLOSED_ON) -> int:
    """Close a delivered case by hand, as the case worker does, and move its days back to the
    frozen clock (filed, received and closed then); return its id."""
    with app.test_request_context():
        support.fresh(session)
        case = session.scalar(select(Case).where(Case.reference == reference))
        worker = session.scalar(select(User).where(User.email == CASEWORKER))
        if case.status is not CaseStatus.ABGESCHLOSSEN:
            lifecycle.change_status(session, case, CaseStatus.ABGESCHLOSSEN, worker,
                                    reason="Erledigt.")
        case.created_at = closed_at - dt.timedelta(days=20)
        case.received_at = closed_at - dt.timedelta(days=19)
        case.closed_at = closed_at
        session.commit()
        return case.id


def filed_and_closed(app: Any, client: Any, session: Any, run_gateway: Any) -> int:
    """File a dangerous dog (with its uploaded certificate), deliver it, close it on the
    frozen clock; return the case id."""
    support.register(client)
    reference = file_dangerous_dog(client)
    run_gateway()
    return close_on_frozen_clock(app, session, reference)


def purge_process(app: Any, *, fault: str = "", dry_run: bool = False
                  ) -> subprocess.CompletedProcess:
    """Run `python -m flask privacy purge` as its own process on the test app's instance."""
    command = [sys.executable, "-m", "flask", "--app", "buergerbuero", "privacy", "purge"]
    env = worker_env(app, PRIVACY_PURGE_FAULT=fault, UPLOADS_DIR=app.config["UPLOADS_DIR"])
    env["LANG"] = "de_DE.UTF-8"
    return subprocess.run(command + (["--dry-run"] if dry_run else []), env=env,
                          capture_output=True, text=True, timeout=300)


def archived_service(slug: str) -> str:
    """Return a two-step service whose cases are offered to the archive (a year's Löschfrist)."""
    from .filing import TWO_STEPS

    return TWO_STEPS.format(slug=slug).replace("retention_days: 365\n",
                                               "retention_days: 365\narchiv_anbieten: true\n")


def file_two_steps(client: Any, slug: str) -> str:
    """File the two-step service as the resident logged in on `client`; return the reference."""
    url = support.start_draft(client, slug)
    wish = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    for answers in ({"name": "Erika Musterfrau", "gegenstaende": "Ein Sofa"},
                    {"wunschtermin": wish}):
        response = support.post_form(client, url, {**answers, "aktion": "weiter"})
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
        url = response.headers["Location"]
    filed = support.post_form(client, url, {"aktion": "einreichen"})
    assert filed.status_code == 302, filed.get_data(as_text=True)[-2000:]
    return filed.headers["Location"].rsplit("/", 1)[-1]


def draft_with_upload(client: Any) -> int:
    """Start the dog tax with a dangerous dog's certificate uploaded; return the draft's id."""
    from .filing import draft_id

    return draft_id(dangerous_dog_uploaded(client)[0])


def last_saved(session: Any, draft_id: int, when: dt.datetime) -> None:
    """Set when the draft was last saved (the frozen clock's day), as a save would."""
    session.execute(update(Draft).where(Draft.id == draft_id).values(updated_at=when))
    session.commit()


def warnings_to(session: Any, email: str) -> list[MailMessage]:
    """Return the draft warnings mailed to the address."""
    support.fresh(session)
    return list(session.scalars(select(MailMessage).where(
        MailMessage.kind == "draft_expiring", MailMessage.to_address == email)))

"""The people and the real cases of bench/inbox.py: the department, its twenty case workers, the
resident whose list is measured, and cases filed and delivered through the app and the gateway.
"""

from __future__ import annotations

import datetime as dt

from rq import SimpleWorker
from sqlalchemy import func, select, text
from werkzeug.security import generate_password_hash

from bench.inbox_pages import BenchError, file_dog_tax, log_in
from bench.inbox_rows import Department, Service
from buergerbuero.catalogue.definitions import spec_of
from buergerbuero.core.extensions import db
from buergerbuero.models import (
    Case,
    CaseStatus,
    DefinitionStatus,
    Role,
    ServiceDefinition,
    User,
)
from buergerbuero.models import Department as DepartmentRow
from mailgateway.queue import gateway_queue, redis_connection

DEPARTMENT = "steueramt"
"""Where Musterstadt's dog tax goes: the real filings land in the same inbox as the bulk."""
WORKERS = 20
PASSWORD = "Bench-Passwort-2026"
FILER = "filer@bench.example.org"
"""The resident who files the real cases (named Erika Müller: the name search finds them)."""


def prepare(app, now: dt.datetime) -> Department:
    """Create the case workers and the filing resident; return the department to fill."""
    with app.app_context():
        department = db.session.scalar(select(DepartmentRow).where(
            DepartmentRow.key == DEPARTMENT))
        services = [Service(row.id, row.slug, row.version, row.sha256,
                            spec_of(row).reference_prefix, spec_of(row).processing_days)
                    for row in db.session.scalars(select(ServiceDefinition).where(
                        ServiceDefinition.status == DefinitionStatus.PUBLISHED)
                        .order_by(ServiceDefinition.slug))]
        hashed = generate_password_hash(PASSWORD, method="scrypt")  # one hash: 21 would be slow
        workers = [User(email=worker_email(n), display_name=f"Sachbearbeitung {n}",
                        role=Role.CASEWORKER, password_hash=hashed, email_confirmed_at=now,
                        departments=[department]) for n in range(WORKERS)]
        filer = User(email=FILER, display_name="Erika Müller", role=Role.RESIDENT,
                     password_hash=hashed, email_confirmed_at=now)
        db.session.add_all([*workers, filer])
        db.session.commit()
        result = Department(department.id, department.key, department.name, services,
                            [w.id for w in workers], now)
        db.session.rollback()
    return result


def worker_email(n: int) -> str:
    """The login of the n-th case worker."""
    return f"sachbearbeitung{n}@bench.example.org"


def resident_with_cases(app) -> str:
    """Give the first bulk resident a password; return their login (their ~20 cases are the
    resident's list measured)."""
    with app.app_context():
        user_id = db.session.execute(text(
            "SELECT min(id) FROM users WHERE email LIKE 'bench-r%'")).scalar_one()
        user = db.session.get(User, user_id)
        user.password_hash = generate_password_hash(PASSWORD, method="scrypt")
        email = user.email
        db.session.commit()
    return email


def file_and_deliver(app, count: int) -> list[str]:
    """File `count` dog-tax cases through the app, deliver them with an in-process gateway
    worker, check that each arrived; return their references."""
    client = app.test_client()
    log_in(client, FILER, PASSWORD)
    references = [file_dog_tax(client) for _ in range(count)]
    with app.app_context():
        worker = SimpleWorker([gateway_queue()], connection=redis_connection())
        worker.work(burst=True, logging_level="WARNING", with_scheduler=False)
        delivered = db.session.scalar(select(func.count()).select_from(Case).where(
            Case.reference.in_(references), Case.status == CaseStatus.ZUGESTELLT))
        db.session.rollback()
    if delivered != count:
        raise BenchError(f"only {delivered} of {count} real cases were delivered")
    return references


def half_way_cursor(app, department_id: int) -> str:
    """Return the keyset cursor of the case half-way down the default view (open cases,
    newest received first), taken with OFFSET here, not through the app."""
    with app.app_context():
        received, case_id = db.session.execute(text(
            "SELECT received_at, id FROM cases WHERE department_id = :d AND is_open "
            "ORDER BY received_at DESC, id DESC OFFSET (SELECT count(*) / 2 FROM cases "
            "WHERE department_id = :d AND is_open) LIMIT 1"), {"d": department_id}).one()
        db.session.rollback()
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return f"{(received - epoch) // dt.timedelta(microseconds=1)}.{case_id}"


def census(app, department_id: int) -> dict[str, int]:
    """Count what the department holds: cases, open, overdue, Müller hits, residents."""
    with app.app_context():
        row = db.session.execute(text(
            "SELECT count(*), count(*) FILTER (WHERE is_open), "
            "count(*) FILTER (WHERE is_open AND due_at < now()), "
            "(SELECT count(*) FROM case_search_terms WHERE term = 'mueller'), "
            "(SELECT count(*) FROM users WHERE role = 'resident') "
            "FROM cases WHERE department_id = :d"), {"d": department_id}).one()
        db.session.rollback()
    return dict(zip(("cases", "open", "overdue", "mueller", "residents"), row, strict=True))


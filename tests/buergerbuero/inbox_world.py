"""The inbox tests' world: a department of its own with its case workers, and cases inserted
directly as the foundation's columns describe them (the list reads nothing else)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from buergerbuero.models import (
    Case,
    CaseSearchTerm,
    CaseStatus,
    Department,
    Role,
    ServiceDefinition,
    User,
)
from common.db import utcnow
from common.text import search_words

from .. import support

PASSWORD = "Postfach-Test-2026!"


def start() -> dt.datetime:
    """Return when the newest inserted case came: yesterday, to the hour; each further case
    came one hour earlier, and its deadline is 30 days after now less its number of hours."""
    return (utcnow() - dt.timedelta(days=1)).replace(minute=0, second=0, microsecond=0)


@dataclass
class Office:
    """A department made for one test, its case workers and a resident who filed."""

    department: Department
    workers: list[User]
    resident: User
    prefix: str

    def login(self, client: Any, worker: int = 0) -> Any:
        """Log one of the department's case workers in; return the client."""
        response = support.login(client, self.workers[worker].email, PASSWORD)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client


def staff(session: Any, name: str, departments: list[Department]) -> User:
    """Add a case worker with a password, working for the departments."""
    user = User(email=f"w{uuid.uuid4().hex[:10]}@example.org", display_name=name,
                role=Role.CASEWORKER, email_confirmed_at=utcnow(), departments=departments)
    user.set_password(PASSWORD)
    session.add(user)
    return user


def office(session: Any, workers: tuple[str, ...] = ("Paula Prüfer", "Karl Kollege")) -> Office:
    """Create a department with case workers of its own (committed)."""
    key = f"amt{uuid.uuid4().hex[:8]}"
    department = Department(key=key, name=f"Testamt {key}")  # untranslated: test data
    session.add(department)
    people = [staff(session, name, [department]) for name in workers]
    resident = User(email=f"r{uuid.uuid4().hex[:10]}@example.org", display_name="Antragsteller",
                    role=Role.RESIDENT, email_confirmed_at=utcnow())
    session.add(resident)
    session.commit()
    prefix = "".join(chr(ord("A") + int(c, 16) % 26) for c in uuid.uuid4().hex[:4])
    return Office(department, people, resident, prefix)


def definition_id(session: Any, slug: str = "hundesteuer-anmeldung") -> int:
    """Return the id of a stored version of a service."""
    return session.scalar(select(ServiceDefinition.id).where(ServiceDefinition.slug == slug)
                          .order_by(ServiceDefinition.version.desc()).limit(1))


def insert_cases(session: Any, where: Office, count: int, first: int = 1,
                 **columns: Any) -> list[int]:
    """Insert `count` delivered cases (one hour apart, newest first); return their ids.

    `columns` override a case's defaults; a callable is called with the case's number.
    """
    service, newest = definition_id(session), start()
    rows = []
    for number in range(first, first + count):
        received = newest - dt.timedelta(hours=number)
        row = {"reference": f"{where.prefix}-2026-{number:06d}", "user_id": where.resident.id,
               "definition_id": service, "department_id": where.department.id,
               "status": CaseStatus.ZUGESTELLT, "is_open": True, "received_at": received,
               "due_at": newest + dt.timedelta(days=31, hours=-number),
               "applicant_name": f"Person {number}", "locale": "de"}
        row.update({name: value(number) if callable(value) else value
                    for name, value in columns.items()})
        rows.append(row)
    ids = list(session.scalars(insert(Case).returning(Case.id, sort_by_parameter_order=True), rows))
    terms = [{"term": word, "case_id": case_id, "department_id": row["department_id"],
              "received_at": row["received_at"]}
             for case_id, row in zip(ids, rows, strict=True)
             for word in search_words(row["applicant_name"])]
    if terms:
        session.execute(insert(CaseSearchTerm), terms)
    session.commit()
    return ids

"""The inbox's SQL statements do not grow with its cases: counted at 30 and at 90 cases."""

from __future__ import annotations

import datetime as dt

import pytest

from buergerbuero.models import CaseStatus, Role, User
from common.db import utcnow

from .. import support
from .inbox_world import Office, insert_cases, office

PAGES = ["", "?ansicht=meine", "?ansicht=ueberfaellig&sortierung=frist", "?q=person+eins",
         "?ansicht=alle&bearbeitung=niemand&status=zugestellt", "?nach=%s"]


def statements_of(app, client, query: str) -> int:
    """Count the SQL statements one GET of the inbox sends to the database."""
    with support.sql_statements(app) as sent:
        response = client.get(f"/postfach/{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return len(sent)


def colleagues(session, where: Office, count: int) -> list[int]:
    """Add colleagues without a password (they never log in here); return their ids."""
    people = [User(email=f"{where.prefix.lower()}{n}@example.org", display_name=f"Kollegin {n}",
                   role=Role.CASEWORKER, departments=[where.department]) for n in range(count)]
    session.add_all(people)
    session.commit()
    return [where.workers[0].id] + [p.id for p in people]


def fill(session, where: Office, people: list[int], have: int, total: int) -> None:
    """Bring the department from `have` to `total` cases, a third of them assigned (each to
    someone else) and named "Person Eins": that search lists 10 rows at 30 cases and a full
    page at 90, so a statement per row would show. Some are overdue."""
    insert_cases(
        session, where, total - have, first=have + 1,
        applicant_name=lambda n: "Person Eins" if n % 3 == 0 else "Person Zwei",
        assignee_id=lambda n: people[n % len(people)] if n % 3 == 0 else None,
        status=lambda n: CaseStatus.IN_BEARBEITUNG if n % 3 == 0 else CaseStatus.ZUGESTELLT,
        due_at=lambda n: utcnow() + dt.timedelta(days=-1 if n % 4 == 0 else 20))


@pytest.mark.parametrize("query", PAGES)
def test_a_page_sends_as_many_statements_at_90_cases_as_at_30(app, client, db_session, query):
    where = office(db_session)
    people = colleagues(db_session, where, 40)
    where.login(client)
    counted = []
    for have, total in ((0, 30), (30, 90)):
        fill(db_session, where, people, have, total)
        cursor = client.get("/postfach/").get_data(as_text=True).split('rel="next" href="')[1]
        after = cursor.split("nach=", 1)[1].split('"', 1)[0]
        counted.append(statements_of(app, client, query.replace("%s", after)))
    assert counted[0] == counted[1], counted

"""The OParl meeting lists send as many SQL statements for many meetings as for few: what a
Meeting object embeds (committee, agenda items, documents) is loaded with the page."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from buergerbuero.core.extensions import db
from buergerbuero.models import AgendaItem, Committee, CouncilDocument, Meeting
from common.db import utcnow

from .. import support

_numbers = itertools.count(1)


def statements_of(app, url: str) -> int:
    """Count the SQL statements one GET sends to the database."""
    with support.sql_statements(app) as sent:
        response = app.test_client().get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return len(sent)


def add_meetings(app, key: str, count: int) -> None:
    """Give the committee `count` more meetings, each with a public and a non-public agenda
    item, a document on the meeting and one on the public item."""
    with app.app_context():
        committee = db.session.query(Committee).filter_by(key=key).one()
        for n in range(count):
            meeting = Meeting(committee=committee, name=f"Sitzung {n}",
                              starts_at=utcnow() + dt.timedelta(days=n - count // 2),
                              location="Rathaus")
            public = AgendaItem(meeting=meeting, position=1, number="1", title="Öffentlich")
            AgendaItem(meeting=meeting, position=2, number="2", title="Geheim", public=False)
            db.session.add(meeting)
            db.session.flush()
            for item in (None, public):
                number = next(_numbers)
                db.session.add(CouncilDocument(
                    meeting=meeting, agenda_item_id=item.id if item else None,
                    name="Anlage", filename="a.pdf", storage_name=f"zaehlen-{key}-{number}.pdf",
                    size=10))
        db.session.commit()


@pytest.mark.parametrize("url", ["/oparl/v1/body/meetings",
                                 "/oparl/v1/organization/{key}/meetings"])
def test_a_meeting_list_sends_as_many_statements_for_24_meetings_as_for_4(app, url):
    key = f"zaehlen-{next(_numbers)}"
    with app.app_context():
        db.session.add(Committee(key=key, name="Zählausschuss", kind="Ausschuss"))
        db.session.commit()
    app.config["COUNCIL_OPARL_PER_PAGE"] = 400  # every meeting on the page: more rows shown
    try:
        add_meetings(app, key, 4)
        few = statements_of(app, url.format(key=key))
        add_meetings(app, key, 20)
        many = statements_of(app, url.format(key=key))
    finally:
        app.config["COUNCIL_OPARL_PER_PAGE"] = 50
    assert many == few, (few, many)

"""The OParl 1.1 interface: every object type checked against the schemas from the spec."""

from __future__ import annotations

import datetime as dt

from .. import support
from .council_pages import (
    add_document,
    add_item,
    editor_login,
    meeting_id,
    new_committee,
    new_meeting,
)
from .oparl_schemas import problems

FUTURE = (dt.date.today() + dt.timedelta(days=50)).isoformat()
PUBLIC_URL = "http://127.0.0.1:5000"


def published(client) -> tuple[str, int]:
    """Publish a committee's meeting with a public and a non-public item and a document."""
    editor_login(client)
    key = new_committee(client, name="Jugendhilfeausschuss", short_name="JHA")
    meeting = meeting_id(new_meeting(client, key, FUTURE, name="5. Sitzung"))
    add_item(client, meeting, "Kita-Bedarfsplanung", number="1")
    add_item(client, meeting, "Personalangelegenheit", number="2", public=False)
    add_document(client, meeting, support.small_pdf(), name="Einladung")
    return key, meeting


def get_json(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:500])
    assert response.mimetype == "application/json"
    return response.get_json()


def local(url: str) -> str:
    assert url.startswith(PUBLIC_URL), url
    return url[len(PUBLIC_URL):]


def test_every_object_and_list_follows_the_oparl_schemas(client, app):
    key, meeting = published(client)
    visitor = app.test_client()
    system = get_json(visitor, "/oparl/v1")
    assert problems("System", system) == []
    bodies = get_json(visitor, local(system["body"]))
    assert problems("ObjectList", bodies) == []
    body = bodies["data"][0]
    assert problems("Body", body) == [] and get_json(visitor, local(body["id"])) == body
    organizations = get_json(visitor, local(body["organization"]))
    assert problems("ObjectList", organizations) == []
    for organization in organizations["data"]:
        assert problems("Organization", organization) == [], organization
    mine = get_json(visitor, f"/oparl/v1/organization/{key}")
    assert mine in organizations["data"] or organizations["pagination"]["totalPages"] > 1
    meetings = get_json(visitor, local(mine["meeting"]))
    assert problems("ObjectList", meetings) == []
    found = get_json(visitor, f"/oparl/v1/meeting/{meeting}")
    assert problems("Meeting", found) == [] and found in meetings["data"]
    for item in found["agendaItem"]:
        assert problems("AgendaItem", item) == []
        assert get_json(visitor, local(item["id"])) == item
    assert problems("Location", get_json(visitor, local(found["location"]["id"]))) == []
    file = found["auxiliaryFile"][0]
    assert problems("File", file) == [] and get_json(visitor, local(file["id"])) == file
    with visitor.get(local(file["accessUrl"])) as download:
        assert download.data.startswith(b"%PDF")
    for url in (body["person"], body["paper"], body["meeting"]):
        assert problems("ObjectList", get_json(visitor, local(url))) == []


def test_the_meeting_carries_local_times_and_hides_what_is_not_public(client, app):
    _key, meeting = published(client)
    found = get_json(app.test_client(), f"/oparl/v1/meeting/{meeting}")
    start = dt.datetime.fromisoformat(found["start"])
    assert start.hour == 17 and start.utcoffset() in (dt.timedelta(hours=1),
                                                      dt.timedelta(hours=2))
    assert found["name"] == "5. Sitzung" and found["cancelled"] is False
    names = [(i["name"], i["public"]) for i in found["agendaItem"]]
    assert names == [("Kita-Bedarfsplanung", True), ("nicht öffentlich", False)]
    assert "Personalangelegenheit" not in app.test_client().get(
        f"/oparl/v1/meeting/{meeting}").get_data(as_text=True)


def test_lists_are_paged_with_links(client, app):
    published(client)
    app.config["COUNCIL_OPARL_PER_PAGE"] = 1
    try:
        visitor = app.test_client()
        first = get_json(visitor, "/oparl/v1/body/meetings")
        second = get_json(visitor, local(first["links"]["next"]))
    finally:
        app.config["COUNCIL_OPARL_PER_PAGE"] = 50
    assert problems("ObjectList", first) == [] and problems("ObjectList", second) == []
    assert len(first["data"]) == 1 and first["pagination"]["currentPage"] == 1
    assert first["pagination"]["totalPages"] == first["pagination"]["totalElements"] >= 2
    assert second["links"]["prev"] == first["links"]["self"]
    assert first["data"] != second["data"]


def test_a_bad_page_number_and_unknown_objects_are_refused(client):
    response = client.get("/oparl/v1/body/meetings?page=zwei",
                          headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "keine positive ganze Zahl" in response.get_json()["message"]
    assert client.get("/oparl/v1/organization/gibt-es-nicht").status_code == 404
    assert client.get("/oparl/v1/meeting/999999").status_code == 404


def test_refusals_answer_json_also_to_a_client_that_asks_for_anything(client):
    for url, status in (("/oparl/v1/meeting/999999", 404), ("/oparl/v1/body/meetings?page=0", 400)):
        response = client.get(url, headers={"Accept": "*/*"})
        assert response.status_code == status and response.is_json, url
        assert response.get_json()["status"] == status and response.get_json()["message"]


def test_the_interface_is_open_to_other_sites(client):
    assert client.get("/oparl/v1").headers["Access-Control-Allow-Origin"] == "*"


def test_a_page_beyond_the_last_or_a_strange_digit_is_a_german_4xx(client, app):
    published(client)
    visitor = app.test_client()
    for url in ("/oparl/v1/body/meetings", "/oparl/v1/body/organizations"):
        huge = visitor.get(f"{url}?page=99999999999999999999999",
                           headers={"Accept": "application/json"})
        assert huge.status_code == 404, url
        assert "Die Seite 99999999999999999999999 gibt es nicht" in huge.get_json()["message"]
        odd = visitor.get(f"{url}?page=%C2%B2", headers={"Accept": "application/json"})
        assert odd.status_code == 400 and "keine positive ganze Zahl" in odd.get_json()["message"]


def test_the_meeting_state_says_cancelled_held_or_scheduled(client, app):
    from buergerbuero.core.extensions import db
    from buergerbuero.models import Committee, Meeting
    from common.db import utcnow

    editor_login(client)
    key = new_committee(client)
    now, hour = utcnow(), dt.timedelta(hours=1)
    # distinct starts: the export round trip elsewhere sorts meetings by start, then end
    cases = {"past cancelled": (now - 48 * hour, now - 46 * hour, True, "abgesagt"),
             "future cancelled": (now + 44 * hour, None, True, "abgesagt"),
             "held": (now - 48 * hour, now - 46 * hour, False, "durchgeführt"),
             "held, no end": (now - 50 * hour, None, False, "durchgeführt"),
             "running": (now - hour, now + hour, False, "terminiert"),
             "coming": (now + 46 * hour, now + 48 * hour, False, "terminiert")}
    ids = {}
    with app.app_context():
        committee = db.session.query(Committee).filter_by(key=key).one()
        for name, (starts, ends, cancelled, _state) in cases.items():
            meeting = Meeting(committee=committee, name=name, starts_at=starts, ends_at=ends,
                              cancelled=cancelled)
            db.session.add(meeting)
            db.session.flush()
            ids[name] = meeting.id
        db.session.commit()
    for name, (_s, _e, cancelled, state) in cases.items():
        data = get_json(app.test_client(), f"/oparl/v1/meeting/{ids[name]}")
        assert (data["meetingState"], data["cancelled"]) == (state, cancelled), name
        assert problems("Meeting", data) == []

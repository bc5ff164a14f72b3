"""Importing meetings from an OParl file: round trip, no duplicates, refusals with the place."""

from __future__ import annotations

import copy
import datetime as dt
import json

from sqlalchemy import func, select

from buergerbuero.core import migrate
from buergerbuero.core.extensions import db
from buergerbuero.models import Committee, Meeting

from .. import support
from .council_pages import add_item, editor_login, meeting_id, new_committee, new_meeting

S = "https://schema.oparl.org/1.1/"
ORG = {"id": "https://ris.example.org/org/7", "type": S + "Organization",
       "name": "Ausschuss für Mobilität", "shortName": "MobA", "classification": "Ausschuss"}
MEETING = {"id": "https://ris.example.org/meeting/70", "type": S + "Meeting",
           "name": "2. Sitzung", "start": "2027-03-04T17:00:00+01:00",
           "end": "2027-03-04T19:00:00+01:00", "location": {"description": "Rathaus"},
           "organization": [ORG["id"]],
           "agendaItem": [{"id": "https://ris.example.org/ai/1", "order": 1, "number": "1",
                           "name": "Radverkehrskonzept", "public": True}]}


def run(app, tmp_path, document, name: str = "sitzungen.json"):
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), "utf-8")
    return app.test_cli_runner().invoke(args=["oparl", "import", str(path)])


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Committee)),
                db.session.scalar(select(func.count()).select_from(Meeting)))


def summary(document: dict) -> list[tuple]:
    """What makes a meeting the same meeting, as OParl carries it (ids aside)."""
    names = {o["id"]: o["name"] for o in document["data"] if o["type"] == S + "Organization"}
    return sorted((names[m["organization"][0]], m["start"], m.get("end"), m.get("name"),
                   m.get("location", {}).get("description"), m["cancelled"],
                   tuple((i.get("number"), i["order"], i["name"], i["public"])
                         for i in m.get("agendaItem", [])))
                  for m in document["data"] if m["type"] == S + "Meeting")


def test_an_export_imported_into_a_fresh_database_gives_the_same_meetings(client, app,
                                                                          tmp_path):
    editor_login(client)
    key = new_committee(client, name="Rechnungsprüfungsausschuss")
    meeting = meeting_id(new_meeting(client, key, (dt.date.today() + dt.timedelta(days=3))
                                     .isoformat(), name="1. Sitzung", cancelled="y"))
    add_item(client, meeting, "Jahresabschluss", number="1")
    exported = tmp_path / "export.json"
    result = app.test_cli_runner().invoke(args=["oparl", "export", str(exported)])
    assert result.exit_code == 0, result.output
    source = json.loads(exported.read_text("utf-8"))
    (tmp_path / "fresh").mkdir()
    with support.fresh_database(str(tmp_path / "fresh")) as url, \
            support.sibling_app(app, DATABASE_URL=url) as fresh:
        migrate.upgrade(fresh)
        imported = fresh.test_cli_runner().invoke(args=["oparl", "import", str(exported)])
        assert imported.exit_code == 0, imported.output
        again = tmp_path / "again.json"
        assert fresh.test_cli_runner().invoke(args=["oparl", "export", str(again)]).exit_code == 0
        assert summary(json.loads(again.read_text("utf-8"))) == summary(source)
        assert counts(fresh)[1] == len(summary(source))


def test_importing_the_same_file_twice_updates_instead_of_duplicating(app, tmp_path):
    before = counts(app)
    first = run(app, tmp_path, {"data": [ORG, MEETING]})
    assert first.exit_code == 0, first.output
    assert counts(app) == (before[0] + 1, before[1] + 1)
    changed = copy.deepcopy(MEETING)
    changed["agendaItem"][0]["name"] = "Radverkehrskonzept (geändert)"
    second = run(app, tmp_path, {"data": [ORG, changed]})
    assert second.exit_code == 0 and "0 Sitzungen neu, 1 aktualisiert" in second.output
    assert counts(app) == (before[0] + 1, before[1] + 1)
    with app.app_context():
        meeting = db.session.scalar(select(Meeting).where(Meeting.oparl_id == MEETING["id"]))
        assert [i.title for i in meeting.items] == ["Radverkehrskonzept (geändert)"]
        assert meeting.starts_at == dt.datetime(2027, 3, 4, 16, tzinfo=dt.UTC)
        assert meeting.committee.key == "moba"


def refused(app, tmp_path, document) -> str:
    before = counts(app)
    result = run(app, tmp_path, document)
    assert result.exit_code == 2, result.output
    assert counts(app) == before
    assert "Nichts wurde übernommen." in result.output
    return result.output


def test_bad_json_is_refused_with_line_and_column(app, tmp_path):
    output = refused(app, tmp_path, '{\n  "data": [\n    {"id": "x",,}\n  ]\n}')
    assert "kein gültiges JSON" in output and "Zeile 3, Spalte 16" in output


def test_a_missing_or_wrong_property_is_refused_with_its_json_path(app, tmp_path):
    missing = copy.deepcopy(MEETING)
    del missing["start"]
    assert "$.data[1]" in (output := refused(app, tmp_path, {"data": [ORG, missing]}))
    assert "„start“" in output
    wrong = dict(MEETING, id="https://ris.example.org/meeting/71", cancelled="ja")
    assert "$.data[1].cancelled" in refused(app, tmp_path, {"data": [ORG, wrong]})
    item = copy.deepcopy(MEETING)
    del item["agendaItem"][0]["order"]
    assert "$.data[1].agendaItem[0]" in refused(app, tmp_path, {"data": [ORG, item]})
    assert "„data“" in refused(app, tmp_path, {"daten": []})


def test_a_bad_time_an_end_before_the_start_and_an_unknown_committee_are_refused(app,
                                                                                  tmp_path):
    good = dict(MEETING, id="https://ris.example.org/meeting/72")
    no_zone = dict(good, id="https://ris.example.org/meeting/73", start="2027-03-04T17:00:00",
                   agendaItem=[])
    assert "$.data[2].start" in refused(app, tmp_path, {"data": [ORG, good, no_zone]})
    backwards = dict(good, end="2027-03-04T16:00:00+01:00")
    assert "$.data[1].end" in refused(app, tmp_path, {"data": [ORG, backwards]})
    for far in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:30:00-01:00"):
        early = dict(good, start=far, end=None)
        del early["end"]
        assert "$.data[1].start" in refused(app, tmp_path, {"data": [ORG, early]})
    stranger = dict(good, organization=["https://ris.example.org/org/999"])
    assert "$.data[0].organization[0]" in refused(app, tmp_path, {"data": [stranger]})


def upload(client, content: bytes):
    import io

    return support.post_form(client, "/redaktion/gremien/import", {
        "upload": (io.BytesIO(content), "ris.json")}, content_type="multipart/form-data")


def test_an_editor_imports_a_file_in_the_browser_or_learns_where_it_is_wrong(client, app):
    editor_login(client)
    before = counts(app)
    broken = dict(MEETING, id="https://ris.example.org/meeting/80", start="morgen")
    response = upload(client, json.dumps({"data": [ORG, broken]}).encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "$.data[1].start" in page
    assert "Nichts wurde übernommen." in page and counts(app) == before
    good = dict(MEETING, id="https://ris.example.org/meeting/81")
    response = upload(client, json.dumps({"data": [ORG, good]}).encode())
    assert response.status_code == 302
    assert counts(app)[1] == before[1] + 1
    assert client.get("/redaktion/gremien/import").status_code == 200


def test_an_id_used_twice_in_one_file_is_refused(app, tmp_path):
    twin = dict(MEETING, id="https://ris.example.org/meeting/90")
    assert "$.data[2].agendaItem[0].id" in refused(app, tmp_path, {"data": [
        ORG, dict(MEETING, id="https://ris.example.org/meeting/91"), twin]})


def test_an_imported_committee_of_another_kind_can_still_be_edited(client, app, tmp_path):
    org = dict(ORG, id="https://ris.example.org/org/8", name="Seniorenbeirat",
               shortName="SenB", classification="Sonstiges Gremium")
    assert run(app, tmp_path, {"data": [org]}).exit_code == 0
    editor_login(client)
    response = support.post_form(client, "/redaktion/gremien/senb", {
        "name": "Seniorenbeirat der Stadt", "short_name": "SenB", "kind": "Sonstiges Gremium"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]


def test_an_import_never_drops_an_agenda_item_that_has_documents(client, app, tmp_path):
    from buergerbuero.models import CouncilDocument
    from buergerbuero.public import council

    document = dict(MEETING, id="https://ris.example.org/meeting/95",
                    agendaItem=[dict(MEETING["agendaItem"][0],
                                     id="https://ris.example.org/ai/95", public=False)])
    assert run(app, tmp_path, {"data": [ORG, document]}).exit_code == 0
    with app.test_request_context():
        meeting = db.session.scalar(select(Meeting).where(Meeting.oparl_id == document["id"]))
        council.store_document(meeting, meeting.items[0], "Vertraulich", "v.pdf",
                               support.small_pdf())
        db.session.commit()
    renamed = dict(document, name="Umbenannt", agendaItem=[])
    output = refused(app, tmp_path, {"data": [ORG, renamed]})
    assert "$.data[1].agendaItem" in output and "Dokumente" in output
    editor_login(client)
    response = upload(client, json.dumps({"data": [ORG, renamed]}).encode())
    assert response.status_code == 400
    assert "Nichts wurde übernommen." in response.get_data(as_text=True)
    with app.app_context():
        meeting = db.session.scalar(select(Meeting).where(Meeting.oparl_id == document["id"]))
        assert meeting.name == "2. Sitzung" and len(meeting.items) == 1
        assert db.session.scalars(select(CouncilDocument).where(
            CouncilDocument.meeting_id == meeting.id)).one().agenda_item_id == meeting.items[0].id


def test_a_file_nested_too_deep_is_refused_in_german(app, tmp_path):
    output = refused(app, tmp_path, "[" * 100_000 + "]" * 100_000)
    assert "zu tief verschachtelt" in output

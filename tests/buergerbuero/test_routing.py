"""Routing as a pure function over a table, and forwarding a case through the gateway."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from buergerbuero.catalogue.routing import RoutingRule, RoutingTable, route
from buergerbuero.models import Case, CaseStatus, OutboxMessage, PostfachEntry

from .. import support

TABLE = RoutingTable(rules=(
    RoutingRule("bewohnerparkausweis", "ordnungsamt-nord", {"parking_zone": ("A", "B")}),
    RoutingRule("bewohnerparkausweis", "ordnungsamt", {}),
    RoutingRule("hundesteuer-anmeldung", "steueramt", {"postcode": ("65183", "65185")}),
    RoutingRule("*", "buergeramt-sued", {"district": ("Süd",), "postcode": ("65199",)}),
), fallback="poststelle")
KNOWN = ["poststelle", "steueramt", "ordnungsamt", "ordnungsamt-nord", "buergeramt-sued"]


@pytest.mark.parametrize(("service", "default", "answers", "expected"), [
    ("bewohnerparkausweis", "ordnungsamt", {"parkzone": "A"}, "ordnungsamt-nord"),
    ("bewohnerparkausweis", "ordnungsamt", {"parkzone": "C"}, "ordnungsamt"),
    ("bewohnerparkausweis", "ordnungsamt", {}, "ordnungsamt"),
    ("hundesteuer-anmeldung", "steueramt", {"plz": "65185"}, "steueramt"),
    ("hundesteuer-anmeldung", "steueramt", {"plz": " 65183 "}, "steueramt"),
    ("hundesteuer-anmeldung", "steueramt", {"plz": "10115"}, "steueramt"),
    ("gewerbeanmeldung", "gewerbeamt", {"plz": "65199", "bezirk": "Süd"}, "buergeramt-sued"),
    ("gewerbeanmeldung", "gewerbeamt", {"plz": "65199", "bezirk": "Nord"}, "poststelle"),
    ("gewerbeanmeldung", "steueramt", {"plz": "65199"}, "steueramt"),
    ("unbekannt", "gibt-es-nicht", {}, "poststelle"),
])
def test_route_picks_the_first_matching_rule_or_falls_back(service, default, answers, expected):
    assert route(TABLE, service, default, answers, KNOWN) == expected


def test_applications_from_outside_the_city_go_to_the_central_mailroom(client, db_session):
    support.register(client)
    answers = {**support.HUNDESTEUER, "halter": {**support.HUNDESTEUER["halter"], "plz": "10115"}}
    reference = support.file_hundesteuer(client, answers)
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    assert case.department.key == "poststelle"


def test_a_forwarded_case_is_redelivered_and_the_first_department_loses_access(
        client, db_session, run_gateway):
    support.register(client)
    reference = support.file_hundesteuer(client)
    run_gateway()
    support.logout(client)
    support.login(client, "steueramt@example.org", "Demo-Passwort-2026")
    refused = support.post_form(client, f"/postfach/{reference}/weiterleiten",
                                {"department": "ordnungsamt", "reason": ""},
                                page=f"/postfach/{reference}")
    assert refused.status_code == 400
    assert "Bitte begründen Sie die Weiterleitung." in refused.get_data(as_text=True)
    response = support.post_form(client, f"/postfach/{reference}/weiterleiten",
                                 {"department": "ordnungsamt", "reason": "Zuständigkeit"},
                                 page=f"/postfach/{reference}")
    assert response.status_code == 302
    assert client.get(f"/postfach/{reference}").status_code == 404
    assert reference not in client.get("/postfach/").get_data(as_text=True)
    run_gateway()
    support.logout(client)
    support.login(client, "ordnungsamt@example.org", "Demo-Passwort-2026")
    assert client.get(f"/postfach/{reference}").status_code == 200
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    assert case.status is CaseStatus.ZUGESTELLT and case.department.key == "ordnungsamt"
    kinds = db_session.scalars(select(OutboxMessage.kind).where(
        OutboxMessage.case_id == case.id)).all()
    assert sorted(kinds) == ["forward", "submission"]
    assert len(db_session.scalars(select(PostfachEntry).where(
        PostfachEntry.case_id == case.id)).all()) == 2
    page = client.get(f"/postfach/{reference}").get_data(as_text=True)
    assert "Weitergeleitet" in page and "Steueramt → Ordnungsamt" in page


def test_administrators_see_the_routing_table(client):
    support.login(client, "admin@example.org", "Demo-Passwort-2026")
    page = client.get("/verwaltung/").get_data(as_text=True)
    assert "Zuständigkeit (Routing)" in page and "PLZ: 65183" in page

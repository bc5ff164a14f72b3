"""The general inquiry (services/allgemeine-anfrage.yaml): filed with the Bürgerreferat, routed
by its topic to the responsible department through the gateway, answered there by message, the
answer read by the resident on the case page."""

from __future__ import annotations

import pytest

from buergerbuero.models import CaseStatus

from .. import support
from .casework import case_of, text_of
from .conversing import caseworker, send

CONTACT = {"vorname": "Erika", "nachname": "Musterfrau", "telefon": ""}


def file_inquiry(client, topic: str, subject: str) -> str:
    """File the general inquiry on `topic` through both steps; return the case reference."""
    url = support.start_draft(client, "allgemeine-anfrage")
    for step_id, answers in (("anliegen", {"thema": topic, "betreff": subject,
                                           "nachricht": "Bitte um Auskunft."}),
                             ("kontakt", CONTACT)):
        assert url.endswith(f"/schritt/{step_id}"), url
        response = support.post_form(client, url, {**answers, "aktion": "weiter"})
        assert response.status_code == 302, text_of(response)
        url = response.headers["Location"]
    response = support.post_form(client, url, {"aktion": "einreichen"})
    assert response.status_code == 302, text_of(response)
    return response.headers["Location"].rsplit("/", 1)[-1]


@pytest.mark.parametrize(("topic", "department", "worker"), [
    ("hundesteuer", "steueramt", "steueramt@example.org"),
    ("parken", "ordnungsamt", "ordnungsamt@example.org"),
    ("kita", "kita", "kita@example.org"),
    ("sonstiges", "buergerreferat", "buergerreferat@example.org"),
])
def test_an_inquiry_reaches_the_department_of_its_topic_and_its_answer_the_resident(
        app, client, db_session, run_gateway, topic, department, worker):
    support.register(client)
    reference = file_inquiry(client, topic, f"Frage zu {topic}")
    assert reference.startswith("ANF-")
    run_gateway()
    case = case_of(db_session, reference)
    assert case.department.key == department
    assert case.status is CaseStatus.ZUGESTELLT
    office = caseworker(app, worker)
    inbox = text_of(office.get("/postfach/"))
    assert reference in inbox
    assert office.get(f"/postfach/{reference}").status_code == 200
    answer = f"Antwort des Amtes zu {topic}: Ihre Frage ist beantwortet."
    response = send(office, reference, answer, department=True)
    assert response.status_code == 302, text_of(response)
    run_gateway()
    assert answer in text_of(client.get(f"/antraege/{reference}"))


def test_no_other_department_sees_a_routed_inquiry(app, client, run_gateway):
    support.register(client)
    reference = file_inquiry(client, "kita", "Kitaplatz")
    run_gateway()
    for worker in ("buergerreferat@example.org", "steueramt@example.org"):
        assert caseworker(app, worker).get(f"/postfach/{reference}").status_code == 404

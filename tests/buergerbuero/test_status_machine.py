"""Status as a state machine: the case page offers and accepts only the changes a case worker
may make by hand (the event-only statuses follow from a Rückfrage, a Bescheid, a Rücknahme),
closing by hand and reopening need a reason, and each change has its audit event and its line
on the resident's timeline."""

from __future__ import annotations

import pytest

from buergerbuero.cases.lifecycle import (
    BY_EVENT,
    TRANSITIONS,
    TransitionRefused,
    allowed_next,
    change_status,
    needs_reason,
)
from buergerbuero.core.extensions import db
from buergerbuero.models import CaseStatus
from mailgateway.queue import gateway_queue

from .. import support
from .authorization_world import run_gateway as deliver
from .casework import (
    CASEWORKER,
    case_of,
    events,
    file_and_deliver,
    options_of,
    post_on_case,
    set_status,
    text_of,
)
from .conversing import ask

S = CaseStatus
MANUAL = [(s, t) for s in TRANSITIONS for t in allowed_next(s)]
EVENT_ONLY = [(s, t) for s in TRANSITIONS for t in sorted(TRANSITIONS[s], key=lambda x: x.value)
              if t in BY_EVENT]
REFUSED = [(s, t) for s in TRANSITIONS for t in CaseStatus if t not in TRANSITIONS[s]]
REASON = "Die Hundehaltung liegt außerhalb des Stadtgebiets."


def ids(pairs: list[tuple[CaseStatus, CaseStatus]]) -> list[str]:
    """Name each transition "from->to"."""
    return [f"{s.value}->{t.value}" for s, t in pairs]


@pytest.fixture(scope="module")
def worked(app):
    """One delivered case and its department's case worker's browser, shared by the table
    tests (each puts the case into the status it starts from)."""
    with app.app_context():
        gateway_queue().empty()
    resident, worker = app.test_client(), app.test_client()
    reference = file_and_deliver(resident, lambda: deliver(app))
    support.login_demo(worker, CASEWORKER)
    return reference, worker


def test_the_machine_knows_every_status_and_its_event_only_ones():
    assert set(TRANSITIONS) == set(CaseStatus)
    assert BY_EVENT == {S.RUECKFRAGE: "query", S.ENTSCHIEDEN: "decision",
                        S.ABGELEHNT: "decision", S.ZURUECKGENOMMEN: "withdrawal"}
    assert allowed_next(S.ENTSCHIEDEN) == [S.ABGESCHLOSSEN]
    assert allowed_next(S.ABGESCHLOSSEN) == [S.IN_BEARBEITUNG]
    assert allowed_next(S.EINGEREICHT) == []


@pytest.mark.parametrize(("current", "new", "cause", "needed"), [
    (S.IN_BEARBEITUNG, S.ABGESCHLOSSEN, None, True),
    (S.ENTSCHIEDEN, S.ABGESCHLOSSEN, None, True),
    (S.ENTSCHIEDEN, S.ABGESCHLOSSEN, "bekanntgabe", False),
    (S.ABGESCHLOSSEN, S.IN_BEARBEITUNG, None, True),
    (S.ZURUECKGENOMMEN, S.IN_BEARBEITUNG, None, True),
    (S.ZUGESTELLT, S.IN_BEARBEITUNG, None, False),
    (S.IN_BEARBEITUNG, S.ENTSCHIEDEN, "decision", False),
])
def test_closing_by_hand_and_reopening_need_a_reason(current, new, cause, needed):
    assert needs_reason(current, new, cause) is needed


@pytest.mark.parametrize(("start", "new"), MANUAL, ids=ids(MANUAL))
def test_every_manual_transition_is_made_with_its_audit_event(db_session, worked, start, new):
    reference, worker = worked
    set_status(db_session, reference, start)
    before = len(events(db_session, reference, "status_changed"))
    response = post_on_case(worker, reference, "status", {"status": new.value, "reason": REASON})
    assert response.status_code == 302, text_of(response)[-1500:]
    assert case_of(db_session, reference).status is new
    changes = events(db_session, reference, "status_changed")
    assert len(changes) == before + 1
    assert changes[-1].details == {"from": start.value, "to": new.value, "reason": REASON}


@pytest.mark.parametrize(("start", "new"), EVENT_ONLY, ids=ids(EVENT_ONLY))
def test_an_event_only_status_is_refused_by_hand_with_409(db_session, worked, start, new):
    reference, worker = worked
    set_status(db_session, reference, start)
    before = len(events(db_session, reference, "status_changed"))
    response = post_on_case(worker, reference, "status", {"status": new.value, "reason": REASON})
    assert response.status_code == 409 and "kann nicht auf" in text_of(response)
    assert case_of(db_session, reference).status is start
    assert len(events(db_session, reference, "status_changed")) == before


@pytest.mark.parametrize(("start", "new"), REFUSED, ids=ids(REFUSED))
def test_a_transition_the_machine_does_not_allow_is_refused_with_409(db_session, worked, start,
                                                                      new):
    reference, worker = worked
    set_status(db_session, reference, start)
    before = len(events(db_session, reference, "status_changed"))
    response = post_on_case(worker, reference, "status", {"status": new.value, "reason": REASON})
    assert response.status_code == 409
    assert "kann nicht auf" in text_of(response) and f"Vorgang {reference}" in text_of(response)
    assert case_of(db_session, reference).status is start
    assert len(events(db_session, reference, "status_changed")) == before


@pytest.mark.parametrize("start", list(TRANSITIONS), ids=[s.value for s in TRANSITIONS])
def test_the_select_offers_only_the_manual_next_statuses(db_session, worked, start):
    reference, worker = worked
    set_status(db_session, reference, start)
    page = text_of(worker.get(f"/postfach/{reference}"))
    offered = allowed_next(start)
    if offered:
        assert options_of(page, "status") == [s.value for s in offered]
        asks = any(needs_reason(start, s, None) for s in offered)
        assert ('name="reason"' in page) is asks
    else:
        assert 'name="status"' not in page and "ändert sich der Status nicht mehr" in page


@pytest.mark.parametrize("value", ["erledigt", "", "IN_BEARBEITUNG", "in bearbeitung"])
def test_a_bogus_status_is_refused_with_400_and_nothing_changes(db_session, worked, value):
    reference, worker = worked
    set_status(db_session, reference, CaseStatus.ZUGESTELLT)
    before = len(events(db_session, reference, "status_changed"))
    response = post_on_case(worker, reference, "status", {"status": value})
    assert response.status_code == 400
    assert "Bitte wählen Sie einen gültigen Status." in text_of(response)
    assert case_of(db_session, reference).status is CaseStatus.ZUGESTELLT
    assert len(events(db_session, reference, "status_changed")) == before


DOCUMENTED = [(S.IN_BEARBEITUNG, S.ABGESCHLOSSEN), (S.ENTSCHIEDEN, S.ABGESCHLOSSEN),
              (S.ABGESCHLOSSEN, S.IN_BEARBEITUNG), (S.ZURUECKGENOMMEN, S.IN_BEARBEITUNG)]


@pytest.mark.parametrize(("start", "new"), DOCUMENTED, ids=ids(DOCUMENTED))
@pytest.mark.parametrize("reason", ["", "   "])
def test_closing_or_reopening_without_a_reason_is_refused_with_400(db_session, worked, start,
                                                                   new, reason):
    reference, worker = worked
    set_status(db_session, reference, start)
    response = post_on_case(worker, reference, "status", {"status": new.value, "reason": reason})
    assert response.status_code == 400
    assert "Bitte nennen Sie den Grund" in text_of(response)
    assert case_of(db_session, reference).status is start


def test_a_reason_has_at_most_2000_characters(db_session, worked):
    reference, worker = worked
    set_status(db_session, reference, CaseStatus.IN_BEARBEITUNG)
    response = post_on_case(worker, reference, "status",
                            {"status": "abgeschlossen", "reason": "x" * 2001})
    assert response.status_code == 400 and "Höchstens 2000 Zeichen." in text_of(response)
    assert case_of(db_session, reference).status is CaseStatus.IN_BEARBEITUNG


@pytest.mark.parametrize(("start", "new", "cause"), [
    (S.IN_BEARBEITUNG, S.RUECKFRAGE, "query"), (S.IN_BEARBEITUNG, S.ENTSCHIEDEN, "decision"),
    (S.RUECKFRAGE, S.ABGELEHNT, "decision"), (S.ZUGESTELLT, S.ZURUECKGENOMMEN, "withdrawal"),
    (S.ENTSCHIEDEN, S.ABGESCHLOSSEN, "bekanntgabe")])
def test_an_event_moves_the_case_with_its_cause(app, db_session, worked, start, new, cause):
    reference, _worker = worked
    set_status(db_session, reference, start)
    with app.app_context():
        case = case_of(db.session, reference)
        with pytest.raises(TransitionRefused):
            change_status(db.session, case, new, None, cause="something else")
        change_status(db.session, case, new, None, cause=cause)
        db.session.commit()
    assert case_of(db_session, reference).status is new
    assert events(db_session, reference, "status_changed")[-1].details == {
        "from": start.value, "to": new.value, "cause": cause}


def timeline_of(page: str) -> str:
    """Return the "Verlauf" section of a page."""
    return page[page.index('id="verlauf"'):page.index("</section>", page.index('id="verlauf"'))]


def test_the_residents_timeline_shows_each_change_and_its_reason(
        client, other_client, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    support.login_demo(other_client, CASEWORKER)
    for new, reason in (("in_bearbeitung", ""), ("abgeschlossen", REASON),
                        ("in_bearbeitung", "Neue Unterlagen")):
        response = post_on_case(other_client, reference, "status",
                                {"status": new, "reason": reason})
        assert response.status_code == 302, new
    timeline = timeline_of(text_of(client.get(f"/antraege/{reference}")))
    assert timeline.count("Status geändert") == 3
    for line in ("Zugestellt → In Bearbeitung", "In Bearbeitung → Abgeschlossen",
                 "Abgeschlossen → In Bearbeitung", f"Begründung: {REASON}",
                 "Begründung: Neue Unterlagen"):
        assert line in timeline, line


def test_a_residents_reply_returns_a_rueckfrage_to_in_bearbeitung(
        client, other_client, db_session, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    support.login_demo(other_client, CASEWORKER)
    post_on_case(other_client, reference, "status", {"status": "in_bearbeitung"})
    assert ask(other_client, reference).status_code == 302  # a Rückfrage: the case waits
    response = support.post_form(client, f"/antraege/{reference}/nachricht",
                                 {"body": "Der Nachweis liegt bei."}, page=f"/antraege/{reference}")
    assert response.status_code == 302
    case = case_of(db_session, reference)
    assert case.status is CaseStatus.IN_BEARBEITUNG and case.reply_at is not None
    change = events(db_session, reference, "status_changed")[-1]
    assert change.details == {"from": "rueckfrage", "to": "in_bearbeitung", "cause": "reply"}
    assert change.actor_id == case.user_id  # the resident's reply did it
    assert "Nach der Antwort auf die Rückfrage" in timeline_of(
        text_of(client.get(f"/antraege/{reference}")))


def test_a_reply_flags_the_case_until_its_department_opens_it(
        client, other_client, db_session, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    support.login_demo(other_client, CASEWORKER)
    post_on_case(other_client, reference, "status", {"status": "in_bearbeitung"})
    support.post_form(client, f"/antraege/{reference}/nachricht", {"body": "Noch eine Frage."},
                      page=f"/antraege/{reference}")
    case = case_of(db_session, reference)
    assert case.reply_at is not None and case.status is CaseStatus.IN_BEARBEITUNG
    client.get(f"/antraege/{reference}")  # the resident's own page leaves the flag
    assert case_of(db_session, reference).reply_at is not None
    other_client.get(f"/postfach/{reference}")
    assert case_of(db_session, reference).reply_at is None


def test_the_departments_own_message_does_not_flag_the_case(client, other_client, db_session,
                                                            run_gateway):
    reference = file_and_deliver(client, run_gateway)
    support.login_demo(other_client, CASEWORKER)
    post_on_case(other_client, reference, "status", {"status": "in_bearbeitung"})
    assert ask(other_client, reference).status_code == 302
    post_on_case(other_client, reference, "nachricht", {"body": "Bitte den Nachweis senden."})
    case = case_of(db_session, reference)
    assert case.reply_at is None and case.status is CaseStatus.RUECKFRAGE


def test_a_decided_case_shows_its_status_and_offers_no_forward(db_session, worked):
    reference, worker = worked
    set_status(db_session, reference, CaseStatus.ENTSCHIEDEN)
    page = text_of(worker.get(f"/postfach/{reference}"))
    assert "Entschieden" in page and "nicht weitergeleitet werden" in page

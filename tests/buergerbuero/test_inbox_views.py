"""The department's inbox at work: views and their counts, search, filters, sort orders, keyset
paging, refused parameters, the department switch."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from buergerbuero.models import CaseStatus
from common.db import utcnow
from common.formatting import local

from .. import support
from .inbox_world import Office, definition_id, insert_cases, office, staff

NEXT = re.compile(r'<a class="kern-link" rel="next" href="([^"]+)"')


def listed(page: str) -> list[str]:
    """Return the references of the list's rows, top to bottom."""
    body = page[page.index("<tbody"):page.index("</tbody>")] if "<tbody" in page else ""
    return re.findall(r'href="/postfach/([A-Z]+-\d{4}-\d{6})"', body)


def counts(page: str) -> dict[str, str]:
    """Return each view's count as its tab shows it."""
    return dict(re.findall(r'ansicht=(\w+)"[^>]*>[^<]+<span class="kern-badge[^"]*">'
                           r'<span class="kern-label">([^<]+)</span>', page))


def get(client, query: str = "", status: int = 200) -> str:
    """GET the inbox with a query string; return the page."""
    response = client.get(f"/postfach/{query}")
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def refs(where: Office, *numbers: int) -> list[str]:
    """Return the references of inserted cases by number."""
    return [f"{where.prefix}-2026-{n:06d}" for n in numbers]


@pytest.fixture
def mixed(db_session) -> Office:
    """A department with a case in every view: new, mine, a colleague's, overdue, with a
    reply, done, and one still on its way."""
    where = office(db_session)
    me, colleague = (w.id for w in where.workers)
    working = {"status": CaseStatus.IN_BEARBEITUNG}
    insert_cases(db_session, where, 2)  # 1, 2: new
    insert_cases(db_session, where, 2, first=3, assignee_id=me, **working)
    insert_cases(db_session, where, 1, first=5, assignee_id=colleague, **working)
    insert_cases(db_session, where, 1, first=6, due_at=utcnow() - dt.timedelta(days=1), **working)
    insert_cases(db_session, where, 1, first=7, reply_at=utcnow(), assignee_id=me, **working)
    insert_cases(db_session, where, 2, first=8, status=CaseStatus.ABGESCHLOSSEN, is_open=False,
                 due_at=utcnow() - dt.timedelta(days=3))
    insert_cases(db_session, where, 1, first=10, received_at=None, status=CaseStatus.EINGEREICHT)
    return where


VIEWS = {"alle": (1, 2, 3, 4, 5, 6, 7), "meine": (3, 4, 7), "neu": (1, 2), "ueberfaellig": (6,),
         "antwort": (7,), "erledigt": (8, 9)}


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_lists_its_cases_and_every_tab_counts_its_view(client, mixed, view):
    page = get(mixed.login(client), f"?ansicht={view}")
    assert listed(page) == refs(mixed, *VIEWS[view])
    assert counts(page) == {name: str(len(numbers)) for name, numbers in VIEWS.items()}
    assert f'ansicht={view}" aria-current="true"' in page


def test_the_default_view_is_all_open_cases_with_their_columns(client, mixed):
    page = get(mixed.login(client))
    assert listed(page) == refs(mixed, 1, 2, 3, 4, 5, 6, 7)
    assert "Paula Prüfer" in page and "Karl Kollege" in page and "Person 3" in page
    assert "Anmeldung eines Hundes" in page
    assert page.count(">Überfällig</span>") == 1  # the tab is a link, the badge a span
    assert page.count('<span class="kern-label">Antwort eingegangen</span>') == 1
    assert page.count('<span class="kern-label">Neu</span>') == 2  # zugestellt, nobody assigned


def test_an_empty_view_says_so(client, db_session):
    where = office(db_session)
    page = get(where.login(client), "?ansicht=ueberfaellig")
    assert "Keine überfälligen Vorgänge." in page and "<table" not in page
    assert counts(page) == dict.fromkeys(VIEWS, "0")


def test_a_count_beyond_its_limit_says_more_than(client, db_session, monkeypatch):
    from buergerbuero.workbench import inbox, inbox_query

    where = office(db_session)
    insert_cases(db_session, where, 4)
    monkeypatch.setattr(inbox_query, "COUNT_LIMIT", 3)
    monkeypatch.setattr(inbox, "COUNT_LIMIT", 3)
    assert counts(get(where.login(client)))["alle"] == "mehr als 3"


def test_a_reference_is_found_in_any_case_and_exactly(client, mixed):
    client = mixed.login(client)
    [done] = refs(mixed, 8)
    assert listed(get(client, f"?q={done.lower()}")) == [done]
    assert listed(get(client, f"?q={mixed.prefix}-2026-000099")) == []  # no such case


def test_the_name_search_finds_a_real_filing_with_folded_umlauts(
        client, other_client, run_gateway):
    support.register(client, name="Jürgen Größmann-Çelik")
    reference = support.file_hundesteuer(client)
    run_gateway()
    support.login_demo(other_client, "steueramt@example.org")
    for query in ("juergen", "GROESSMANN celik", "Größmann Jürgen", "GR%C3%96SSMANN"):
        assert reference in listed(get(other_client, f"?q={query}")), query
    assert reference not in listed(get(other_client, "?q=J%C3%BCrgen+Schmidt"))


def test_every_word_of_a_name_must_match(client, db_session):
    where = office(db_session)
    insert_cases(db_session, where, 3, applicant_name=lambda n: ["Anna Weiß", "Anna Schulz",
                                                                 "Bernd Weiss"][n - 1])
    client = where.login(client)
    assert listed(get(client, "?q=weiss")) == refs(where, 1, 3)
    assert listed(get(client, "?q=anna+wei%C3%9F")) == refs(where, 1)
    assert listed(get(client, "?q=anna")) == refs(where, 1, 2)


def test_each_filter_narrows_the_list(client, db_session):
    where = office(db_session)
    me = where.workers[0].id
    insert_cases(db_session, where, 2)
    insert_cases(db_session, where, 2, first=3, status=CaseStatus.RUECKFRAGE, assignee_id=me,
                 definition_id=definition_id(db_session, "bewohnerparkausweis"))
    client = where.login(client)
    assert listed(get(client, "?status=rueckfrage")) == refs(where, 3, 4)
    assert listed(get(client, "?leistung=bewohnerparkausweis")) == refs(where, 3, 4)
    assert listed(get(client, "?leistung=hundesteuer-anmeldung")) == refs(where, 1, 2)
    assert listed(get(client, f"?bearbeitung={me}")) == refs(where, 3, 4)
    assert listed(get(client, "?bearbeitung=niemand")) == refs(where, 1, 2)
    assert listed(get(client, "?status=&leistung=&bearbeitung=&von=&bis=&q=")) == \
        refs(where, 1, 2, 3, 4)  # the form's empty fields filter nothing


def test_the_received_dates_are_local_days(client, db_session):
    where = office(db_session)
    insert_cases(db_session, where, 60, received_at=lambda n: utcnow() - dt.timedelta(hours=n))
    client = where.login(client)
    day = local(utcnow() - dt.timedelta(days=1)).date()
    shown = listed(get(client, f"?von={day}&bis={day}"))
    expected = [r for r, n in zip(refs(where, *range(1, 61)), range(1, 61), strict=True)
                if local(utcnow() - dt.timedelta(hours=n)).date() == day]
    assert shown == expected[:25] and len(expected) >= 22


def test_both_sort_orders(client, db_session):
    where = office(db_session)
    insert_cases(db_session, where, 4,
                 due_at=lambda n: utcnow() + dt.timedelta(days=[3, 1, 4, 2][n - 1]))
    client = where.login(client)
    assert listed(get(client, "?sortierung=eingang")) == refs(where, 1, 2, 3, 4)
    assert listed(get(client, "?sortierung=frist")) == refs(where, 2, 4, 1, 3)


def follow(client, query: str) -> tuple[list[str], list[str]]:
    """Follow the next-page links from the first page; return the references and the links."""
    seen, links, url = [], [], f"/postfach/{query}"
    while url:
        page = get(client, url.removeprefix("/postfach/"))
        seen += listed(page)
        found = NEXT.search(page)
        url = html.unescape(found.group(1)) if found else None
        links += [url] if url else []
    return seen, links


@pytest.mark.parametrize("sort", ["eingang", "frist"])
def test_keyset_paging_shows_every_case_once(client, db_session, sort):
    where = office(db_session)
    base = utcnow() - dt.timedelta(days=3)
    hours = lambda n: 20 if 20 <= n <= 30 else n  # noqa: E731 - rows 20-30 share a sort value
    insert_cases(db_session, where, 61, received_at=lambda n: base - dt.timedelta(hours=hours(n)),
                 due_at=lambda n: base + dt.timedelta(days=9, hours=hours(n)))
    insert_cases(db_session, where, 3, first=100, status=CaseStatus.RUECKFRAGE)
    client = where.login(client)
    seen, links = follow(client, f"?sortierung={sort}&status=zugestellt")
    assert sorted(seen) == refs(where, *range(1, 62)) and len(set(seen)) == 61
    assert len(links) == 2 and all("status=zugestellt" in u and f"sortierung={sort}" in u
                                   for u in links)


def test_keyset_paging_of_a_name_search_shows_every_match_once(client, db_session):
    where = office(db_session)
    base = utcnow() - dt.timedelta(days=3)
    hours = lambda n: 20 if 20 <= n <= 30 else n  # noqa: E731 - rows 20-30 share a sort value
    insert_cases(db_session, where, 61, received_at=lambda n: base - dt.timedelta(hours=hours(n)),
                 applicant_name=lambda n: "Anna Müller" if n % 2 else "Anna Schulz")
    client = where.login(client)
    seen, links = follow(client, "?q=m%C3%BCller")
    assert sorted(seen) == refs(where, *range(1, 62, 2)) and len(set(seen)) == 31  # each once
    assert seen[:10] == refs(where, *range(1, 20, 2))  # newest first
    assert len(links) == 1 and "q=m%C3%BCller" in links[0]


@pytest.mark.parametrize("query, message", [
    ("?nach=abc", "Der Verweis auf die nächste Seite ist ungültig"),
    ("?nach=1.2.3", "Der Verweis auf die nächste Seite ist ungültig"),
    ("?nach=99999999999999999999.1", "Der Verweis auf die nächste Seite ist ungültig"),
    ("?nach=-99999999999999999.1", "Der Verweis auf die nächste Seite ist ungültig"),
    ("?ansicht=papierkorb", "Diese Ansicht gibt es nicht."),
    ("?sortierung=name", "Diese Sortierung gibt es nicht."),
    ("?status=verloren", "Diesen Status gibt es nicht."),
    ("?leistung=gibt-es-nicht", "Diese Leistung gibt es nicht."),
    ("?bearbeitung=abc", "Diese Person arbeitet nicht in diesem Amt."),
    ("?bearbeitung=1", "Diese Person arbeitet nicht in diesem Amt."),
    ("?bearbeitung=%C2%B2", "Diese Person arbeitet nicht in diesem Amt."),
    ("?nach=1.999999999999", "Der Verweis auf die nächste Seite ist ungültig"),
    ("?nach=%C2%B2.1", "Der Verweis auf die nächste Seite ist ungültig"),
    ("?von=2026-13-01", "Das Datum „Eingang von“ ist ungültig"),
    ("?bis=9999-12-31", "Das Datum „Eingang bis“ ist ungültig"),
    ("?von=2026-12-02&bis=2026-12-01", "„Eingang von“ liegt nach „Eingang bis“."),
    ("?q=" + "+".join("abcdefghi"), "höchstens 8 Wörtern"),
])
def test_a_malformed_parameter_is_refused_in_german(client, db_session, query, message):
    where = office(db_session)
    page = get(where.login(client), query, status=400)
    assert message in page


def test_a_search_without_words_is_ignored_with_a_notice(client, db_session):
    where = office(db_session)
    insert_cases(db_session, where, 1)
    page = get(where.login(client), "?q=%21%21")
    assert "wurde nicht berücksichtigt" in page and listed(page) == refs(where, 1)


def test_a_case_of_another_department_is_never_listed(client, db_session):
    mine, theirs = office(db_session), office(db_session)
    insert_cases(db_session, theirs, 3, applicant_name="Gesine Geheim")
    client = mine.login(client)
    [foreign] = refs(theirs, 1)
    for query in ("", f"?q={foreign}", "?q=geheim", "?ansicht=neu", "?sortierung=frist"):
        assert listed(get(client, query)) == [], query
    assert counts(get(client)) == dict.fromkeys(VIEWS, "0")
    [colleague] = (w.id for w in theirs.workers[:1])
    assert "Diese Person" in get(client, f"?bearbeitung={colleague}", status=400)


def test_a_worker_of_two_departments_switches_between_their_inboxes(client, db_session):
    first, second, foreign = office(db_session), office(db_session), office(db_session)
    insert_cases(db_session, first, 1)
    insert_cases(db_session, second, 1)
    both = staff(db_session, "Zora Zweiamt", [first.department, second.department])
    db_session.commit()
    assert support.login(client, both.email, "Postfach-Test-2026!").status_code == 302
    page = get(client)
    assert 'name="amt"' in page and first.department.key in page and second.department.key in page
    for where in (first, second):
        response = support.post_form(client, "/postfach/amt", {"amt": where.department.key},
                                     page="/postfach/")
        assert response.status_code == 303
        assert listed(get(client)) == refs(where, 1)
    for key in (foreign.department.key, "gibt-es-nicht"):
        assert support.post_form(client, "/postfach/amt", {"amt": key},
                                 page="/postfach/").status_code == 404
    assert listed(get(client)) == refs(second, 1)  # the refused switch changed nothing
    assert support.post_form(client, "/postfach/amt", {}, page="/postfach/").status_code == 400


def test_a_worker_of_one_department_gets_no_switch(client, db_session):
    where = office(db_session)
    assert 'name="amt"' not in get(where.login(client))

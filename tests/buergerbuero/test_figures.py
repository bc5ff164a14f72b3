"""Zahlen: weekly intake, open and overdue cases per service, days to decision (nearest rank),
as accessible SVG with a table of the same numbers, per department and for administrators."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pytest

from buergerbuero.models import Case, CaseStatus, Department, Role, ServiceDefinition, User
from buergerbuero.models.services import DefinitionStatus
from buergerbuero.workbench import figures
from common.db import utcnow

from .. import support
from .admin_pages import SERVICE, as_admin
from .staff_pages import german_left, prefer_english

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> Zahlen"
DAY = dt.timedelta(days=1)
# A Wednesday in winter (CET, UTC+1): its ISO week 49 starts on Monday 30 November 2026.
NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)


@dataclass
class Place:
    """A department of its own with a case worker, two services and a resident who filed."""

    session: object
    department: Department
    worker: User
    resident: User
    services: list[ServiceDefinition] = field(default_factory=list)
    now: dt.datetime = NOW
    """What the cases' default times are reckoned from (the page tests: the real now)."""

    def case(self, service: int = 0, status: CaseStatus = CaseStatus.ZUGESTELLT,
             **times: dt.datetime | None) -> Case:
        """Add a case of one of the services with the given times; committed."""
        case = Case(reference=f"FIG-{uuid.uuid4().hex[:12]}", user_id=self.resident.id,
                    definition_id=self.services[service].id, department_id=self.department.id,
                    status=status, **{"received_at": self.now - 100 * DAY, **times})
        self.session.add(case)
        self.session.commit()
        return case

    def decided(self, days: float, decided_at: dt.datetime | None = None) -> Case:
        """Add a case decided `days` after it was received (by default 30 days ago)."""
        decided_at = decided_at or self.now - 30 * DAY
        return self.case(status=CaseStatus.ENTSCHIEDEN, decided_at=decided_at,
                         received_at=decided_at - dt.timedelta(days=days))


def definition(session, slug: str, title: str, version: int = 1) -> ServiceDefinition:
    """Store a published version of a small valid service under a new slug and title."""
    source = SERVICE.replace("slug: sperrmuell-termin", f"slug: {slug}").replace(
        "title: Sperrmüll-Abholung beantragen", f'title: "{title}"').replace(
        "version: 1", f"version: {version}")
    row = ServiceDefinition(slug=slug, version=version, title=title, source=source,
                            sha256=hashlib.sha256(source.encode()).hexdigest(),
                            status=DefinitionStatus.PUBLISHED, published_at=utcnow())
    session.add(row)
    session.commit()
    return row


def make_place(session, titles: tuple[str, str] = ("Zahlen-Leistung", HOSTILE)) -> Place:
    """Create a department, its case worker, a resident and two services."""
    tag = uuid.uuid4().hex[:8]
    department = Department(key=f"zahlen-{tag}", name=f"Amt für Zahlen {tag}")
    worker = User(email=f"cw-{tag}@example.org", display_name="Zahlen Sachbearbeitung",
                  role=Role.CASEWORKER, departments=[department], email_confirmed_at=utcnow())
    worker.set_password(support.PASSWORD)
    resident = User(email=f"r-{tag}@example.org", display_name="Zahlen Bürgerin")
    session.add_all([department, worker, resident])
    session.commit()
    place = Place(session, department, worker, resident)
    place.services = [definition(session, f"zahlen-{tag}-{n}", title)
                      for n, title in enumerate(titles)]
    return place


@pytest.fixture
def place(db_session):
    """A department of its own, so the session's other cases do not change its figures.

    No app context stays pushed: the requests must each get their own (and their language)."""
    return make_place(db_session)


def login(client, place: Place) -> None:
    """Log the place's case worker in."""
    assert support.login(client, place.worker.email, support.PASSWORD).status_code == 302


def svgs(page: str) -> list[ET.Element]:
    """Parse every SVG of a page as XML."""
    return [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", page, re.S)]


def table_numbers(page: str, caption: str) -> list[list[str]]:
    """Return the rows (header cell and numbers) of the table with that caption."""
    table = re.search(rf"<caption[^>]*>{re.escape(caption)}</caption>(.*?)</table>", page, re.S)
    assert table, caption
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S)[1:]
    return [[re.sub(r"<[^>]+>", "", cell).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


@pytest.mark.parametrize(("count", "percentile", "rank"), [
    (1, 50, 1), (1, 80, 1), (2, 50, 1), (4, 50, 2), (4, 80, 4), (5, 50, 3), (5, 80, 4),
    (10, 80, 8), (11, 80, 9)])
def test_nearest_rank_is_the_smallest_rank_covering_the_percentile(count, percentile, rank):
    assert figures.nearest_rank(count, percentile) == rank


def test_weeks_are_iso_weeks_in_local_time(app, place):
    place.case(status=CaseStatus.ABGESCHLOSSEN, received_at=NOW - 13 * 7 * DAY)  # too old
    # Sunday 13 September 2026, 23:30 in Berlin (CEST) is week 37, before the oldest shown.
    place.case(status=CaseStatus.ABGESCHLOSSEN,
               received_at=dt.datetime(2026, 9, 13, 21, 30, tzinfo=dt.UTC))
    for _ in range(3):  # Monday 14 September, 00:30 in Berlin: week 38, the oldest shown
        place.case(status=CaseStatus.ABGESCHLOSSEN,
                   received_at=dt.datetime(2026, 9, 13, 22, 30, tzinfo=dt.UTC))
    # Sunday 29 November 23:30 in Berlin is week 48; Monday 30 November 00:30 is week 49.
    place.case(status=CaseStatus.ABGESCHLOSSEN,
               received_at=dt.datetime(2026, 11, 29, 22, 30, tzinfo=dt.UTC))
    place.case(status=CaseStatus.ABGESCHLOSSEN,
               received_at=dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.UTC))
    place.case(status=CaseStatus.EINGEREICHT, received_at=None)  # on its way: not received
    with app.app_context():
        weeks = figures.department_figures(place.session, place.department.id, NOW).weeks
    assert [w.number for w in weeks] == list(range(38, 50))
    assert weeks[0].start == dt.date(2026, 9, 14) and weeks[-1].start == dt.date(2026, 11, 30)
    assert [w.count for w in weeks] == [3] + [0] * 9 + [1, 1]


def test_open_and_overdue_are_counted_per_service_over_its_versions(app, place):
    newer = definition(place.session, place.services[0].slug, "Zahlen-Leistung neu", version=2)
    place.services.append(newer)
    place.case(0, due_at=NOW - DAY)
    place.case(0, due_at=NOW + DAY)
    place.case(2, status=CaseStatus.RUECKFRAGE, due_at=NOW - DAY)
    place.case(1, status=CaseStatus.IN_BEARBEITUNG, due_at=None)
    place.case(0, status=CaseStatus.ABGESCHLOSSEN, due_at=NOW - DAY)  # closed: not open
    place.case(1, status=CaseStatus.EINGEREICHT, received_at=None)  # not delivered yet
    with app.app_context():
        services = figures.department_figures(place.session, place.department.id, NOW).services
    assert [(s.slug, str(s.title), s.open, s.overdue) for s in services] == [
        (place.services[0].slug, "Zahlen-Leistung neu", 3, 2),
        (place.services[1].slug, HOSTILE, 1, 0)]


@pytest.mark.parametrize(("durations", "median", "p80"), [
    ([10, 1, 5, 3, 2], 3, 5),  # odd: ranks 3 and 4 of 5
    ([4, 1, 3, 2], 2, 4),  # even: ranks 2 and 4 of 4 (nearest rank, no averaging)
    ([7], 7, 7),
    ([1.5, 0.25], 0.25, 1.5),
])
def test_days_to_decision_are_median_and_80th_percentile_by_nearest_rank(
        app, place, durations, median, p80):
    for days in durations:
        place.decided(days)
    place.decided(50, decided_at=NOW - 400 * DAY)  # decided before the window
    place.case(status=CaseStatus.IN_BEARBEITUNG)  # not decided
    with app.app_context():
        times = figures.department_figures(place.session, place.department.id, NOW).decisions
    assert (times.count, times.median, times.p80) == (len(durations), median, p80)


def test_without_decided_cases_there_are_no_days_to_decision(app, place):
    place.case(status=CaseStatus.IN_BEARBEITUNG)
    with app.app_context():
        times = figures.department_figures(place.session, place.department.id, NOW).decisions
    assert (times.count, times.median, times.p80) == (0, None, None)


def test_the_case_worker_sees_the_figures_as_svg_with_the_same_numbers_in_tables(
        client, place):
    now = place.now = utcnow()
    place.case(0, due_at=now - DAY)
    place.case(0, due_at=now + DAY)
    place.case(1, due_at=now - DAY)
    place.decided(2), place.decided(6)
    place.case(status=CaseStatus.ABGESCHLOSSEN, received_at=now - dt.timedelta(minutes=1))
    login(client, place)
    response = client.get("/postfach/zahlen")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    intake, services = svgs(page)
    for svg in (intake, services):
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert title.text and desc.text
    values = [t.text for t in services.iter(f"{SVG}text") if "app-chart__value" in t.get("class")]
    assert values == ["2", "1", "1", "1"]
    rows = table_numbers(page, "Offene und überfällige Vorgänge je Leistung")
    assert [row[1:] for row in rows] == [["2", "1"], ["1", "1"]]
    weekly = table_numbers(page, "Eingänge je Kalenderwoche")
    columns = [t.text for t in intake.iter(f"{SVG}text") if "app-chart__value" in t.get("class")]
    assert [row[1] for row in weekly] == columns and columns[-1] == "1"
    assert "2,0 Tage" in page and "6,0 Tage" in page  # median and p80 of two


def test_a_service_title_with_markup_is_escaped_in_chart_and_table(client, place):
    place.now = utcnow()
    place.case(1)
    login(client, place)
    page = client.get("/postfach/zahlen").get_data(as_text=True)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Zahlen" in page
    labels = [t.text for t in svgs(page)[1].iter(f"{SVG}text")]
    assert HOSTILE in labels


def test_a_case_worker_sees_only_their_departments_figures(client, db_session, place):
    other = make_place(db_session, titles=("Fremde Leistung", "Noch eine fremde"))
    place.now = other.now = utcnow()
    other.case(0, due_at=utcnow() - DAY)
    other.decided(9)
    place.case(1)
    login(client, place)
    page = client.get("/postfach/zahlen").get_data(as_text=True)
    assert "Fremde Leistung" not in page
    assert [row[1:] for row in table_numbers(
        page, "Offene und überfällige Vorgänge je Leistung")] == [["1", "0"]]
    assert "keine Daten" in page


def test_the_administrator_narrows_the_figures_to_one_department(client, place):
    place.now = utcnow()
    place.case(0, due_at=utcnow() - DAY)  # received 100 days ago: before the 12 weeks
    place.decided(3)  # received 33 days ago
    as_admin(client)
    everything = client.get("/verwaltung/zahlen").get_data(as_text=True)
    breakdown = table_numbers(everything, "Zahlen je Amt: Eingänge der letzten 12 Wochen, "
                              "offene und überfällige Vorgänge, Tage bis zur Entscheidung")
    mine = [row for row in breakdown if row[0] == place.department.name]
    assert mine == [[place.department.name, "1", "1", "1", "1", "3,0 Tage", "3,0 Tage"]]
    response = client.get(f"/verwaltung/zahlen?amt={place.department.key}")
    assert response.status_code == 200
    rows = table_numbers(response.get_data(as_text=True),
                         "Offene und überfällige Vorgänge je Leistung")
    assert [row[1:] for row in rows] == [["1", "1"]]


@pytest.mark.parametrize("key", ["gibt-es-nicht", ""])
def test_an_unknown_department_key_is_not_found(client, key):
    as_admin(client)
    response = client.get(f"/verwaltung/zahlen?amt={key}")
    assert response.status_code == 404


@pytest.mark.parametrize(("url", "template"), [("/postfach/zahlen", "workbench/figures.html"),
                                             ("/verwaltung/zahlen", "admin/figures.html")])
def test_the_figures_pages_speak_english_to_an_english_browser(client, place, url, template):
    place.now = utcnow()
    place.case(0, due_at=place.now - DAY)
    place.decided(1)
    login(client, place) if url.startswith("/postfach") else as_admin(client)
    prefer_english(client)
    page = client.get(url).get_data(as_text=True)
    assert "Cases received per calendar week" in page and "1.0 days" in page
    assert german_left(page, template, "workbench/_figures.html", "partials/chart.html") == []

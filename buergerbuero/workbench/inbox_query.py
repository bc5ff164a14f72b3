"""The inbox's statements: one for a page of cases, one bounded count per view.

Everything a list row shows, filters or sorts by is a column of `cases`, read through the
indexes of `models/cases.py`; envelopes and inbox entries are never loaded for the list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, false, func, literal, select, true, tuple_
from sqlalchemy.orm import Session, aliased, joinedload

from ..core.url_converters import database_id
from ..models import Case, CaseSearchTerm, CaseStatus, ServiceDefinition

VIEWS = ("alle", "meine", "neu", "ueberfaellig", "antwort", "erledigt")
"""The inbox's views (tabs), in the order shown; `alle` is the default."""
SORTS = ("eingang", "frist")
"""Newest received first (default), or the earliest deadline first."""
PAGE_SIZE = 25
COUNT_LIMIT = 1_000
"""A count stops here ("mehr als 1.000"): it never scans a million rows to be exact, and past a
thousand cases the exact number tells a case worker nothing a search would not (counting ten
thousand index entries took 14 ms per view at 1 000 000 cases, a thousand take 1.5 ms)."""
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: the last row's sort value and id (keyset paging)."""

    moment: dt.datetime
    case_id: int

    def encode(self) -> str:
        """Return the cursor as the URL carries it: `<microseconds since the epoch>.<id>`."""
        delta = self.moment - EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return f"{micros}.{self.case_id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """Read a cursor from the URL; raise ValueError when it is not one."""
        micros, dot, case_id = text.partition(".")
        number = database_id(case_id)
        if not dot or not micros.lstrip("-").isascii() or not micros.lstrip("-").isdigit() \
                or len(micros) > 20 or number is None:
            raise ValueError(text)
        try:
            moment = EPOCH + dt.timedelta(microseconds=int(micros))
        except OverflowError as exc:
            raise ValueError(text) from exc
        return cls(moment, number)


@dataclass(frozen=True)
class Filters:
    """What the case worker asked for, checked (inbox_params reads it from the URL)."""

    view: str = "alle"
    reference: str | None = None
    words: tuple[str, ...] = ()
    status: CaseStatus | None = None
    service: str | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    received_from: dt.datetime | None = None
    received_before: dt.datetime | None = None
    sort: str = "eingang"
    after: Cursor | None = None


@dataclass
class Page:
    """One page of the list, and the cursor of the next one (None: this is the last)."""

    cases: list[Case] = field(default_factory=list)
    next: Cursor | None = None


def view_conditions(view: str, department_id: int, user_id: int, now: dt.datetime) -> list[Any]:
    """Return the conditions of a view: delivered to the department, then the view's own."""
    base = [Case.department_id == department_id, Case.received_at.is_not(None)]
    own = {
        "alle": [Case.is_open == true()],
        "meine": [Case.is_open == true(), Case.assignee_id == user_id],
        "neu": [Case.status == CaseStatus.ZUGESTELLT, Case.assignee_id.is_(None)],
        "ueberfaellig": [Case.is_open == true(), Case.due_at < now],
        "antwort": [Case.reply_at.is_not(None)],
        "erledigt": [Case.is_open == false()],
    }
    return base + own[view]


def filter_conditions(filters: Filters, words: tuple[str, ...] | None = None) -> list[Any]:
    """Return the conditions of the search form's fields (of `words`, if given, for the name)."""
    conditions: list[Any] = []
    for word in filters.words if words is None else words:  # each: a case_search_terms lookup
        conditions.append(Case.id.in_(
            select(CaseSearchTerm.case_id).where(CaseSearchTerm.term == word)))
    if filters.status is not None:
        conditions.append(Case.status == filters.status)
    if filters.service is not None:
        conditions.append(Case.definition_id.in_(
            select(ServiceDefinition.id).where(ServiceDefinition.slug == filters.service)))
    if filters.unassigned:
        conditions.append(Case.assignee_id.is_(None))
    elif filters.assignee_id is not None:
        conditions.append(Case.assignee_id == filters.assignee_id)
    if filters.received_from is not None:
        conditions.append(Case.received_at >= filters.received_from)
    if filters.received_before is not None:
        conditions.append(Case.received_at < filters.received_before)
    return conditions


def cursor_values(cursor: Cursor, column: Any) -> Any:
    """Return the cursor as a row value, its moment bound with the column's own type."""
    return tuple_(literal(cursor.moment, column.type), literal(cursor.case_id))


def page_statement(filters: Filters, department_id: int, user_id: int,
                   now: dt.datetime) -> Select[Any]:
    """Build the one statement of a page: cases with their service and assignee, one extra row
    to tell whether a next page exists."""
    if filters.reference is not None:
        # A reference names one case: found in whichever view it is.
        conditions = [Case.department_id == department_id, Case.received_at.is_not(None),
                      Case.reference == filters.reference]
    else:
        conditions = view_conditions(filters.view, department_id, user_id, now)
    if filters.words and filters.sort == "eingang" and filters.reference is None:
        return name_search(filters, conditions, department_id)
    conditions += filter_conditions(filters)
    if filters.sort == "frist":
        key = (Case.due_at, Case.id)
        conditions.append(Case.due_at.is_not(None))  # every filed case has one (submission)
        order = (Case.due_at.asc(), Case.id.asc())
        if filters.after is not None:
            conditions.append(tuple_(*key) > cursor_values(filters.after, Case.due_at))
    else:
        key = (Case.received_at, Case.id)
        order = (Case.received_at.desc(), Case.id.desc())
        if filters.after is not None:
            conditions.append(tuple_(*key) < cursor_values(filters.after, Case.received_at))
    return (select(Case).where(*conditions).order_by(*order).limit(PAGE_SIZE + 1)
            .options(joinedload(Case.definition), joinedload(Case.assignee)))


def name_search(filters: Filters, conditions: list[Any], department_id: int) -> Select[Any]:
    """Build a page of a name search, newest received first, read in order from the first
    word's range of ix_case_search_terms_inbox (its rows carry the department and received
    time): however many cases share a name, the page reads about as many rows as it shows."""
    first = aliased(CaseSearchTerm)
    conditions = [*conditions, *filter_conditions(filters, filters.words[1:]),
                  first.term == filters.words[0], first.department_id == department_id,
                  first.received_at.is_not(None)]
    if filters.after is not None:
        conditions.append(tuple_(first.received_at, first.case_id)
                          < cursor_values(filters.after, first.received_at))
    return (select(Case).join(first, first.case_id == Case.id).where(*conditions)
            .order_by(first.received_at.desc(), first.case_id.desc()).limit(PAGE_SIZE + 1)
            .options(joinedload(Case.definition), joinedload(Case.assignee)))


def page_of(session: Session, filters: Filters, department_id: int, user_id: int,
            now: dt.datetime) -> Page:
    """Return one page of the department's cases as the filters ask."""
    cases = list(session.scalars(page_statement(filters, department_id, user_id, now)))
    if len(cases) <= PAGE_SIZE:
        return Page(cases)
    cases = cases[:PAGE_SIZE]
    last = cases[-1]
    moment = last.due_at if filters.sort == "frist" else last.received_at
    return Page(cases, Cursor(moment, last.id))


def bounded_count(session: Session, conditions: list[Any]) -> int:
    """Count the cases meeting the conditions, stopping after COUNT_LIMIT + 1."""
    inner = select(Case.id).where(*conditions).limit(COUNT_LIMIT + 1).subquery()
    return session.scalar(select(func.count()).select_from(inner)) or 0


def view_counts(session: Session, department_id: int, user_id: int,
                now: dt.datetime) -> dict[str, int]:
    """Return each view's count (COUNT_LIMIT + 1 stands for "more than COUNT_LIMIT")."""
    return {view: bounded_count(session, view_conditions(view, department_id, user_id, now))
            for view in VIEWS}

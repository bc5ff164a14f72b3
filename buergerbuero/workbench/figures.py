"""Figures of the departments' work: cases received per week, open and overdue cases per
service, and days to decision (median and 80th percentile), each aggregated in SQL over a
bounded window, so a page costs the same few statements at 1 000 cases as at 1 000 000."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Integer, case, cast, extract, func, literal, or_, select
from sqlalchemy.orm import Session

from common.db import utcnow
from common.formatting import LOCAL_TIME, local
from forms.texts import Text

from ..catalogue.definitions import title_of
from ..models import Case, ServiceDefinition

WEEKS = 12
"""How many ISO weeks (local time) the intake chart shows, the current one last."""
DECISION_WINDOW = dt.timedelta(days=365)
"""Days to decision are read over the cases decided in this window before now."""
PERCENTILES = (50, 80)
"""The percentiles of days to decision: median and 80th, by the nearest-rank definition."""


@dataclass(frozen=True)
class Week:
    """One ISO week of local time and how many cases its department(s) received in it."""

    year: int
    number: int
    start: dt.date
    """Its Monday."""
    count: int


@dataclass(frozen=True)
class ServiceLoad:
    """Open cases of one service (all its versions) and how many of them are overdue."""

    slug: str
    title: Text
    open: int
    overdue: int


@dataclass(frozen=True)
class DecisionTimes:
    """Days from receipt to decision over the decision window (None: no case decided)."""

    count: int
    median: float | None = None
    p80: float | None = None


@dataclass(frozen=True)
class Figures:
    """Everything one figures page shows for a department or for all of them."""

    weeks: list[Week]
    services: list[ServiceLoad]
    decisions: DecisionTimes


@dataclass(frozen=True)
class DepartmentRow:
    """One department's line in the administrators' breakdown."""

    received: int
    """Cases received in the weeks of the intake chart."""
    open: int
    overdue: int
    decisions: DecisionTimes


def nearest_rank(count: int, percentile: int) -> int:
    """Return the 1-based rank of a percentile among `count` sorted values (nearest rank:
    the smallest value that at least `percentile` % of the values do not exceed)."""
    return max(1, -(-percentile * count // 100))


def week_starts(now: dt.datetime, weeks: int = WEEKS) -> list[dt.date]:
    """Return the local Mondays of the last `weeks` ISO weeks, oldest first, this week's last."""
    today = local(now).date()
    monday = today - dt.timedelta(days=today.weekday())
    return [monday - dt.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def local_midnight(day: dt.date) -> dt.datetime:
    """Return the start of a local day as a point in UTC (the database's time)."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=LOCAL_TIME).astimezone(dt.UTC)


def _scope(query, department_ids: Iterable[int] | None):
    """Narrow a query on cases to some departments (None: all)."""
    if department_ids is None:
        return query
    return query.where(Case.department_id.in_(list(department_ids)))


def intake(session: Session, starts: list[dt.date],
           department_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
    """Count the cases received per week and department: {department id: [count per week]}."""
    # Week bounds are computed in local time here, so DST changes need nothing from the SQL.
    bounds = [local_midnight(day) for day in starts]
    end = local_midnight(starts[-1] + dt.timedelta(weeks=1))
    bucket = case(*[(Case.received_at >= bound, index)
                    for index, bound in reversed(list(enumerate(bounds)))], else_=-1)
    query = (select(Case.department_id, bucket.label("week"), func.count())
             .where(Case.received_at >= bounds[0], Case.received_at < end,
                    Case.is_open.in_((True, False)))  # lets the planner use the inbox index
             .group_by(Case.department_id, bucket))
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * len(starts))
    for department_id, week, count in session.execute(_scope(query, department_ids)):
        counts[department_id][week] = count
    return counts


def open_load(session: Session, now: dt.datetime, department_ids: Iterable[int] | None = None
              ) -> dict[int, dict[int, tuple[int, int]]]:
    """Count open and overdue received cases: {department id: {definition id: (open, over)}}."""
    overdue = func.sum(case((Case.due_at < now, 1), else_=0))
    query = (select(Case.department_id, Case.definition_id, func.count(), overdue)
             .where(Case.is_open.is_(True), Case.received_at.is_not(None))
             .group_by(Case.department_id, Case.definition_id))
    load: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for department_id, definition_id, count, late in session.execute(
            _scope(query, department_ids)):
        load[department_id][definition_id] = (count, int(late or 0))
    return load


def _seconds_to_decision(session: Session):
    """Return the SQL expression of a case's seconds from receipt to decision, per dialect."""
    if session.get_bind().dialect.name == "sqlite":
        # SQLite keeps UTC as text; strftime('%s') reads it as whole seconds since 1970.
        def epoch(column):
            return cast(func.strftime("%s", column), Integer)
        return epoch(Case.decided_at) - epoch(Case.received_at)
    return extract("epoch", Case.decided_at - Case.received_at)


ALL = 0
"""The key of decision times over every department asked for together."""


def decision_times(session: Session, now: dt.datetime, department_ids: Iterable[int] | None = None,
                   per_department: bool = False) -> dict[int, DecisionTimes]:
    """Return median and 80th percentile days to decision of the cases decided in the window,
    per department id (or under ALL); the database ranks them, only the wanted ranks come back."""
    seconds = _seconds_to_decision(session)
    partition = Case.department_id if per_department else None
    ranked = _scope(select(
        (Case.department_id if per_department else literal(ALL)).label("key"),
        seconds.label("seconds"),
        func.row_number().over(partition_by=partition, order_by=seconds).label("rank"),
        func.count().over(partition_by=partition).label("n"),
    ).where(Case.decided_at >= now - DECISION_WINDOW, Case.decided_at <= now,
            Case.received_at.is_not(None)), department_ids).subquery()
    # The nearest rank, ceil(p * n / 100), in integer arithmetic both databases share.
    wanted = [ranked.c.rank == (p * ranked.c.n + 99) // 100 for p in PERCENTILES]
    found: dict[int, tuple[int, dict[int, float]]] = {}
    for key, count, rank, value in session.execute(
            select(ranked.c.key, ranked.c.n, ranked.c.rank, ranked.c.seconds).where(or_(*wanted))):
        found.setdefault(key, (count, {}))[1][rank] = float(value) / 86400
    return {key: DecisionTimes(count, *(days[nearest_rank(count, p)] for p in PERCENTILES))
            for key, (count, days) in found.items()}


def service_loads(session: Session, loads: Iterable[dict[int, tuple[int, int]]]
                  ) -> list[ServiceLoad]:
    """Add up open and overdue cases per service (all versions of one slug), most open first."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for load in loads:
        for definition_id, (count, late) in load.items():
            totals[definition_id][0] += count
            totals[definition_id][1] += late
    if not totals:
        return []
    by_slug: dict[str, list] = {}
    for row in session.scalars(select(ServiceDefinition).where(
            ServiceDefinition.id.in_(list(totals))).order_by(ServiceDefinition.version)):
        _older, count, late = by_slug.get(row.slug, (row, 0, 0))
        by_slug[row.slug] = (row, count + totals[row.id][0], late + totals[row.id][1])
    services = [ServiceLoad(slug, title_of(row), count, late)
                for slug, (row, count, late) in by_slug.items()]
    return sorted(services, key=lambda s: (-s.open, s.slug))


def _weeks(starts: list[dt.date], counts: Iterable[list[int]]) -> list[Week]:
    """Add up weekly counts of several departments into the weeks of the chart."""
    totals = [sum(column) for column in zip(*counts, strict=True)] if counts else []
    totals = totals or [0] * len(starts)
    return [Week(*start.isocalendar()[:2], start, count)
            for start, count in zip(starts, totals, strict=True)]


def department_figures(session: Session, department_id: int,
                       now: dt.datetime | None = None) -> Figures:
    """Return the figures of one department."""
    return overview(session, [department_id], now, breakdown=False)[0]


def overview(session: Session, department_ids: list[int] | None, now: dt.datetime | None = None,
             breakdown: bool = True) -> tuple[Figures, dict[int, DepartmentRow]]:
    """Return the figures of some departments (None: all) together and, with `breakdown`,
    each department's row, keyed by department id (departments with no cases have none)."""
    now = now or utcnow()
    starts = week_starts(now)
    weekly = intake(session, starts, department_ids)
    load = open_load(session, now, department_ids)
    together = decision_times(session, now, department_ids).get(ALL, DecisionTimes(0))
    figures = Figures(_weeks(starts, list(weekly.values())), service_loads(session, load.values()),
                      together)
    if not breakdown:
        return figures, {}
    decisions = decision_times(session, now, department_ids, per_department=True)
    rows = {}
    for department_id in set(weekly) | set(load) | set(decisions):
        counts = load.get(department_id, {}).values()
        rows[department_id] = DepartmentRow(
            sum(weekly.get(department_id, [])), sum(count for count, _ in counts),
            sum(late for _, late in counts), decisions.get(department_id, DecisionTimes(0)))
    return figures, rows

"""Postfach: the department's delivered cases in views with counts, searchable, paged by keyset,
and the switch between the departments a case worker works for."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from common.db import utcnow
from common.i18n import _

from ..auth import role_required
from ..catalogue.definitions import title_of
from ..core.errors import Refused
from ..core.extensions import db
from ..models import CaseStatus, PostfachEntry, Role, ServiceDefinition, User
from ..models.users import staff_departments
from . import bp
from .copies import count_copies, newest_copies
from .departments import choose_department, working_department
from .failures import count_failed, failed_deliveries
from .inbox_params import NOBODY, given, read_filters
from .inbox_query import COUNT_LIMIT, VIEWS, Filters, Page, page_of, view_counts


@bp.route("/")
@role_required(Role.CASEWORKER)
def inbox():
    """List one page of a view of the department's cases, with every view's count."""
    department = working_department()
    if department is None:  # a case worker whose departments were all taken away
        return render_page(None, Filters(), Page(), {}, [], [], [])
    services, colleagues = service_titles(), colleagues_of(department.id)
    filters, notices = read_filters(request.args, services, {u.id for u in colleagues})
    now = utcnow()
    page = page_of(db.session, filters, department.id, current_user.user.id, now)
    counts = view_counts(db.session, department.id, current_user.user.id, now)
    return render_page(department, filters, page, counts, services, colleagues, notices)


def render_page(department, filters: Filters, page: Page, counts: dict[str, int],
                services, colleagues, notices: list[str]) -> str:
    """Render the inbox with its parts around the list (failures, reminders, copies)."""
    values = given(request.args)
    next_url = url_for("workbench.inbox", **values, nach=page.next.encode()) if page.next else None
    return render_template(
        "workbench/inbox.html",
        department=department, departments=current_user.departments,
        filters=filters, values=values, page=page, counts=counts, views=VIEWS,
        count_limit=COUNT_LIMIT, next_url=next_url, notices=notices, now=utcnow(),
        searching=set(values) - {"ansicht", "sortierung"},
        services=services, colleagues=colleagues, statuses=list(CaseStatus), nobody=NOBODY,
        view_links={view: url_for("workbench.inbox", **{**tab_values(values), "ansicht": view})
                    for view in VIEWS},
        failures=failed_deliveries(), failed_count=count_failed(),
        reminded=count_reminded(department.id) if department else 0,
        reminded_cases=reminded_among(department.id, page) if department else set(),
        copies=newest_copies(department.id) if department else [],
        copies_count=count_copies(department.id) if department else 0,
    )


def tab_values(values: dict[str, str]) -> dict[str, str]:
    """Return the parameters a view's tab keeps: the sort order (a tab shows its whole view, as
    its count says; the search starts afresh)."""
    return {name: value for name, value in values.items() if name == "sortierung"}


def service_titles() -> dict[str, object]:
    """Return every service's slug with the title of its newest version, ordered by title
    (the few versions the administrators published: one small statement)."""
    rows = db.session.scalars(select(ServiceDefinition).order_by(
        ServiceDefinition.slug, ServiceDefinition.version))
    titles = {row.slug: title_of(row) for row in rows}  # the newest version wins
    return dict(sorted(titles.items(), key=lambda item: str(item[1])))


def colleagues_of(department_id: int) -> list[User]:
    """Return the people who work for the department, by name."""
    return list(db.session.scalars(
        select(User).join(staff_departments, staff_departments.c.user_id == User.id)
        .where(staff_departments.c.department_id == department_id)
        .order_by(User.display_name, User.id)))


def count_reminded(department_id: int) -> int:
    """Count the department's deliveries still unopened after a reminder (bounded)."""
    inner = select(PostfachEntry.id).where(
        PostfachEntry.department_id == department_id, PostfachEntry.opened_at.is_(None),
        PostfachEntry.reminded_at.is_not(None)).limit(COUNT_LIMIT + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(inner)) or 0


def reminded_among(department_id: int, page: Page) -> set[int]:
    """Return which cases of the page have a delivery still unopened after a reminder (one
    statement over the page's at most 25 cases)."""
    if not page.cases:
        return set()
    # Looked up by case (a few entries each) and sorted out here: asked in SQL with the
    # reminder conditions, PostgreSQL walked every reminded entry of the department instead.
    entries = db.session.execute(select(
        PostfachEntry.case_id, PostfachEntry.department_id, PostfachEntry.opened_at,
        PostfachEntry.reminded_at).where(
        PostfachEntry.case_id.in_([case.id for case in page.cases])))
    return {e.case_id for e in entries if e.department_id == department_id
            and e.opened_at is None and e.reminded_at is not None}


@bp.route("/amt", methods=["POST"])
@role_required(Role.CASEWORKER)
def switch_department():
    """Show the inbox of another of the case worker's departments."""
    key = request.form.get("amt", "").strip()
    if not key:
        raise Refused(_("Bitte wählen Sie ein Amt."))
    if choose_department(key) is None:
        abort(404)
    return redirect(url_for("workbench.inbox"), 303)

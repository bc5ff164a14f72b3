"""The departments a case worker works for, the one whose inbox they are looking at, and
the colleagues a department's case may be assigned to."""

from __future__ import annotations

from flask import session
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Department, Role, User, staff_departments

SESSION_KEY = "amt"
"""Where the chosen department's key is kept between requests (the switcher sets it)."""


def works_for(department_id: int) -> bool:
    """Tell whether the logged-in case worker works for the department."""
    return department_id in current_user.department_ids


def working_department() -> Department | None:
    """Return the department whose inbox is shown: the one chosen, else the first by name."""
    departments = current_user.departments
    chosen = session.get(SESSION_KEY)
    return next((d for d in departments if d.key == chosen), None) or \
        (departments[0] if departments else None)


def choose_department(key: str) -> Department | None:
    """Remember the department to show, if the case worker works for it; return it or None."""
    department = next((d for d in current_user.departments if d.key == key), None)
    if department is not None:
        session[SESSION_KEY] = department.key
    return department


def colleagues(db_session: Session, department_id: int) -> list[User]:
    """Return the active case workers of a department, by name (whom a case may go to)."""
    return list(db_session.scalars(
        select(User).join(staff_departments, staff_departments.c.user_id == User.id)
        .where(staff_departments.c.department_id == department_id,
               User.role == Role.CASEWORKER, User.active.is_(True))
        .order_by(User.display_name, User.id)).all())

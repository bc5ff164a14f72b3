"""Helpers of the case-work tests: a delivered case, colleagues, what a case page shows."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import select

from buergerbuero.instance_setup import DEMO_PASSWORD
from buergerbuero.models import AuditEvent, Case, CaseStatus, Department, Role, User

from .. import support

CASEWORKER = "steueramt@example.org"  # the dog tax goes to the Steueramt
OTHER_CASEWORKER = "ordnungsamt@example.org"


def file_and_deliver(client: Any, run_gateway: Any) -> str:
    """Register a resident in `client`, file the dog tax, deliver it; return the reference."""
    support.register(client)
    reference = support.file_hundesteuer(client)
    run_gateway()
    return reference


def case_of(session: Any, reference: str) -> Case:
    """Return the case as stored now (not as loaded before)."""
    support.fresh(session)
    return session.scalar(select(Case).where(Case.reference == reference))


def set_status(session: Any, reference: str, status: CaseStatus) -> None:
    """Put the case into a status directly, as if it had got there by its allowed path."""
    case_of(session, reference).status = status
    session.commit()


def events(session: Any, reference: str, action: str) -> list[AuditEvent]:
    """Return the case's audit events of one action, oldest first."""
    case = case_of(session, reference)
    return list(session.scalars(select(AuditEvent).where(
        AuditEvent.case_id == case.id, AuditEvent.action == action).order_by(AuditEvent.id)))


def new_account(session: Any, *, role: Role = Role.CASEWORKER, department: str | None = None,
                active: bool = True, name: str = "Kim Kollegin") -> User:
    """Create an account that can log in with the demo password; return it."""
    departments = [session.scalar(select(Department).where(Department.key == department))] \
        if department else []
    user = User(email=f"k{uuid.uuid4().hex[:8]}@example.org", display_name=name, role=role,
                active=active, departments=departments)
    user.set_password(DEMO_PASSWORD)
    session.add(user)
    session.commit()
    return user


def user_id(session: Any, email: str) -> int:
    """Return the id of the account with that address."""
    return session.scalar(select(User.id).where(User.email == email))


def post_on_case(client: Any, reference: str, action: str, data: dict[str, str]) -> Any:
    """Post a form of the case page (uebernehmen, zuweisen, freigeben, status, weiterleiten)."""
    return support.post_form(client, f"/postfach/{reference}/{action}", data,
                             page=f"/postfach/{reference}")


def text_of(response: Any) -> str:
    """Return the body of a response as text."""
    return response.get_data(as_text=True)


def options_of(page: str, name: str) -> list[str]:
    """Return the option values of the select named `name` on a page."""
    select_tag = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select_tag, f"no select {name!r} on the page"
    return re.findall(r'<option[^>]*value="([^"]*)"', select_tag.group(1))

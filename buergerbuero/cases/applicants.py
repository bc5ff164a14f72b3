"""The applicant's name as the department's inbox finds it: one row per folded word, carrying
its case's department and received time (so a search is one ordered index range)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.orm import Session

from common.text import search_words

from ..models import Case, CaseSearchTerm


def index_applicant(session: Session, case: Case) -> None:
    """Store the search words of a newly filed case's applicant name (in the filing's
    transaction: no statement but the inserts on the submit path)."""
    session.add_all(CaseSearchTerm(term=word, case_id=case.id, department_id=case.department_id,
                                   received_at=case.received_at)
                    for word in search_words(case.applicant_name))


def follow_case(session: Session, case_id: int, department_id: int,
                received_at: dt.datetime | None) -> None:
    """Give the case's search words its new department and received time (the caller commits
    with the change of the case itself: delivered, or forwarded and on its way)."""
    session.execute(update(CaseSearchTerm).where(CaseSearchTerm.case_id == case_id)
                    .values(department_id=department_id, received_at=received_at))

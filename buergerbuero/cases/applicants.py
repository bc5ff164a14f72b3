"""The applicant's name as the department's inbox finds it: one row per folded word."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from common.text import search_words

from ..models import Case, CaseSearchTerm


def index_applicant(session: Session, case: Case) -> None:
    """Store the search words of the case's applicant name (replacing earlier ones)."""
    session.execute(delete(CaseSearchTerm).where(CaseSearchTerm.case_id == case.id))
    session.add_all(CaseSearchTerm(term=word, case_id=case.id)
                    for word in search_words(case.applicant_name))

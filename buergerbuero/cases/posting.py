"""Bekanntgabe by post: a Bescheid without consent to retrieval, or one whose provision ended
unretrieved, is printed and handed to the post; the case worker records the day (Aufgabe zur
Post), and the postal fiction (§ 41 Abs. 2 VwVfG) gives the Bekanntgabe day."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy.orm import Session

from common.formatting import format_date
from common.i18n import _l

from ..core import audit
from ..core.errors import RuleRefused
from ..models import Decision, DecisionState, User
from . import deadlines_law as law
from .bekanntgabe import announce


class PostingRefused(RuleRefused):
    """No posting can be recorded for this Bescheid now (409); `message` says why."""

    status = 409


class PostingDayRefused(PostingRefused):
    """The posting day given cannot be (400: the form's field); `message` says why."""

    status = 400


def post_days() -> int:
    """Return the days of the postal fiction (config BEKANNTGABE_POST_DAYS, default 4)."""
    return int(current_app.config["BEKANNTGABE_POST_DAYS"])


def goes_by_post(decision: Decision | None) -> bool:
    """Tell whether the Bescheid is to be announced by post now: issued, not announced, and
    either without consent to retrieval or its provision ended."""
    return (decision is not None and decision.state is DecisionState.ISSUED
            and decision.announced_on is None and decision.posted_on is None
            and (not decision.by_retrieval or decision.provision_ended_at is not None))


def check_posting(decision: Decision | None, posted_on: dt.date, today: dt.date) -> None:
    """Raise PostingRefused if no posting can be recorded now, PostingDayRefused for a day in
    the future, before the Bescheid was issued or, for one provided for retrieval, before its
    provision ended (an earlier day would make its Bekanntgabe and remedy period earlier)."""
    if not goes_by_post(decision):
        raise PostingRefused(_l(
            "Für diesen Bescheid kann keine Aufgabe zur Post vermerkt werden: er ist bereits "
            "bekannt gegeben oder liegt noch zum Abruf bereit."))
    if posted_on > today:
        raise PostingDayRefused(_l("Der Tag der Aufgabe zur Post darf nicht in der Zukunft "
                                   "liegen."))
    issued_on = decision.dated or law.local_day(decision.issued_at)
    if posted_on < issued_on:
        raise PostingDayRefused(_l("Der Tag der Aufgabe zur Post darf nicht vor dem Erlass des "
                                   "Bescheids (%(day)s) liegen.", day=format_date(issued_on)))
    if decision.by_retrieval and posted_on < law.local_day(decision.provision_ended_at):
        raise PostingDayRefused(_l(
            "Der Tag der Aufgabe zur Post darf nicht vor dem Ende der Bereitstellung zum Abruf "
            "(%(day)s) liegen.", day=format_date(law.local_day(decision.provision_ended_at))))


def record_posting(session: Session, decision: Decision | None, posted_on: dt.date,
                   user: User, today: dt.date) -> None:
    """Record the Aufgabe zur Post and the Bekanntgabe it gives (the caller commits); raise
    PostingRefused (see `check_posting`), changing nothing."""
    check_posting(decision, posted_on, today)
    decision.posted_on, decision.posted_by_id = posted_on, user.id
    announce(decision, law.announced_by_post(posted_on, post_days()))
    audit.record(session, "decision_posted", decision, case_id=decision.case_id,
                 actor_id=user.id, posted_on=posted_on.isoformat(),
                 announced_on=decision.announced_on.isoformat())

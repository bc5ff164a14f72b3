"""Abandoned drafts: warned once by e-mail a week before, then deleted with their uploads;
saving the draft again starts its time afresh."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from buergerbuero.models import Draft, Upload, User
from buergerbuero.privacy import draft_expiry
from buergerbuero.privacy.purge import run_purge

from .. import support
from .purging import CLOSED_ON, draft_with_upload, last_saved, on_disk, warnings_to

SAVED = CLOSED_ON  # the frozen clock: the draft was last saved then


def test_an_untouched_draft_is_warned_once_then_deleted_with_its_files(app, client,
                                                                       db_session):
    email = support.register(client)
    draft_id = draft_with_upload(client)
    last_saved(db_session, draft_id, SAVED)
    files = list(db_session.scalars(select(Upload.storage_name).where(
        Upload.draft_id == draft_id)))
    assert len(on_disk(app, files)) == 1

    with app.app_context():
        early = run_purge(db_session, now=SAVED + dt.timedelta(days=82))
        assert warnings_to(db_session, email) == [] and early.drafts_warned == 0
        run_purge(db_session, now=SAVED + dt.timedelta(days=84))
        run_purge(db_session, now=SAVED + dt.timedelta(days=85))  # once per draft
        mails = warnings_to(db_session, email)
        assert len(mails) == 1 and "wird am" in mails[0].body_text
        assert "gelöscht" in mails[0].subject
        assert support.mailed_path(app, email, "draft_expiring") == "/antraege/"
        run_purge(db_session, now=SAVED + dt.timedelta(days=90, hours=12))
        assert db_session.get(Draft, draft_id) is not None  # the warning's week runs still
        report = run_purge(db_session, now=SAVED + dt.timedelta(days=91, hours=1))
    assert report.drafts_deleted == 1 and report.files >= 1
    support.fresh(db_session)
    assert db_session.get(Draft, draft_id) is None
    assert db_session.scalar(select(func.count()).select_from(Upload).where(
        Upload.storage_name.in_(files))) == 0
    assert on_disk(app, files) == []


def test_a_draft_saved_after_its_warning_is_kept_and_warned_again_later(app, client,
                                                                        db_session):
    email = support.register(client)
    draft_id = draft_with_upload(client)
    last_saved(db_session, draft_id, SAVED)
    with app.app_context():
        run_purge(db_session, now=SAVED + dt.timedelta(days=84))
        last_saved(db_session, draft_id, SAVED + dt.timedelta(days=86))  # the resident saves
        run_purge(db_session, now=SAVED + dt.timedelta(days=95))
        assert db_session.get(Draft, draft_id) is not None
        run_purge(db_session, now=SAVED + dt.timedelta(days=86 + 84))
    assert len(warnings_to(db_session, email)) == 2


def test_a_resident_who_switched_mails_off_gets_no_warning_and_the_draft_still_goes(
        app, client, db_session):
    email = support.register(client)
    draft_id = draft_with_upload(client)
    last_saved(db_session, draft_id, SAVED)
    user = db_session.scalar(select(User).where(User.email == email))
    user.notify_by_email = False
    db_session.commit()
    with app.app_context():
        run_purge(db_session, now=SAVED + dt.timedelta(days=84))
        run_purge(db_session, now=SAVED + dt.timedelta(days=92))
    assert warnings_to(db_session, email) == []
    support.fresh(db_session)
    assert db_session.get(Draft, draft_id) is None


def test_two_relays_that_read_the_same_draft_mail_one_warning(app, client, db_session):
    email = support.register(client)
    draft_id = draft_with_upload(client)
    last_saved(db_session, draft_id, SAVED)
    now = SAVED + dt.timedelta(days=84)
    with app.test_request_context():
        read_by_both = draft_expiry.to_warn(db_session, now)
        [draft] = [d for d in read_by_both if d.id == draft_id]
        first = draft_expiry.warn(db_session, draft, now)
        stale = Draft(id=draft_id, user_id=draft.user_id, definition_id=draft.definition_id,
                      updated_at=SAVED)  # what the other relay read before the first warned
        second = draft_expiry.warn(db_session, stale, now)
    assert (first, second) == (True, False)
    assert len(warnings_to(db_session, email)) == 1

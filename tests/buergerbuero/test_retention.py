"""The Löschfrist: closed cases past their service's retention_days are deleted with every row
and file that belongs to them, on a frozen clock, also after a purge killed mid-run."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import func, select

import mailgateway
from buergerbuero.cases import lifecycle
from buergerbuero.core.audit import REDACTED
from buergerbuero.models import AuditEvent, Case, CaseStatistic, CaseStatus, User
from buergerbuero.privacy import erasure, retention
from buergerbuero.privacy.purge import STATE_KEY, dry_run, purge_when_due, run_purge

from .. import support
from .archive_world import full_case
from .auditing import audit
from .casework import CASEWORKER
from .purging import (
    CLOSED_ON,
    after_retention,
    case_columns,
    close_on_frozen_clock,
    filed_and_closed,
    on_disk,
    purge_process,
    remaining_rows,
    stored_files,
)


def test_every_table_that_names_a_case_is_purged_or_kept_for_a_reason():
    named = set(case_columns())
    assert named == set(erasure.CASE_TABLES) | set(erasure.KEPT_TABLES), (
        "a table names a case: add it to CASE_TABLES or KEPT_TABLES in "
        "buergerbuero/privacy/erasure.py")
    for table, columns in erasure.CASE_TABLES.items():
        assert set(columns) == set(case_columns()[table]), table


def test_closing_sets_closed_at_and_reopening_clears_it(app, client, db_session, run_gateway):
    case_id = filed_and_closed(app, client, db_session, run_gateway)
    case = db_session.get(Case, case_id)
    assert case.closed_at == CLOSED_ON
    with app.test_request_context():
        worker = db_session.scalar(select(User).where(User.email == CASEWORKER))
        lifecycle.change_status(db_session, case, CaseStatus.IN_BEARBEITUNG, worker,
                                reason="Neue Unterlagen.")
        db_session.commit()
    assert db_session.get(Case, case_id).closed_at is None


def test_a_purged_case_leaves_only_its_statistic_and_redacted_audit_events(
        app, client, other_client, db_session, run_gateway):
    built = full_case(app, client, other_client, db_session, run_gateway)
    case_id = close_on_frozen_clock(app, db_session, built.reference)
    before = remaining_rows(db_session, case_id)
    files = stored_files(db_session, case_id)
    assert {"messages.case_id", "uploads.case_id", "receipts.case_id", "decisions.case_id",
            "signed_documents.case_id", "submissions.case_id", "case_queries.case_id",
            "outbox_messages.case_id", "postfach_entries.case_id",
            "audit_events.case_id"} <= set(before)
    assert len(on_disk(app, files)) == len(files) >= 2  # the certificate and the answer's file

    with app.app_context():
        early = run_purge(db_session, now=after_retention() - dt.timedelta(days=2))
        assert early.cases.get("hundesteuer-anmeldung", 0) == 0  # the Löschfrist runs still
        report = run_purge(db_session, now=after_retention())
    assert report.cases["hundesteuer-anmeldung"] == 1
    assert remaining_rows(db_session, case_id) == {"audit_events.case_id": before[
        "audit_events.case_id"] + 1}
    assert on_disk(app, files) == []
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id)).all()
    purged = [e for e in events if e.action == "case_purged"]
    assert len(purged) == 1 and built.reference not in str(purged[0].details)
    assert all(e.details == REDACTED for e in events if e.action != "case_purged")
    statistic = db_session.scalars(select(CaseStatistic).order_by(CaseStatistic.id.desc())).first()
    assert (statistic.service_slug, statistic.department_key, statistic.closed_on,
            statistic.status, statistic.outcome) == (
        "hundesteuer-anmeldung", "steueramt", dt.date(2005, 1, 3), "abgeschlossen",
        "teilbewilligung")
    with app.app_context():
        again = run_purge(db_session, now=after_retention())  # safe to run twice
    assert again.cases.get("hundesteuer-anmeldung", 0) == 0
    verified = audit(app, "verify")  # the redacted events and the purge's own stay chained
    assert verified.exit_code == 0, verified.output


def test_a_case_reopened_while_the_purge_ran_is_left_whole(app, client, db_session,
                                                           run_gateway):
    case_id = filed_and_closed(app, client, db_session, run_gateway)
    now = after_retention()
    with app.app_context():
        due = [d for d in retention.due_cases(db_session, now) if d.case_id == case_id]
        assert len(due) == 1
        with app.test_request_context():  # the department reopens it before the purge locks it
            case = db_session.get(Case, case_id)
            worker = db_session.scalar(select(User).where(User.email == CASEWORKER))
            lifecycle.change_status(db_session, case, CaseStatus.IN_BEARBEITUNG, worker,
                                    reason="Widerspruch eingegangen.")
            db_session.commit()
        assert retention.purge_case(db_session, due[0], now) is False
    assert db_session.get(Case, case_id).status is CaseStatus.IN_BEARBEITUNG
    assert "submissions.case_id" in remaining_rows(db_session, case_id)


def test_the_dry_run_lists_what_would_go_and_deletes_nothing(app, client, db_session,
                                                             run_gateway):
    case_id = filed_and_closed(app, client, db_session, run_gateway)
    with app.app_context():
        report = dry_run(db_session, now=after_retention())
    assert report.cases["hundesteuer-anmeldung"] >= 1 and report.files >= 1
    assert "submissions.case_id" in remaining_rows(db_session, case_id)
    listed = purge_process(app, dry_run=True)
    assert listed.returncode == 0, listed.stderr
    assert "Probelauf" in listed.stdout and "hundesteuer-anmeldung: " in listed.stdout
    assert "submissions.case_id" in remaining_rows(db_session, case_id)
    with app.app_context():
        run_purge(db_session, now=after_retention())  # the next test's purge starts afresh


def test_a_purge_killed_after_a_commit_leaves_no_half_deleted_case_and_the_rerun_no_file(
        app, client, other_client, db_session, run_gateway):
    first = filed_and_closed(app, client, db_session, run_gateway)
    second = filed_and_closed(app, other_client, db_session, run_gateway)
    files = {first: stored_files(db_session, first), second: stored_files(db_session, second)}
    assert all(files.values())

    killed = purge_process(app, fault="after_commit")
    assert killed.returncode == -9, killed.stdout + killed.stderr
    # The first case's rows are gone in one commit, its files still lie there, listed; the
    # second case was not begun.
    assert remaining_rows(db_session, first) == {"audit_events.case_id": len(
        db_session.scalars(select(AuditEvent).where(AuditEvent.case_id == first)).all())}
    assert on_disk(app, files[first]) == files[first]
    assert "submissions.case_id" in remaining_rows(db_session, second)

    rerun = purge_process(app)
    assert rerun.returncode == 0, rerun.stderr
    assert "Vorgang gelöscht" in rerun.stdout or "Vorgänge gelöscht" in rerun.stdout
    for case_id in (first, second):
        assert set(remaining_rows(db_session, case_id)) == {"audit_events.case_id"}
        assert on_disk(app, files[case_id]) == []
    support.fresh(db_session)
    assert not db_session.scalars(select(erasure.PendingFileRemoval)).all()


def test_a_residents_message_on_a_due_case_is_refused_and_after_the_purge_finds_no_case(
        app, client, db_session, run_gateway):
    case_id = filed_and_closed(app, client, db_session, run_gateway)
    reference = db_session.get(Case, case_id).reference
    page = f"/antraege/{reference}"
    before = support.post_form(client, f"{page}/nachricht", {"body": "Noch eine Frage."},
                               page=page)
    assert before.status_code == 409  # closed: read-only, the purge may take it whole
    with app.app_context():
        run_purge(db_session, now=after_retention())
    assert set(remaining_rows(db_session, case_id)) == {"audit_events.case_id"}
    assert client.get(page).status_code == 404


def test_the_relay_round_runs_the_purge_once_per_interval(app, db_session):
    assert purge_when_due in mailgateway.state_of(app).on_relay_round
    with app.app_context():
        app.extensions.pop(STATE_KEY, None)
        purge_when_due()
        first = app.extensions[STATE_KEY]["next_run"]
        purge_when_due()  # within the interval: nothing runs, the next run stays where it was
        assert app.extensions[STATE_KEY]["next_run"] == first


def test_a_failed_purge_waits_its_interval_and_logs_no_reference(app, db_session, monkeypatch,
                                                                 caplog):
    monkeypatch.delitem(app.config, "UPLOADS_ORPHAN_HOURS")  # the run fails at its end
    with app.app_context():
        app.extensions.pop(STATE_KEY, None)
        before = time.monotonic()
        purge_when_due()  # the relay round goes on
        assert app.extensions[STATE_KEY]["next_run"] >= before + app.config[
            "PRIVACY_PURGE_INTERVAL_SECONDS"]
    assert "the purge run failed (KeyError)" in caplog.text
    assert "UPLOADS_ORPHAN_HOURS" not in caplog.text  # the type, not the message


def test_a_new_case_never_takes_the_id_of_a_purged_one(app, client, db_session, run_gateway):
    """The purged case's audit events keep its id (the hash chain covers it): a new case with
    that id would show another person's history. SQLite hands out the highest id again once
    its row is gone, unless the table counts with AUTOINCREMENT."""
    purged = filed_and_closed(app, client, db_session, run_gateway)
    assert purged == db_session.scalar(select(func.max(Case.id)))  # the newest: reusable
    with app.app_context():
        assert run_purge(db_session, now=after_retention()).cases["hundesteuer-anmeldung"] == 1
    support.file_hundesteuer(client)
    support.fresh(db_session)
    assert db_session.scalar(select(func.max(Case.id))) > purged

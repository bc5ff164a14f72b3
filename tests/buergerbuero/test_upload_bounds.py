"""Uploads are bounded: quotas per draft and resident, replaced and orphaned files deleted,
the administrator's preview keeps nothing. Every check looks at the real files on disk."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from buergerbuero.core import file_crypto
from buergerbuero.models import Upload

from .. import support
from .filing import draft, draft_id, review_url
from .uploading import post_step, publish_service, small_pdf, small_png, uploaded, uploads_of

PNG = small_png()


@pytest.fixture(scope="module")
def service(app):
    """The test service with two file fields (nachweis: PDF, foto: PNG)."""
    return publish_service(app)


@pytest.fixture(scope="module")
def second_service(app):
    """The same service under another slug, for a resident's second draft."""
    return publish_service(app, "zweiter-nachweis")


def stored(app, upload: Upload) -> Path:
    """Return where an upload's file lies."""
    return Path(app.config["UPLOADS_DIR"]) / upload.storage_name


def folder(app) -> set[str]:
    """Return the names of the files in the upload folder."""
    return set(os.listdir(app.config["UPLOADS_DIR"]))


def foto(content: bytes = PNG, name: str = "foto.png") -> tuple:
    """Return the form value of a PNG for the field `foto`."""
    return (io.BytesIO(content), name, "image/png")


def make_old(session, *uploads: Upload, hours: int = 25) -> None:
    """Date uploads back, as if they had been uploaded `hours` ago."""
    then = dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours)
    session.execute(update(Upload).where(Upload.id.in_([u.id for u in uploads]))
                    .values(created_at=then))
    session.commit()


def test_the_upload_limits_have_real_defaults(app):
    assert app.config["UPLOADS_MAX_BYTES_PER_DRAFT"] == 50 * 1024 * 1024
    assert app.config["UPLOADS_MAX_BYTES_PER_RESIDENT"] == 200 * 1024 * 1024
    assert app.config["UPLOADS_ORPHAN_HOURS"] == 24
    with support.sibling_app(app, UPLOADS_MAX_BYTES_PER_DRAFT=1024) as configured:
        assert configured.config["UPLOADS_MAX_BYTES_PER_DRAFT"] == 1024


def test_replacing_an_upload_deletes_the_old_row_and_file(app, client, resident, service,
                                                          db_session):
    url, _, first = uploaded(client, service)
    [old] = uploads_of(db_session, resident)
    old_file, old_token = stored(app, old), old.token
    assert old_file.is_file()
    newer = small_pdf() + b"%neu"
    response = post_step(client, url, newer, **{"nachweis-vorhanden": first["upload_id"]})
    assert response.status_code == 302
    [new] = uploads_of(db_session, resident)
    assert new.token == draft(db_session, url).answers["nachweis"]["upload_id"] != old_token
    assert not old_file.exists()
    with app.app_context():
        assert file_crypto.read(stored(app, new)) == newer


def test_twenty_uploads_to_one_field_keep_one_file(app, client, resident, service, db_session):
    url = support.start_draft(client, service)
    before = folder(app)
    for n in range(20):
        assert post_step(client, url, small_pdf() + b"%" * n).status_code == 302
    [upload] = uploads_of(db_session, resident)
    assert folder(app) - before == {upload.storage_name}


def test_a_file_replaced_on_a_refused_step_is_deleted_at_once(app, client, resident, service,
                                                              db_session):
    url = support.start_draft(client, service)
    page = post_step(client, url, small_pdf(), name="").get_data(as_text=True)
    [first] = uploads_of(db_session, resident)
    first_id, first_file = first.id, stored(app, first)
    response = post_step(client, url, small_pdf() + b"%2", name="",
                         **{"nachweis-vorhanden": support.input_value(page, "nachweis-vorhanden")})
    assert response.status_code == 400
    [second] = uploads_of(db_session, resident)
    assert second.id != first_id and not first_file.exists()
    assert stored(app, second).is_file()


def test_the_draft_quota_refuses_in_german_and_keeps_the_other_answers(app, service, db_session):
    limit = len(small_pdf()) + len(PNG) - 1
    with support.sibling_app(app, UPLOADS_MAX_BYTES_PER_DRAFT=limit) as small:
        client = small.test_client()
        email = support.register(client)
        url = support.start_draft(client, service)
        response = post_step(client, url, small_pdf(), name="Erika Beispiel", foto=foto())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Für diesen Antrag sind Dateien von zusammen höchstens" in page
    assert "Bitte wählen Sie eine kleinere Datei." in page
    assert support.input_value(page, "name") == "Erika Beispiel"
    [kept] = uploads_of(db_session, email)  # the PDF, the other answer of the step
    assert support.input_value(page, "nachweis-vorhanden") == kept.token
    assert kept.media_type == "application/pdf" and stored(app, kept).is_file()


def test_a_replaced_file_the_saved_draft_still_holds_counts_towards_the_quota(app, service):
    limit = len(small_pdf()) * 2 - 1
    with support.sibling_app(app, UPLOADS_MAX_BYTES_PER_DRAFT=limit) as small:
        client = small.test_client()
        support.register(client)
        url = support.start_draft(client, service)
        assert post_step(client, url, small_pdf()).status_code == 302
        page = client.get(url).get_data(as_text=True)
        held = support.input_value(page, "nachweis-vorhanden")
        # Refused for another answer: the saved PDF stays beside the new one, so both count.
        response = post_step(client, url, small_pdf(), name="",
                             **{"nachweis-vorhanden": held})
    assert response.status_code == 400
    assert "Für diesen Antrag sind Dateien von zusammen höchstens" in response.get_data(
        as_text=True)


def test_the_resident_quota_counts_every_draft_of_the_resident(app, service, second_service,
                                                               db_session):
    limit = len(small_pdf()) * 2 - 1
    with support.sibling_app(app, UPLOADS_MAX_BYTES_PER_RESIDENT=limit) as small:
        client = small.test_client()
        email = support.register(client)
        first = post_step(client, support.start_draft(client, service), small_pdf())
        assert first.status_code == 302
        response = post_step(client, support.start_draft(client, second_service), small_pdf(),
                             name="Erika Beispiel")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ihre noch nicht eingereichten Dateien dürfen zusammen höchstens" in page
    assert support.input_value(page, "name") == "Erika Beispiel"
    assert len(uploads_of(db_session, email)) == 1


def test_discarding_a_draft_deletes_its_files(app, client, resident, service, db_session):
    url, _, _ = uploaded(client, service)
    [upload] = uploads_of(db_session, resident)
    file = stored(app, upload)
    response = support.post_form(client, f"/antraege/entwurf/{draft_id(url)}/verwerfen", {},
                                 page=review_url(url))
    assert response.status_code == 302
    assert uploads_of(db_session, resident) == [] and not file.exists()


def orphans_of_a_filed_case(client, service, db_session, email) -> tuple[Upload, Upload]:
    """File a case whose draft left one file behind; return (the case's, the left-behind)."""
    url = support.start_draft(client, service)
    assert post_step(client, url, None, name="", foto=foto()).status_code == 400
    assert post_step(client, url, small_pdf()).status_code == 302  # foto no longer chosen
    assert support.post_form(client, review_url(url), {"aktion": "einreichen"}).status_code == 302
    filed, left = sorted(uploads_of(db_session, email), key=lambda u: u.case_id is None)
    assert filed.case_id is not None and left.case_id is None and left.draft_id is None
    return filed, left


@pytest.mark.parametrize("batch", [500, 1], ids=["one page", "a page per row"])
def test_purge_removes_orphans_but_no_case_files_or_live_draft_files(app, client, resident,
                                                                     service, db_session,
                                                                     monkeypatch, batch):
    # With a page per row the held uploads fill whole pages: the purge must page on past them.
    monkeypatch.setattr("buergerbuero.cases.upload_cleanup.BATCH", batch)
    filed, left = orphans_of_a_filed_case(client, service, db_session, resident)
    url = support.start_draft(client, service)
    page = post_step(client, url, small_pdf(), name="", foto=foto()).get_data(as_text=True)
    post_step(client, url, None, foto=foto(PNG + b"\0"),
              **{"nachweis-vorhanden": support.input_value(page, "nachweis-vorhanden")})
    live = {u.token: u for u in uploads_of(db_session, resident) if u.draft_id is not None}
    answers = draft(db_session, url).answers
    referenced = [live.pop(answers[key]["upload_id"]) for key in ("nachweis", "foto")]
    [unsaved] = live.values()  # the first foto, replaced while its hidden input was not sent
    recent = Upload(**{c: getattr(unsaved, c) for c in ("user_id", "draft_id", "filename",
                       "media_type", "size", "sha256")}, token=f"recent-but-unsaved-{batch}",
                    storage_name=f"recent-but-unsaved-file-{batch:040d}")
    db_session.add(recent)
    db_session.commit()
    stored(app, recent).write_bytes(PNG)
    make_old(db_session, filed, left, unsaved, *referenced, hours=48)
    kept = {u.id: stored(app, u) for u in (filed, recent, *referenced)}
    gone = [stored(app, u) for u in (left, unsaved)]
    stray, fresh_stray = stored(app, Upload(storage_name="stray")), stored(
        app, Upload(storage_name="fresh-stray"))
    stray.write_bytes(b"x")
    fresh_stray.write_bytes(b"x")
    os.utime(stray, (time.time() - 90000, time.time() - 90000))
    result = app.test_cli_runner().invoke(args=["uploads", "purge"])
    assert result.exit_code == 0 and "verwaiste Uploads" in result.output
    assert {u.id for u in uploads_of(db_session, resident)} == set(kept)
    assert all(path.is_file() for path in kept.values())
    assert not any(path.exists() for path in gone)
    assert not stray.exists() and fresh_stray.exists()
    fresh_stray.unlink()


def test_the_relay_loop_purges_orphans(app, client, resident, service, db_session):
    from mailgateway.relay import run_relay

    filed, left = orphans_of_a_filed_case(client, service, db_session, resident)
    filed_id, filed_file, left_file = filed.id, stored(app, filed), stored(app, left)
    with app.app_context():
        app.extensions["buergerbuero.upload_cleanup"]["next_purge"] = 0.0
        run_relay(interval=0.01, stop_after=0.005)
    assert {u.id for u in uploads_of(db_session, resident)} == {filed_id}
    assert not left_file.exists() and filed_file.is_file()


def test_the_preview_checks_sample_files_but_stores_nothing(app, client, service, db_session):
    support.login_demo(client, "admin@example.org")
    url = f"/verwaltung/leistungen/{service}/1/vorschau/angaben"
    before_rows = db_session.scalar(select(func.count()).select_from(Upload))
    before_files = folder(app)
    response = post_step(client, url, small_pdf(), foto=foto())
    assert response.status_code == 200
    assert "Die Probeangaben wären gültig." in response.get_data(as_text=True)
    refused = post_step(client, url, PNG, filename="scan.pdf")
    assert refused.status_code == 400 and "keine PDF-Datei" in refused.get_data(as_text=True)
    support.fresh(db_session)
    assert db_session.scalar(select(func.count()).select_from(Upload)) == before_rows
    assert folder(app) == before_files

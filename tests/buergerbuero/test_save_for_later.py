"""„Speichern und später fortsetzen“ keeps everything typed, valid or not; the step stays open."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from sqlalchemy import select, update

from buergerbuero.models import Upload

from .. import support
from .filing import draft, fill_until, post_step, review_url, step_url

CHIP_MESSAGE = "Die Chipnummer besteht aus genau 15 Ziffern."
HALF_A_DOG = {"hunde-0-hundename": "Bello", "hunde-0-rasse": "", "hunde-0-chip": "2760981",
              "hunde-0-haltung_seit": "2024-02-31", "hunde-0-tierheim": "y"}


def text_of(response) -> str:
    """Return the body of a response as text."""
    return response.get_data(as_text=True)


def small_pdf() -> bytes:
    """Return a real one-page PDF, as a certificate to upload."""
    return support.small_pdf("Wesenstest bestanden")


def test_saving_an_incomplete_step_keeps_everything_typed_and_the_step_stays_open(
        client, resident, db_session):
    url = fill_until(client, "halter")
    response = post_step(client, url, HALF_A_DOG, action="speichern")
    assert response.status_code == 302 and response.headers["Location"] == "/antraege/"
    assert "noch nicht vollständig" in text_of(client.get("/antraege/"))
    saved = draft(db_session, url)
    assert saved.completed_steps == ["halter"]
    assert saved.unvalidated_input["hunde"]["hunde-0-chip"] == ["2760981"]
    assert "hunde" not in saved.answers
    overview = text_of(client.get("/antraege/"))
    assert f'href="{step_url(url, "hunde")}"' in overview  # "Fortsetzen" leads to the open step
    assert client.get(review_url(url)).headers["Location"] == step_url(url, "hunde")


def test_resuming_shows_exactly_what_was_typed_and_the_errors_only_on_continue(
        client, resident):
    url = fill_until(client, "halter")
    post_step(client, url, HALF_A_DOG, action="speichern")
    page = text_of(client.get(url))
    for name, value in HALF_A_DOG.items():
        if name != "hunde-0-rasse" and name != "hunde-0-tierheim":
            assert support.input_value(page, name) == value, name
    [checkbox] = re.findall(r'<input[^>]*name="hunde-0-tierheim"[^>]*>', page)
    assert " checked" in checkbox
    assert CHIP_MESSAGE not in page and "Bitte korrigieren Sie Ihre Angaben" not in page
    refused = post_step(client, url, HALF_A_DOG)
    assert refused.status_code == 400 and CHIP_MESSAGE in text_of(refused)


def test_a_step_saved_incomplete_counts_as_done_once_it_validates(client, resident, db_session):
    url = fill_until(client, "halter")
    post_step(client, url, HALF_A_DOG, action="speichern")
    assert draft(db_session, url).unvalidated_input["hunde"]
    response = post_step(client, url, support.HUNDESTEUER["hunde"])
    assert response.headers["Location"] == step_url(url, "zahlung")
    saved = draft(db_session, url)
    assert saved.completed_steps == ["halter", "hunde"] and saved.unvalidated_input is None
    assert saved.answers["hunde"][0]["chip"] == "276098106543210"


def test_saving_a_done_step_with_a_wrong_answer_opens_it_again_and_keeps_the_answer(
        client, resident, db_session):
    url = fill_until(client, "zahlung")
    halter = step_url(url, "halter")
    typed = {**support.HUNDESTEUER["halter"], "plz": "651", "ort": "Anderswo"}
    assert post_step(client, halter, typed, action="speichern").status_code == 302
    saved = draft(db_session, url)
    assert "halter" not in saved.completed_steps
    assert saved.answers["plz"] == "65183"  # the last valid answer stays until the step is done
    assert client.get(review_url(url)).headers["Location"] == halter
    page = text_of(client.get(halter))
    assert support.input_value(page, "plz") == "651"
    assert support.input_value(page, "ort") == "Anderswo"


def test_a_file_uploaded_on_a_step_saved_incomplete_stays_with_the_draft(
        client, resident, db_session):
    url = fill_until(client, "halter")
    dangerous = {**HALF_A_DOG, "hunde-0-gefaehrlich": "y",
                 "hunde-0-wesenstest": (io.BytesIO(small_pdf()), "wesenstest.pdf")}
    response = support.post_form(client, url, {**dangerous, "aktion": "speichern"},
                                 content_type="multipart/form-data")
    assert response.status_code == 302
    token = draft(db_session, url).unvalidated_input["hunde"]["hunde-0-wesenstest-vorhanden"][0]
    page = text_of(client.get(url))
    assert "Hochgeladen: <strong>wesenstest.pdf</strong>" in page
    assert support.input_value(page, "hunde-0-wesenstest-vorhanden") == token
    done = post_step(client, url, {**support.HUNDESTEUER["hunde"], "hunde-0-gefaehrlich": "y",
                                   "hunde-0-wesenstest-vorhanden": token})
    assert done.status_code == 302, text_of(done)
    assert draft(db_session, url).answers["hunde"][0]["wesenstest"]["upload_id"] == token


def test_saving_again_incomplete_keeps_the_file_uploaded_before(client, resident, db_session):
    url = fill_until(client, "halter")
    dangerous = {**HALF_A_DOG, "hunde-0-gefaehrlich": "y",
                 "hunde-0-wesenstest": (io.BytesIO(small_pdf()), "wesenstest.pdf")}
    support.post_form(client, url, {**dangerous, "aktion": "speichern"},
                      content_type="multipart/form-data")
    token = support.input_value(text_of(client.get(url)), "hunde-0-wesenstest-vorhanden")
    again = {**HALF_A_DOG, "hunde-0-gefaehrlich": "y", "hunde-0-hundename": "Rex",
             "hunde-0-wesenstest-vorhanden": token}
    assert post_step(client, url, again, action="speichern").status_code == 302
    typed = draft(db_session, url).unvalidated_input["hunde"]
    assert typed["hunde-0-wesenstest-vorhanden"] == [token]
    assert typed["hunde-0-hundename"] == ["Rex"]


def test_typed_input_keeps_only_the_steps_own_fields(client, resident, db_session):
    url = fill_until(client, "halter")
    post_step(client, url, {**HALF_A_DOG, "geheim": "x", "hunde-7-chip": "1"}, action="speichern")
    typed = draft(db_session, url).unvalidated_input["hunde"]
    assert "geheim" not in typed and "csrf_token" not in typed and "aktion" not in typed


def test_the_purge_keeps_a_file_held_only_by_input_saved_incomplete(
        app, client, resident, db_session):
    url = fill_until(client, "halter")
    dangerous = {**HALF_A_DOG, "hunde-0-gefaehrlich": "y",
                 "hunde-0-wesenstest": (io.BytesIO(small_pdf()), "wesenstest.pdf")}
    support.post_form(client, url, {**dangerous, "aktion": "speichern"},
                      content_type="multipart/form-data")
    token = draft(db_session, url).unvalidated_input["hunde"]["hunde-0-wesenstest-vorhanden"][0]
    db_session.execute(update(Upload).where(Upload.token == token).values(
        created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=48)))
    db_session.commit()
    assert app.test_cli_runner().invoke(args=["uploads", "purge"]).exit_code == 0
    support.fresh(db_session)
    upload = db_session.scalar(select(Upload).where(Upload.token == token))
    assert upload is not None
    assert (Path(app.config["UPLOADS_DIR"]) / upload.storage_name).is_file()

"""Filing step by step: refused answers, drafts that resume, step order, dogs added and removed."""

from __future__ import annotations

import re

import pytest

from .. import support
from .filing import dog, draft, fill_until, post_step, review_url, step_url

HALTER = support.HUNDESTEUER["halter"]


def text_of(response) -> str:
    """Return the body of a response as text."""
    return response.get_data(as_text=True)


def test_an_invalid_answer_is_refused_in_german_and_the_typed_answers_stay(
        client, resident, db_session):
    url = support.start_draft(client)
    response = post_step(client, url, {**HALTER, "plz": "651"})
    assert response.status_code == 400
    page = text_of(response)
    assert "Eine Postleitzahl hat fünf Ziffern, z. B. 65183." in page
    for name in ("vorname", "nachname", "strasse", "ort", "email", "plz"):
        assert support.input_value(page, name) == {**HALTER, "plz": "651"}[name], name
    assert support.input_value(page, "geburtsdatum") == "1980-05-17"
    saved = draft(db_session, url)
    assert saved.answers == {} and saved.completed_steps == []


def test_a_refused_step_does_not_touch_what_was_saved_before(client, resident, db_session):
    url = fill_until(client, "halter")
    post_step(client, step_url(url, "halter"), {**HALTER, "nachname": "", "ort": "Anderswo"})
    saved = draft(db_session, url)
    assert saved.answers["nachname"] == "Musterfrau" and saved.answers["ort"] == "Musterstadt"


def test_each_step_is_saved_to_the_draft_on_continue(client, resident, db_session):
    url = fill_until(client, "halter")
    assert url == step_url(url, "hunde")
    saved = draft(db_session, url)
    assert saved.completed_steps == ["halter"]
    assert saved.answers == {**HALTER, "geburtsdatum": "1980-05-17"}


def test_a_draft_resumes_after_logout_and_login_at_the_first_open_step(client, resident):
    url = fill_until(client, "halter")
    response = post_step(client, url, support.HUNDESTEUER["hunde"], action="speichern")
    assert response.headers["Location"] == "/antraege/"
    assert "Ihr Entwurf ist gespeichert." in text_of(client.get("/antraege/"))

    support.logout(client)
    assert support.login(client, resident, support.PASSWORD).status_code == 302
    overview = text_of(client.get("/antraege/"))
    resume = re.search(r'href="([^"]+)"[^>]*><span class="kern-label">Fortsetzen<', overview)
    assert resume and resume.group(1) == step_url(url, "zahlung")
    assert client.get(resume.group(1)).status_code == 200
    halter = text_of(client.get(step_url(url, "halter")))
    assert support.input_value(halter, "nachname") == "Musterfrau"
    hunde = text_of(client.get(step_url(url, "hunde")))
    assert support.input_value(hunde, "hunde-0-hundename") == "Bello"


def test_a_later_step_opened_by_url_leads_back_to_the_first_open_step(
        client, resident, db_session):
    url = support.start_draft(client)
    response = client.get(step_url(url, "zahlung"))
    assert response.status_code == 302
    assert response.headers["Location"] == step_url(url, "halter")
    response = support.post_form(client, step_url(url, "zahlung"), {
        **support.HUNDESTEUER["zahlung"], "aktion": "weiter"}, page=url)
    assert response.headers["Location"] == step_url(url, "halter")
    assert "iban" not in draft(db_session, url).answers


def test_a_step_the_definition_does_not_have_is_not_found(client, resident):
    url = support.start_draft(client)
    assert client.get(step_url(url, "geheim")).status_code == 404


def test_the_review_cannot_be_reached_before_every_step_is_done(client, resident, db_session):
    url = fill_until(client, "hunde")
    response = client.get(review_url(url))
    assert response.status_code == 302
    assert response.headers["Location"] == step_url(url, "zahlung")
    response = support.post_form(client, review_url(url), {"aktion": "einreichen"},
                                 page=step_url(url, "zahlung"))
    assert response.headers["Location"] == step_url(url, "zahlung")
    assert draft(db_session, url) is not None  # nothing was filed


def test_adding_a_dog_keeps_the_typed_dogs_and_shows_an_empty_entry(
        client, resident, db_session):
    url = fill_until(client, "halter")
    response = post_step(client, url, dog(0, "Bello"), action="hinzufuegen:hunde")
    assert response.status_code == 200
    page = text_of(response)
    assert support.input_value(page, "hunde-0-hundename") == "Bello"
    assert support.input_value(page, "hunde-1-hundename") == ""
    assert support.input_value(page, "hunde-2-hundename") is None
    assert "hunde" not in draft(db_session, url).answers  # adding is not saving


def test_removing_a_dog_keeps_the_others_and_saves_only_them(client, resident, db_session):
    url = fill_until(client, "halter")
    two = dog(0, "Bello") | dog(1, "Rex")
    page = text_of(post_step(client, url, two, action="entfernen:hunde:0"))
    assert "Bello" not in page
    assert support.input_value(page, "hunde-1-hundename") == "Rex"
    response = post_step(client, url, dog(1, "Rex"))
    assert response.status_code == 302
    stored = draft(db_session, url).answers["hunde"]
    assert [d["hundename"] for d in stored] == ["Rex"]


def test_the_last_dog_cannot_be_removed(client, resident):
    url = fill_until(client, "halter")
    assert post_step(client, url, dog(0, "Bello"), action="entfernen:hunde:0").status_code == 400


@pytest.mark.parametrize("index", ["\u00b2", "\u0663", "-1", "x"])
def test_a_removal_that_names_no_number_is_refused_with_a_400(client, resident, index):
    url = fill_until(client, "halter")
    two = dog(0, "Bello") | dog(1, "Rex")
    assert post_step(client, url, two, action=f"entfernen:hunde:{index}").status_code == 400


def test_a_removal_beyond_the_entries_removes_nothing(client, resident):
    url = fill_until(client, "halter")
    two = dog(0, "Bello") | dog(1, "Rex")
    page = text_of(post_step(client, url, two, action="entfernen:hunde:99999999999999999999"))
    assert "Bello" in page and "Rex" in page


def dogs(count: int) -> dict[str, str]:
    """Return the form data of `count` dogs named Hund 0, Hund 1, ..."""
    return {k: v for n in range(count) for k, v in dog(n, f"Hund {n}").items()}


def test_the_fifth_dog_is_the_last_one_that_can_be_added(client, resident):
    url = fill_until(client, "halter")
    page = text_of(post_step(client, url, dogs(4), action="hinzufuegen:hunde"))
    assert support.input_value(page, "hunde-4-hundename") == ""
    assert "Weiteren Hund hinzufügen" not in page
    assert post_step(client, url, dogs(5), action="hinzufuegen:hunde").status_code == 400


def test_a_sixth_dog_smuggled_into_the_form_is_not_stored(client, resident, db_session):
    url = fill_until(client, "halter")
    post_step(client, url, dogs(6))
    stored = draft(db_session, url).answers["hunde"]
    assert [d["hundename"] for d in stored] == [f"Hund {n}" for n in range(5)]


def test_an_unknown_button_value_is_a_bad_request(client, resident):
    url = fill_until(client, "halter")
    assert post_step(client, url, dog(0, "Bello"), action="hinzufuegen:katzen").status_code == 400


def test_fields_the_definition_does_not_declare_are_not_stored(client, resident, db_session):
    url = support.start_draft(client)
    extra = {"admin": "1", "role": "admin", "hunde-0-hundename": "Eingeschmuggelt"}
    assert post_step(client, url, {**HALTER, **extra}).status_code == 302
    answers = draft(db_session, url).answers
    assert set(answers) == set(HALTER)


def test_a_case_worker_cannot_file(client):
    support.login_demo(client, "steueramt@example.org")
    response = support.post_form(client, "/antraege/neu/hundesteuer-anmeldung", {},
                                 page="/leistungen/hundesteuer-anmeldung")
    assert response.status_code == 403


def test_an_error_in_the_second_dog_names_hund_2_in_the_summary_and_at_the_field(
        client, resident):
    url = fill_until(client, "halter")
    response = post_step(client, url, {**dog(0, "Bello"), **dog(1, "Rex"), "hunde-1-chip": "12"})
    assert response.status_code == 400
    page = text_of(response)
    message = "Hund 2: Chipnummer: Die Chipnummer besteht aus genau 15 Ziffern."
    assert f'<a class="kern-link" href="#hunde-1-chip">{message}</a>' in page
    at_field = re.search(r'<p class="kern-error" id="hunde-1-chip-error">(.*?)</p>', page, re.S)
    assert message in at_field.group(1)
    assert "hunde-0-chip-error" not in page

"""The pages that check a logged-in account's password (Konto löschen, Passwort ändern,
E-Mail ändern) are limited per account as login is: wrong passwords only, the same German 429
page, and the right password works again once the window has passed."""

from __future__ import annotations

import time

from .. import support
from .casework import text_of

DELETE = "/meine-daten/konto-loeschen"
WINDOW = 2  # seconds: a short window so the test can wait it out for real
WRONG = "Falsches-Passwort-1"
NEW_PASSWORD = "Ein-ganz-neues-Passwort-7"


def limited_login(limited, email):
    """Return a client of the limited app, logged in as `email`."""
    client = limited.test_client()
    assert support.login(client, email, support.PASSWORD).status_code == 302
    return client


def change_password(client, current):
    return support.post_form(client, "/konto/passwort-aendern", {
        "current_password": current, "password": NEW_PASSWORD,
        "password_repeat": NEW_PASSWORD}, page="/konto/")


def delete(client, password, confirm=True):
    data = {"password": password, "plan": support.input_value(
        client.get(DELETE).get_data(as_text=True), "plan")}
    if confirm:
        data["confirm"] = "y"
    return support.post_form(client, DELETE, data, page=DELETE)


def test_wrong_current_passwords_are_limited_per_account(app, client):
    email = support.register(client)
    with support.sibling_app(app, RATELIMIT_LOGIN=f"3 per {WINDOW} seconds",
                             RATELIMIT_STORAGE_URI="memory://") as limited:
        session = limited_login(limited, email)
        for _ in range(3):
            assert change_password(session, WRONG).status_code == 400
        refused = change_password(session, support.PASSWORD)
        assert refused.status_code == 429
        assert "Zu viele Versuche" in text_of(refused)
        time.sleep(WINDOW + 0.2)
        assert change_password(session, support.PASSWORD).status_code == 303


def test_wrong_passwords_at_account_deletion_are_limited_and_a_typo_elsewhere_is_free(
        app, client):
    email = support.register(client)
    with support.sibling_app(app, RATELIMIT_LOGIN=f"3 per {WINDOW} seconds",
                             RATELIMIT_STORAGE_URI="memory://") as limited:
        session = limited_login(limited, email)
        for _ in range(5):  # the box unticked, the password right: not a guess, not counted
            assert delete(session, support.PASSWORD, confirm=False).status_code == 400
        for _ in range(3):
            assert delete(session, WRONG).status_code == 400
        refused = delete(session, support.PASSWORD)
        assert refused.status_code == 429 and "Zu viele Versuche" in text_of(refused)
        time.sleep(WINDOW + 0.2)
        done = delete(session, support.PASSWORD)
        assert done.status_code == 200 and "gelöscht" in text_of(done)


def test_a_wrong_password_and_an_unticked_box_show_both_errors_at_the_top(client):
    support.register(client)
    response = delete(client, WRONG, confirm=False)
    assert response.status_code == 400
    page = text_of(response)
    assert "Das Passwort ist nicht richtig." in page
    assert "Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten." in page
    html = response.get_data(as_text=True)
    # the summary comes before the first section (the list of applications), under the title
    assert html.index("app-error-summary") < html.index("<section")

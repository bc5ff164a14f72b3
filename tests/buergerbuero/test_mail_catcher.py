"""`make run`'s mail catcher: a real SMTP server that keeps .eml files, and its dev page."""

from __future__ import annotations

import os
import re
import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from buergerbuero.core.extensions import db
from buergerbuero.core.launcher import catcher_environment, wait_for_port
from buergerbuero.notifications.catcher import start_catcher
from buergerbuero.notifications.mails import queue_mail
from common.i18n import _l

from .. import support
from .mailing import empty_mail_queue, free_port, run_mail_worker

ROOT = Path(__file__).resolve().parents[2]


def hostile_mail(to: str = "erika@example.org") -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.org", to, "Ihr Link"
    message.set_content("Passwort setzen: http://127.0.0.1:5000/konto/passwort/abc123\n<b>x</b>")
    message.add_alternative('<p>Hallo</p><script>alert("x")</script>', subtype="html")
    return message


def caught_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.eml"))


@pytest.fixture
def catcher(tmp_path):
    """A running catcher; yields its port and folder."""
    port, folder = free_port(), tmp_path / "mails"
    controller = start_catcher(folder, port)
    try:
        yield port, folder
    finally:
        controller.stop()


@pytest.fixture
def dev_app(app, catcher):
    """The app as `make run` configures it: MAIL_CATCHER_DIR set."""
    with support.sibling_app(app, MAIL_CATCHER_DIR=str(catcher[1])) as sibling:
        yield sibling


def test_the_catcher_stores_every_mail_as_an_eml_file(catcher):
    port, folder = catcher
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(hostile_mail())
        smtp.send_message(hostile_mail("zweite@example.org"))
    files = caught_files(folder)
    assert len(files) == 2 and b"zweite@example.org" in files[1].read_bytes()


def test_the_dev_page_lists_and_shows_mails_with_links_and_sandboxed_html(dev_app, catcher):
    port, folder = catcher
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(hostile_mail())
    client = dev_app.test_client()
    listing = client.get("/entwicklung/mails")
    assert listing.status_code == 200
    page = listing.get_data(as_text=True)
    assert "erika@example.org" in page and "Ihr Link" in page
    name = caught_files(folder)[0].name
    shown = client.get(f"/entwicklung/mails/{name}").get_data(as_text=True)
    link = "http://127.0.0.1:5000/konto/passwort/abc123"
    assert f'<a class="kern-link" href="{link}">{link}</a>' in shown
    assert "&lt;b&gt;x&lt;/b&gt;" in shown  # the text part is escaped
    assert '<iframe sandbox="" srcdoc="' in shown
    assert "<script>" not in shown and "&lt;script&gt;" in shown  # HTML only inside srcdoc


def test_unknown_or_crafted_mail_names_are_not_found(dev_app, catcher):
    client = dev_app.test_client()
    for name in ("20260101T000000000000-" + "0" * 32 + ".eml", "..%2Fconfig.py", "x.eml"):
        assert client.get(f"/entwicklung/mails/{name}").status_code == 404


def test_without_the_setting_the_dev_pages_are_not_found(client, catcher):
    port, folder = catcher
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(hostile_mail())
    assert client.get("/entwicklung/mails").status_code == 404
    name = caught_files(folder)[0].name
    assert client.get(f"/entwicklung/mails/{name}").status_code == 404


def test_a_platform_mail_goes_through_the_catcher_onto_the_page(dev_app, catcher, redis_conn):
    port, _folder = catcher
    dev_app.config["MAIL_SMTP_PORT"] = port
    empty_mail_queue(dev_app)
    with dev_app.test_request_context():
        queue_mail(db.session, kind="case_message", to="flow@example.org", locale="de",
                   subject=_l("Neue Nachricht zu Ihrem Antrag %(reference)s", reference="R-1"),
                   reference="R-1", case_url="http://127.0.0.1:5000/antraege/R-1")
        db.session.commit()
    run_mail_worker(dev_app)
    page = dev_app.test_client().get("/entwicklung/mails").get_data(as_text=True)
    assert "flow@example.org" in page and "Neue Nachricht zu Ihrem Antrag R-1" in page
    assert re.search(r"\d{1,2}\. \w+ \d{4}, \d\d:\d\d Uhr", page)  # sent, in local time


def test_the_launchers_catcher_command_catches_mails(app, tmp_path):
    port, folder = free_port(), tmp_path / "caught"
    env = {**os.environ, "BUERGERBUERO_INSTANCE": app.instance_path,
           "BUERGERBUERO_DATABASE_URL": app.config["DATABASE_URL"],
           **catcher_environment(tmp_path, port, 5000)}
    env["BUERGERBUERO_MAIL_CATCHER_DIR"] = str(folder)
    command = [sys.executable, "-m", "flask", "--app", "buergerbuero", "notifications",
               "catcher", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, 60)
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            smtp.send_message(hostile_mail())
        deadline = time.monotonic() + 10
        while not caught_files(folder) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(caught_files(folder)) == 1
    finally:
        process.terminate()
        process.wait(30)


def test_the_launcher_points_the_platform_at_the_catcher(tmp_path):
    env = catcher_environment(tmp_path, 2525, 5001)
    assert env == {"BUERGERBUERO_MAIL_SMTP_HOST": "127.0.0.1",
                   "BUERGERBUERO_MAIL_SMTP_PORT": "2525",
                   "BUERGERBUERO_MAIL_CATCHER_DIR": str(tmp_path / "mails"),
                   "BUERGERBUERO_PUBLIC_URL": "http://127.0.0.1:5001"}

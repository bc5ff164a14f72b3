"""The command line speaks the language of its environment: English for LANG=en_*, else German."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from buergerbuero.core import launcher, supervisor
from buergerbuero.core.commandline import cli_gettext, cli_language
from buergerbuero.core.extensions import db
from common.i18n import force_locale

UNSET = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None}
ENGLISH = {**UNSET, "LANG": "en_GB.UTF-8"}
GERMAN = {**UNSET, "LANG": "de_DE.UTF-8"}


@pytest.mark.parametrize(("environ", "language"), [
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "en_US"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "de"),
    ({"LANG": "C.UTF-8"}, "de"),
    ({"LANG": "fr_FR.UTF-8"}, "de"),  # a language the platform does not speak: German
    ({}, "de"),
    ({"LANG": "de_DE.UTF-8", "LC_ALL": "en_IE.UTF-8"}, "en"),  # LC_ALL beats LANG
    ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "de_AT"}, "de"),
    ({"LANGUAGE": "fr:en_GB:de", "LANG": "de_DE"}, "en"),  # LANGUAGE: first one we speak
    ({"LANG": "en@euro"}, "en"),
])
def test_the_cli_language_follows_the_environment(environ, language):
    assert cli_language(environ) == language


def run(app, args, environ):
    result = app.test_cli_runner().invoke(args=args, env=environ)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def test_gateway_status_prints_english_or_german_by_lang(app):
    english, german = run(app, ["gateway", "status"], ENGLISH), run(
        app, ["gateway", "status"], GERMAN)
    assert "States:" in english and "Zustand:" not in english
    assert "Zustand:" in german and "States:" not in german
    assert english != german


def test_the_relay_says_what_it_queued_in_both_languages(app):
    # How many rows are due depends on the tests before: the sentence is what is checked.
    assert re.search(r"\d+ messages? queued\.", run(app, ["gateway", "relay", "--once"], ENGLISH))
    assert re.search(r"\d+ Nachrichten? eingereiht\.",
                     run(app, ["gateway", "relay", "--once"], GERMAN))


def test_the_help_of_a_command_is_in_the_cli_language(app):
    english = run(app, ["gateway", "relay", "--help"], ENGLISH)
    german = run(app, ["gateway", "relay", "--help"], GERMAN)
    assert "Run only once." in english and "Seconds between runs." in english
    assert "Nur einen Durchlauf." in german
    assert "The central mailroom (gateway)." in run(app, ["gateway", "--help"], ENGLISH)


@pytest.mark.parametrize("group, german, english", [
    ("gateway", "Einen Gateway-Worker starten", "Run one gateway worker"),
    ("services", "Definitionen prüfen und ihre Regeltests", "Check definitions and run their"),
    ("uploads", "Verwaiste Uploads", "Remove orphaned uploads"),
    ("db", "Das Datenbankschema auf REVISION", "Migrate the database schema"),
])
def test_every_command_is_listed_with_help_in_the_cli_language(app, group, german, english):
    in_german, in_english = (run(app, [group, "--help"], env) for env in (GERMAN, ENGLISH))
    assert german in in_german and english not in in_german
    assert english in in_english and german not in in_english


def test_verify_refuses_an_unreadable_record_in_english(app, tmp_path):
    record, signature = tmp_path / "record.txt", tmp_path / "record.sig"
    record.write_bytes(b"\xff\xfe")
    signature.write_text("x")
    result = app.test_cli_runner().invoke(
        args=["gateway", "verify", str(record), "--signature", str(signature)], env=ENGLISH)
    assert result.exit_code == 1
    assert "INVALID" in result.output and "not UTF-8 text" in result.output


def test_the_launcher_greets_with_the_url_and_logins_in_english(monkeypatch, capsys):
    for name, value in ENGLISH.items():
        monkeypatch.delenv(name, raising=False) if value is None else monkeypatch.setenv(
            name, value)
    launcher.greet(5000, [("admin@example.org", "admin")])
    out = capsys.readouterr().out
    assert "Bürgerbüro is running: http://127.0.0.1:5000/leistungen" in out
    assert "Demo accounts:" in out and "admin@example.org" in out
    assert "Password: " in out and "Press Ctrl+C to stop." in out
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    launcher.greet(5000, [])
    out = capsys.readouterr().out
    assert "Bürgerbüro läuft: http://127.0.0.1:5000/leistungen" in out
    assert "Demo-Konten" not in out  # no demo accounts, no heading for them


def test_the_supervisor_describes_an_exit_in_the_cli_language(monkeypatch):
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert supervisor.describe_exit(3) == "ended with exit code 3"
    assert supervisor.describe_exit(-15) == "ended by signal SIGTERM"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert supervisor.describe_exit(3) == "mit Exit-Code 3 beendet"


def test_an_unknown_message_is_its_german_text(monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert cli_gettext("Gibt es nicht %(n)d", n=1) == "Gibt es nicht 1"


def test_the_demo_logins_name_roles_and_departments_in_the_cli_language(app):
    from buergerbuero.instance_setup import demo_users
    from buergerbuero.models import Department

    with app.app_context():
        departments = list(db.session.scalars(select(Department).order_by(Department.id)))
        with force_locale("en"):
            english = dict(demo_users(departments))
        german = dict(demo_users(departments))
    assert english["steueramt@example.org"] == "Caseworker (City Tax Office)"
    assert german["steueramt@example.org"] == "Sachbearbeitung (Steueramt)"
    assert german["buergerin@example.org"] == "Bürgerin oder Bürger"

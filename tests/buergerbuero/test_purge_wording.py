"""`flask privacy purge`'s report speaks proper German: singular and plural by count, each
service's title beside its slug."""

from __future__ import annotations

from collections import Counter

from buergerbuero.privacy.purge import PurgeReport
from buergerbuero.privacy.purge_commands import echo_report


def report_text(app, capsys, report: PurgeReport, would: bool) -> str:
    with app.test_request_context():
        echo_report(report, would=would)
    return capsys.readouterr().out


def test_one_file_one_draft_in_the_singular(app, capsys):
    one = PurgeReport(cases=Counter({"hundesteuer-anmeldung": 1}), drafts_warned=1,
                      drafts_deleted=1, files=1, failed=1, unoffered=1)
    shown = report_text(app, capsys, one, would=True)
    assert "Dateien: 1 würde entfernt." in shown
    assert "Entwürfe: 1 Erinnerung, 1 würde gelöscht." in shown
    assert "1 Vorgang muss dem Archiv angeboten werden" in shown
    assert "1 Vorgang konnte nicht gelöscht werden" in shown
    assert "hundesteuer-anmeldung: 1 (Anmeldung" in shown  # the title beside the slug


def test_several_in_the_plural(app, capsys):
    many = PurgeReport(drafts_warned=2, drafts_deleted=3, files=4)
    assert "Dateien: 4 würden entfernt." in report_text(app, capsys, many, would=True)
    done = report_text(app, capsys, many, would=False)
    assert "Entwürfe: 2 Erinnerungen, 3 gelöscht." in done and "Dateien: 4 entfernt." in done

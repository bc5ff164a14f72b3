"""A Bescheid not yet retrieved stays out of the resident's archive and evidence bundle: the
authenticated retrieval, receipted by the Abholbestätigung, is what announces it."""

from __future__ import annotations

from .. import support
from .announcing import file_and_deliver, issue
from .archive_world import members, pdf_text
from .casework import CASEWORKER

TENOR = "96,00"  # from the letter's decision (announcing.issue)


def test_the_resident_gets_the_bescheid_in_archive_and_bundle_only_after_retrieving_it(
        app, client, run_gateway):
    reference = file_and_deliver(client, run_gateway)
    issue(app, reference)
    run_gateway()  # the sealed Bescheid reaches the resident's box
    letter = f"dokumente/Bescheid-{reference}.pdf"

    before = members(client.get(f"/antraege/{reference}/nachweise").data)
    assert letter not in before and f"dokumente/Vorgangsakte-{reference}.pdf" in before
    archive = pdf_text(client.get(f"/antraege/{reference}/akte").data)
    assert "liegt zum Abruf bereit" in archive and TENOR not in archive

    staff = app.test_client()
    support.login_demo(staff, CASEWORKER)
    assert letter in members(staff.get(f"/postfach/{reference}/nachweise").data)

    assert client.get(f"/antraege/{reference}/bescheid").status_code == 200  # the retrieval
    after = members(client.get(f"/antraege/{reference}/nachweise").data)
    assert letter in after
    assert "Abgerufen" in pdf_text(client.get(f"/antraege/{reference}/akte").data)

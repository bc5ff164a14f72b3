"""The Sprechstunde's chat, in Chromium: a resident and a case worker in two browser contexts
on one case; messages (one with a file) travel through the gateway and appear on the other
page without reloading, with their delivery state; a refused message keeps its text; a context
without JavaScript still sends and sees by reloading. axe-core checks every page, also after
messages came in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .. import support
from .announcing import file_one_dog, open_case
from .chatting import LIVE, box, stays, without_scripts, write
from .people import arrive, assert_clean, field, flash


@pytest.mark.browser
def test_resident_and_case_worker_chat_live_and_without_javascript(walker, deliver):
    resident, worker = walker(), walker()
    reference = file_one_dog(resident, consent=False)  # ends on the case page
    deliver()
    open_case(worker, reference)
    loaded = len(resident.navigations), len(worker.navigations)

    write(resident, "Guten Tag, anbei der Nachweis.",
          [{"name": "nachweis.pdf", "mimeType": "application/pdf",
            "buffer": support.small_pdf("Nachweis")}])
    expect(box(resident)).to_contain_text("Guten Tag, anbei der Nachweis.", timeout=LIVE)
    expect(box(resident)).to_contain_text("nachweis.pdf")
    expect(field(box(resident), "Ihre Nachricht")).to_have_value("")
    expect(flash(resident.page, "Ihre Nachricht wurde gesendet.")).to_be_visible()
    deliver()  # into the department's Postfach
    expect(box(worker)).to_contain_text("Guten Tag, anbei der Nachweis.", timeout=LIVE)
    expect(box(worker)).to_contain_text("nachweis.pdf")
    expect(box(resident)).to_contain_text("Zustellung: geöffnet", timeout=LIVE)  # the worker saw it

    write(worker, "Danke, der Nachweis ist angekommen.")
    expect(box(worker)).to_contain_text("Danke, der Nachweis ist angekommen.", timeout=LIVE)
    deliver()  # into the resident's box
    expect(box(resident)).to_contain_text("Danke, der Nachweis ist angekommen.", timeout=LIVE)
    expect(box(worker)).to_contain_text("Zustellung: geöffnet", timeout=LIVE)

    write(resident, "Noch eine Datei.", [{"name": "bild.pdf", "mimeType": "application/pdf",
                                          "buffer": b"<html>kein PDF</html>"}])
    expect(box(resident).get_by_role("alert")).to_contain_text("ist keine erlaubte Datei")
    expect(field(box(resident), "Ihre Nachricht")).to_have_value("Noch eine Datei.")
    stays(resident, loaded[0])
    stays(worker, loaded[1])
    resident.audit()  # the page with what the polls added and the refusal
    worker.audit()

    plain = walker()  # a second case worker's tab, without scripts
    without_scripts(plain)
    open_case(plain, reference)
    write(plain, "Ohne JavaScript geschrieben.")
    arrive(plain, f"Vorgang {reference}")
    expect(flash(plain.page, "Die Nachricht wurde gesendet.")).to_be_visible()
    expect(box(plain)).to_contain_text("Ohne JavaScript geschrieben.")
    expect(box(resident)).to_contain_text("Ohne JavaScript geschrieben.", timeout=LIVE)
    box(resident).get_by_label("Dateien anhängen").set_input_files([])  # the refused file goes
    write(resident, "Gesehen, danke.")
    expect(box(resident).get_by_role("alert")).to_have_count(0)
    expect(box(resident)).to_contain_text("Gesehen, danke.", timeout=LIVE)
    plain.page.wait_for_timeout(6_000)  # longer than a poll: no script asks here
    expect(box(plain)).not_to_contain_text("Gesehen, danke.")
    box(plain).get_by_role("button", name="Neue Nachrichten laden").click()
    arrive(plain, f"Vorgang {reference}")
    expect(box(plain)).to_contain_text("Gesehen, danke.")
    resident.audit()
    assert_clean(resident, worker, plain)

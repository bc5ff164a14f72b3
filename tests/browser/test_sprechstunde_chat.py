"""The Digitale Sprechstunde from booking to conversation, in Chromium: a resident books a slot
of the Bürgerreferat's consultation hours; the booking travels through the gateway as a case;
the Bürgerreferat's case worker finds it among the week's appointments and opens it; both chat
live in the case's box in two browser contexts, a message with a file among them, each message
through the gateway with its receipts, appearing on the other page without reloading. axe-core
checks every page, also after the messages came in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .. import support
from .booking import book_first_free
from .chatting import LIVE, box, stays, write
from .people import arrive, assert_clean, log_in, register


def open_from_appointments(walk, reference: str) -> None:
    """Log the Bürgerreferat's case worker in and open the booked case from the week's list."""
    walk.page.goto("/leistungen")
    arrive(walk, "Leistungen")
    log_in(walk, "buergerreferat@example.org", "Demo-Passwort-2026", "Postfach")
    walk.page.goto("/sprechstunde/termine")
    arrive(walk, "Termine der Sprechstunde")
    week = walk.page.get_by_role("region", name="Die nächsten sieben Tage")
    week.get_by_role("link", name=reference).click()
    arrive(walk, f"Vorgang {reference}")


@pytest.mark.browser
def test_a_booked_slot_becomes_a_case_in_which_resident_and_case_worker_chat_live(
        walker, deliver):
    resident, worker = walker(), walker()
    register(resident, "Wunschkennzeichen reservieren", "Carla Chat")
    reference = book_first_free(resident)  # ends on the case page
    deliver()  # the booking's case into the Bürgerreferat's Postfach
    open_from_appointments(worker, reference)
    loaded = len(resident.navigations), len(worker.navigations)

    write(resident, "Guten Morgen, ich bin bereit für unseren Termin.",
          [{"name": "bauplan.pdf", "mimeType": "application/pdf",
            "buffer": support.small_pdf("Bauplan")}])
    expect(box(resident)).to_contain_text("ich bin bereit", timeout=LIVE)
    deliver()
    expect(box(worker)).to_contain_text("ich bin bereit für unseren Termin.", timeout=LIVE)
    expect(box(worker)).to_contain_text("bauplan.pdf")
    expect(box(resident)).to_contain_text("Zustellung: geöffnet", timeout=LIVE)

    write(worker, "Guten Morgen, Frau Chat. Ich sehe Ihren Bauplan.")
    deliver()
    expect(box(resident)).to_contain_text("Ich sehe Ihren Bauplan.", timeout=LIVE)
    write(resident, "Prima, dann meine Frage: Brauche ich eine Genehmigung?")
    deliver()
    expect(box(worker)).to_contain_text("Brauche ich eine Genehmigung?", timeout=LIVE)
    stays(resident, loaded[0])  # all of it without reloading either page
    stays(worker, loaded[1])
    resident.audit()
    worker.audit()
    assert_clean(resident, worker)

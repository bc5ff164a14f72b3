"""An administrator records the city archive's decision on an offered case in Chromium: the
form refuses a decision without confirmation, then records the release; the list shows it.
Every page is checked with axe-core."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from buergerbuero.core.extensions import db
from buergerbuero.models import ArchiveOffer
from common.db import utcnow

from .people import DEMO_PASSWORD, arrive, assert_clean, flash, log_in


def test_an_administrator_records_the_archives_release_of_an_offered_case(app, walk):
    reference = f"ARC-2005-{uuid.uuid4().int % 1000000:06d}"
    with app.app_context():
        db.session.add(ArchiveOffer(reference=reference, service_slug="sperrmuell",
                                    offered_at=utcnow(), bundle_path=f"/archiv/{reference}.zip",
                                    bundle_sha256="a" * 64))
        db.session.commit()
    page = walk.page
    page.goto("/leistungen")
    arrive(walk, "Leistungen")
    log_in(walk, "admin@example.org", DEMO_PASSWORD, "Verwaltung")
    page.get_by_role("link", name=re.compile(r"^Archiv:")).click()
    arrive(walk, "Anbietung an das Archiv")
    page.get_by_role("link", name=reference).click()
    arrive(walk, f"Anbietung {reference}")

    page.get_by_label("Freigabe zur Löschung").check()
    page.get_by_role("button", name="Entscheidung erfassen").click()
    arrive(walk, f"Anbietung {reference}")
    expect(page.get_by_role("alert")).to_contain_text("Bitte bestätigen Sie")
    expect(page.get_by_label("Freigabe zur Löschung")).to_be_checked()  # the choice is kept

    page.get_by_label(re.compile(r"^Die Entscheidung liegt vom Archiv vor")).check()
    page.get_by_role("button", name="Entscheidung erfassen").click()
    arrive(walk, "Anbietung an das Archiv")
    expect(flash(page, f"Die Entscheidung des Archivs zu {reference} ist erfasst")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text(
        "Freigabe zur Löschung")
    assert_clean(walk)

"""The service page and the form count the same pages: the steps that apply and the review."""

from __future__ import annotations

import re

import pytest

from buergerbuero.catalogue.steps import page_count, page_range

from .. import support
from ..forms.helpers import definition, load

SERVICES = ["hundesteuer-anmeldung", "bewohnerparkausweis", "gewerbeanmeldung",
            "wunschkennzeichen"]


@pytest.mark.parametrize("slug", SERVICES)
def test_the_service_page_announces_as_many_steps_as_the_form_counts(client, resident, slug):
    page = client.get(f"/leistungen/{slug}").get_data(as_text=True)
    announced = re.search(r">Schritte</dt>\s*<dd[^>]*>(\d+) \(zuletzt: Angaben prüfen\)", page)
    step = client.get(support.start_draft(client, slug)).get_data(as_text=True)
    counted = re.search(r"Schritt 1 von (\d+):", step)
    assert announced and counted and announced.group(1) == counted.group(1)
    support.logout(client)
    support.login_demo(client, "admin@example.org")
    listing = client.get("/verwaltung/leistungen").get_data(as_text=True)
    version = max(int(v) for v in re.findall(rf'/verwaltung/leistungen/{slug}/(\d+)"', listing))
    page = client.get(f"/verwaltung/leistungen/{slug}/{version}").get_data(as_text=True)
    link = re.search(r'href="(/verwaltung/leistungen/[^"]+/vorschau/[^"]+)"', page).group(1)
    shown = re.search(r"Schritt 1 von (\d+):", client.get(link).get_data(as_text=True))
    assert shown and shown.group(1) == counted.group(1)


def test_a_conditional_step_makes_the_announced_count_a_range():
    spec = load(definition("- {id: art, type: text, label: Art}\n").replace(
        "\nsteps:\n", "\nsteps:\n  - id: extra\n    title: Extra\n    visible_if: \"art == 'x'\"\n"
        "    fields:\n      - {id: mehr, type: text, label: Mehr}\n", 1))
    assert page_range(spec) == (2, 3)
    assert page_count(spec, {"art": "y"}) == 2 and page_count(spec, {"art": "x"}) == 3

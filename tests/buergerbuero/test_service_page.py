"""The service page says before anyone starts what the service costs, in the definition's words."""

from __future__ import annotations

import re
import uuid

import pytest

from buergerbuero.catalogue import definitions
from buergerbuero.core.extensions import db

from .filing import TWO_STEPS

FEE = """\
fee:
  label: Gebühr für die Abholung
  currency: EUR
  expression: "{expression}"
{description}steps:
"""


def shown_fee(client, slug: str) -> tuple[str, str]:
    """Return the fee's term and its value on the service page (value markup as shown)."""
    page = client.get(f"/leistungen/{slug}").get_data(as_text=True)
    match = re.search(r'<dt[^>]*>([^<]*)</dt>\s*<dd[^>]*>((?:(?!</dd>).)*)</dd>\s*</div>\s*</dl>',
                      page, re.S)
    assert match, page
    return match.group(1), match.group(2)


def published(app, expression: str | None, description: str = "") -> str:
    """Publish the two-step service with this fee (None: without one); return its slug."""
    slug = f"sperrmuell-gebuehr-{uuid.uuid4().hex[:8]}"
    source = TWO_STEPS.format(slug=slug)
    if expression is not None:
        words = f"  description: {description}\n" if description else ""
        source = source.replace("steps:\n", FEE.format(expression=expression, description=words),
                                1)
    with app.app_context():
        definitions.publish_source(db.session, source, f"{slug}.yaml")
        db.session.commit()
    return slug


def test_a_fixed_fee_is_shown_with_its_amount(client):
    assert shown_fee(client, "gewerbeanmeldung") == ("Gebühr für die Gewerbeanmeldung",
                                                     "26,00 €")


def test_a_fee_computed_from_the_answers_says_so(client):
    assert shown_fee(client, "hundesteuer-anmeldung") == (
        "Hundesteuer im ersten Jahr", "wird aus Ihren Angaben berechnet")


@pytest.mark.parametrize("expression, amount", [
    ("if(gegenstaende == '', 0, 25)", "wird aus Ihren Angaben berechnet"), ("12.5", "12,50 €")])
def test_the_definitions_words_on_the_fee_are_shown_with_it(app, client, expression, amount):
    slug = published(app, expression, "25 € je Abholung, bis 3 m³ Sperrmüll.")
    assert shown_fee(client, slug) == ("Gebühr für die Abholung",
                                       f"{amount}<br>25 € je Abholung, bis 3 m³ Sperrmüll.")


def test_a_service_without_fee_says_it_costs_nothing(app, client):
    assert shown_fee(client, published(app, None)) == ("Gebühr", "keine")

"""Helpers of the filing tests: drafts by URL, step answers, what the database holds."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from sqlalchemy import func, select

from buergerbuero.models import Case, Draft, ServiceDefinition, User

from .. import support


def draft_id(url: str) -> int:
    """Return the draft id of a step or review URL."""
    return int(re.search(r"/entwurf/(\d+)/", url).group(1))


def step_url(url: str, step_id: str) -> str:
    """Return the URL of another step of the same draft."""
    return f"/antraege/entwurf/{draft_id(url)}/schritt/{step_id}"


def review_url(url: str) -> str:
    """Return the review URL of the draft."""
    return f"/antraege/entwurf/{draft_id(url)}/pruefen"


def post_step(client: Any, url: str, answers: dict[str, str], action: str = "weiter") -> Any:
    """Post one step's answers with a button (weiter, speichern, hinzufuegen:…, entfernen:…)."""
    return support.post_form(client, url, {**answers, "aktion": action})


def fill_until(client: Any, last_step: str) -> str:
    """Start the dog-tax form and complete every step up to `last_step`; return the next URL."""
    url = support.start_draft(client)
    for step_id in ("halter", "hunde", "zahlung"):
        response = post_step(client, url, support.HUNDESTEUER[step_id])
        assert response.status_code == 302, response.get_data(as_text=True)
        url = response.headers["Location"]
        if step_id == last_step:
            break
    return url


def dog(n: int, name: str) -> dict[str, str]:
    """Return the form data of the n-th dog entry."""
    return {f"hunde-{n}-hundename": name, f"hunde-{n}-rasse": "dackel",
            f"hunde-{n}-chip": f"27609810654{n:04d}",
            f"hunde-{n}-haltung_seit": "2024-03-01"}


def draft(session, url: str) -> Draft | None:
    """Return the draft behind a URL as the database holds it now."""
    session.rollback()
    return session.get(Draft, draft_id(url))


def cases_of(session, email: str) -> list[Case]:
    """Return the cases of a resident as the database holds them now."""
    session.rollback()
    user = session.scalar(select(User).where(func.lower(User.email) == email.lower()))
    return list(session.scalars(select(Case).where(Case.user_id == user.id).order_by(Case.id)))


TWO_STEPS = """\
slug: {slug}
version: 1
title: Sperrmüll-Abholung beantragen
summary: Beantragen Sie einen Termin für die Abholung von Sperrmüll.
category: Umwelt und Abfall
department: ordnungsamt
processing_days: 10
retention_days: 365
reference_prefix: SPM
steps:
  - id: abholung
    title: Abholung
    fields:
      - {{id: name, type: text, label: Name, required: true}}
      - {{id: gegenstaende, type: textarea, label: Gegenstände, required: true}}
  - id: termin
    title: Termin
    fields:
      - {{id: wunschtermin, type: date, label: Wunschtermin, required: true, min: today}}
"""


def publish_two_step_service(admin: Any, slug: str) -> None:
    """Have the administrator logged in on `admin` store and publish a two-step service."""
    publish_source(admin, TWO_STEPS.format(slug=slug), slug)


def publish_source(admin: Any, source: str, slug: str) -> None:
    """Have the administrator logged in on `admin` store and publish version 1 of `source`."""
    stored = support.post_form(admin, "/verwaltung/leistungen/neu", {"source": source})
    assert stored.status_code == 302, stored.get_data(as_text=True)
    service_action(admin, slug, "publish")


def service_action(admin: Any, slug: str, action: str) -> Any:
    """Publish, unpublish (withdraw) or retire version 1 of a service as the administrator."""
    page = f"/verwaltung/leistungen/{slug}/1"
    response = support.post_form(admin, f"{page}/{action}", {}, page=page)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


GEWERBE_ANSWERS = {
    "inhaber": {"nachname": "Gründerin", "vorname": "Greta", "geschlecht": "w",
                "geburtsdatum": "1990-04-01", "geburtsort": "Kassel",
                "staatsangehoerigkeit": "deutsch", "wohnanschrift": "Lindenweg 4",
                "wohn_plz": "65183", "wohnort": "Musterstadt", "email": "greta@example.org"},
    "betrieb": {"rechtsform": "gmbh", "betriebsname": "Rad & Tat GmbH", "registerart": "hrb",
                "registergericht": "Amtsgericht Musterstadt", "registernummer": "12345",
                "betriebsstaette": "Marktplatz 1", "betrieb_plz": "65185",
                "betrieb_ort": "Musterstadt", "niederlassung": "haupt"},
    "taetigkeit": {"taetigkeit": "Einzelhandel mit Fahrrädern", "beginn": dt.date.today()
                   .isoformat(), "betriebsart": "handel", "vollzeit": "3", "teilzeit": "1",
                   "richtigkeit": "y"},
}


def file_gewerbe(client) -> str:
    """File the GewA 1 through its three steps; return the reference."""
    url = support.start_draft(client, "gewerbeanmeldung")
    for step_id, answers in GEWERBE_ANSWERS.items():
        assert url.endswith(f"/schritt/{step_id}"), url
        response = support.post_form(client, url, {**answers, "aktion": "weiter"})
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
        url = response.headers["Location"]
    done = support.post_form(client, url, {"aktion": "einreichen"})
    return done.headers["Location"].rsplit("/", 1)[-1]


def tighten_rules(session, slug: str) -> None:
    """Make the stored source one the loader refuses today, as a stricter release would."""
    row = session.scalar(select(ServiceDefinition).where(ServiceDefinition.slug == slug))
    row.source = TWO_STEPS.format(slug=slug).replace(
        "label: Name, required: true", "label: Name, required: true, autocomplete: street-address")
    row.sha256 = hashlib.sha256(row.source.encode()).hexdigest()
    session.commit()

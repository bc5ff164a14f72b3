"""What the privacy statement's and the record's tests share: the shipped definitions as
files, and a probe service an administrator publishes in versions (removed afterwards)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import delete

from buergerbuero.core.extensions import db
from buergerbuero.models import LegalPageVersion, ServiceDefinition
from forms.yamlsource import parse

from .. import support
from .admin_pages import as_admin, paste
from .casework import text_of

SERVICES = Path(__file__).resolve().parents[2] / "services"
NOT_SERVICES = {"departments.yaml", "routing.yaml"}
PROBE = "datenschutz-probe"
PROBE_SERVICE = """\
slug: datenschutz-probe
version: {version}
title: Probe für die Datenschutzerklärung
summary: Eine Leistung, an der die Datenschutzerklärung sich ändert.
category: Umwelt und Abfall
department: ordnungsamt
processing_days: 10
retention_days: {retention}
reference_prefix: DSP
{extra}
steps:
  - id: angaben
    title: Angaben
    fields:
      - {{id: name, type: text, label: Vollständiger Name, required: true}}
      - {{id: anliegen, type: textarea, label: Ihr Anliegen, required: true}}
"""


def shipped() -> list[dict]:
    """Return every shipped service definition, parsed."""
    return [parse(p.read_text("utf-8"), p.name)[0] for p in sorted(SERVICES.glob("*.yaml"))
            if p.name not in NOT_SERVICES]


def department_names(language: str) -> dict[str, str]:
    """Return the shipped departments' names in a language."""
    path = SERVICES / "departments.yaml"
    rows = parse(path.read_text("utf-8"), path.name)[0]["departments"]
    return {d["key"]: d["name"][language] for d in rows}


def probe_session(client) -> Iterator:
    """Yield the administrator's client; remove the probe service and any saved statement
    text afterwards (the app is shared by the whole session). The tests' `probe` fixture."""
    as_admin(client)
    yield client
    with client.application.app_context():
        db.session.execute(delete(ServiceDefinition).where(ServiceDefinition.slug == PROBE))
        db.session.execute(delete(LegalPageVersion))
        db.session.commit()


def publish_probe(client, version: int, retention: int, extra: str = "") -> None:
    """Paste and publish a version of the probe service as the administrator."""
    stored = paste(client, PROBE_SERVICE.format(version=version, retention=retention,
                                                extra=extra))
    assert stored.status_code == 302, text_of(stored)
    page = f"/verwaltung/leistungen/{PROBE}/{version}"
    published = support.post_form(client, f"{page}/publish", {}, page=page)
    assert published.status_code == 302, text_of(published)

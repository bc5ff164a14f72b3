"""What the administrators' tests share: a small service to publish and the way to paste it."""

from __future__ import annotations

from .. import support

SERVICE = """\
slug: sperrmuell-termin
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
      - {id: name, type: text, label: "<script>alert(1)</script> Name", required: true}
      - {id: plz, type: text, label: Postleitzahl, required: true, pattern: "^[0-9]{5}$",
         pattern_message: Bitte geben Sie eine fünfstellige Postleitzahl an.}
      - {id: wunschtermin, type: date, label: Wunschtermin, required: true, min: today}
"""


def paste(client, text: str):
    """Submit a definition through the 'new version' form."""
    return support.post_form(client, "/verwaltung/leistungen/neu", {"source": text})


def as_admin(client) -> None:
    """Log the demo administrator in."""
    support.login_demo(client, "admin@example.org")

"""The legal pages (Impressum, Datenschutz, Barrierefreiheit): the texts administrators save,
each save a version; the public page shows the newest, else the shipped default text.

The accessibility statement (BITV 2.0 § 7, EU 2016/2102) always ends with its feedback channel
and the enforcement procedure, from configuration: an administrator's text cannot drop them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from common.i18n import _, _l

from ..core import audit
from ..models import LegalPageVersion, User

PAGES = {"impressum": _l("Impressum"), "datenschutz": _l("Datenschutzerklärung"),
         "barrierefreiheit": _l("Erklärung zur Barrierefreiheit")}
"""The pages by their name in the address; the shipped text is
`catalogue/pages/_<name>_text.html`, in the reader's language."""
FEEDBACK_SERVICE = "barrierefreiheit-rueckmeldung"
"""The shipped service that is the statement's feedback form (a case of the Hauptamt)."""
DEFAULTS = {
    "LEGAL_PAGE_MAX_CHARS": 100_000,
    # The statement's feedback channel besides the form: the responsible department's contact.
    "LEGAL_ACCESSIBILITY_EMAIL": "barrierefreiheit@musterstadt.example",
    "LEGAL_ACCESSIBILITY_PHONE": "+49 611 31-0",
    # The enforcement procedure (Durchsetzungsverfahren) in the Markdown subset; empty: the
    # shipped text naming the federal Schlichtungsstelle (a Land with its own body sets it).
    "LEGAL_ENFORCEMENT_TEXT": "",
    # The shipped privacy statement's contacts (Art. 13 (1) a, b, (2) d GDPR); empty: a visible
    # placeholder, and Verwaltung → Rechtliche Seiten warns until they are set.
    "PRIVACY_CONTROLLER_CONTACT": "",  # the controller's address and e-mail, after MUNICIPALITY
    "PRIVACY_OFFICER_CONTACT": "",  # the data protection officer's e-mail (and address)
    "PRIVACY_SUPERVISORY_AUTHORITY": "",  # the Land's authority; empty: named in general
}
PRIVACY_KEYS = ("PRIVACY_CONTROLLER_CONTACT", "PRIVACY_OFFICER_CONTACT",
                "PRIVACY_SUPERVISORY_AUTHORITY")
"""The settings the shipped Datenschutzerklärung fills in."""


class LegalTextRefused(ValueError):
    """A text cannot be saved; the message is German and says how to fix it."""


def init_app(app: Flask) -> None:
    """Set the legal pages' defaults (the instance's config wins)."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)


def add_section(app: Flask, page: str, template: str, build: Callable[[], Any]) -> None:
    """Show `template` after a page's text, whatever text applies; it gets `section` =
    `build()`, run per request (the privacy area adds the statement built from the
    definitions this way: the catalogue does not import it)."""
    app.extensions.setdefault("buergerbuero.legal_sections", {}).setdefault(page, []).append(
        (template, build))


def sections(page: str) -> list[tuple[str, Any]]:
    """Return the added sections of a page as (template, its `section`), built now."""
    added = current_app.extensions.get("buergerbuero.legal_sections", {}).get(page, [])
    return [(template, build()) for template, build in added]


def unfilled(session: Session, page: str) -> list[str]:
    """Return the settings a page's shipped text still shows as a placeholder: none once an
    administrator saved an own text (which then applies), none for pages without any."""
    if page != "datenschutz" or newest(session, page) is not None:
        return []
    return [key for key in PRIVACY_KEYS if not current_app.config.get(key)]


def newest(session: Session, page: str) -> LegalPageVersion | None:
    """Return the newest saved version of a page, or None (the shipped text applies)."""
    return session.scalars(select(LegalPageVersion).where(LegalPageVersion.page == page)
                           .order_by(LegalPageVersion.created_at.desc(),
                                     LegalPageVersion.id.desc())).first()


def history(session: Session, page: str) -> list[LegalPageVersion]:
    """Return every saved version of a page, the newest first."""
    return list(session.scalars(select(LegalPageVersion).where(LegalPageVersion.page == page)
                                .order_by(LegalPageVersion.created_at.desc(),
                                          LegalPageVersion.id.desc())))


def current_limit() -> int:
    """Return how many characters a page's text may have (LEGAL_PAGE_MAX_CHARS)."""
    return int(current_app.config["LEGAL_PAGE_MAX_CHARS"])


def checked(body: str) -> str:
    """Return the text as it is saved (line ends unified); raise LegalTextRefused if it is
    empty or too long."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if not body.strip():
        raise LegalTextRefused(_("Bitte geben Sie einen Text ein; eine leere Seite wird nicht "
                                 "gespeichert."))
    limit = current_limit()
    if len(body) > limit:
        raise LegalTextRefused(_("Der Text ist %(length)s Zeichen lang; erlaubt sind höchstens "
                                 "%(limit)s. Bitte kürzen Sie ihn.", length=len(body),
                                 limit=limit))
    return body


def save(session: Session, page: str, body: str, author: User) -> LegalPageVersion:
    """Store a new version of a page with an audit event (the caller commits)."""
    version = LegalPageVersion(page=page, body=checked(body), author_id=author.id)
    session.add(version)
    session.flush()
    audit.record(session, "legal_page.saved", version, page=page, length=len(version.body))
    return version

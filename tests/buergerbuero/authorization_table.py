"""Who may do what: every route of the app (method and rule, converters left out) with the
outcome for every role. A new route must enter this table, or the matrix fails naming it.

The objects in the URLs belong to "resident" and were delivered to the department of
"caseworker"; tests/buergerbuero/authorization_world.py says what each URL parameter is.
"""

from __future__ import annotations

ROLES = ("anonymous", "resident", "other_resident", "caseworker", "other_caseworker", "admin",
         "editor")

ALLOWED = "allowed"  # passed the access check: 2xx, a redirect not to the login page, a 400 form
LOGIN = "login required"  # redirect to the login page (or 401 with JSON)
FORBIDDEN = "forbidden"  # 403: the role may not use this route at all
HIDDEN = "not found"  # 404 (or exactly the answer for a missing object): not theirs to know of


def row(anonymous: str, resident: str, other_resident: str, caseworker: str,
        other_caseworker: str, admin: str, editor: str | None = None) -> dict[str, str]:
    """Return one table row, one outcome per role, in the order of ROLES.

    The editor (news, announcements, meetings) is neither a resident nor a case worker nor an
    administrator: unless the row says otherwise, the editor may do what every staff role may
    do, and is refused where the staff roles differ.
    """
    if editor is None:
        editor = admin if admin == caseworker else FORBIDDEN
    return dict(zip(ROLES, (anonymous, resident, other_resident, caseworker, other_caseworker,
                            admin, editor), strict=True))


PUBLIC = row(ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED)
LOGGED_IN = row(LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED)
RESIDENTS = row(LOGIN, ALLOWED, ALLOWED, FORBIDDEN, FORBIDDEN, FORBIDDEN)
OWNER_ONLY = row(LOGIN, ALLOWED, HIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
CASEWORKERS = row(LOGIN, FORBIDDEN, FORBIDDEN, ALLOWED, ALLOWED, FORBIDDEN)
DEPARTMENT_ONLY = row(LOGIN, FORBIDDEN, FORBIDDEN, ALLOWED, HIDDEN, FORBIDDEN)
UPLOADER_OR_DEPARTMENT = row(LOGIN, ALLOWED, HIDDEN, ALLOWED, HIDDEN, FORBIDDEN)
ADMINS = row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED)
EDITORS = row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED, ALLOWED)
HOURS_EDITORS = row(LOGIN, FORBIDDEN, FORBIDDEN, ALLOWED, HIDDEN, ALLOWED, editor=FORBIDDEN)
"""A department's consultation hours: its case workers and administrators (Sprechstunde)."""
NOWHERE = row(HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)
"""Development pages: not there unless `make run` configured them (test_mail_catcher.py)."""

TABLE: dict[str, dict[str, str]] = {
    "GET /static/<filename>": PUBLIC,
    # catalogue, legal pages, verification
    "GET /": PUBLIC,
    "GET /leistungen": PUBLIC,
    "GET /leistungen/<slug>": PUBLIC,
    "GET /seiten/<name>": PUBLIC,
    "GET /pruefen": PUBLIC,
    "POST /pruefen": PUBLIC,
    # accounts
    "GET /konto/anmelden": PUBLIC,
    "POST /konto/anmelden": PUBLIC,
    "GET /konto/registrieren": PUBLIC,
    "POST /konto/registrieren": PUBLIC,
    "POST /konto/abmelden": LOGGED_IN,
    "POST /konto/sprache": PUBLIC,
    # one-time links: whoever holds the link (the matrix's is valid, its posts are refused forms)
    "GET /konto/passwort/<secret>": PUBLIC,
    "POST /konto/passwort/<secret>": PUBLIC,
    "GET /konto/passwort-vergessen": PUBLIC,
    "POST /konto/passwort-vergessen": PUBLIC,
    # a confirmation link of the owner's: whoever is logged in as another account is refused
    "GET /konto/bestaetigen/<secret>": row(ALLOWED, ALLOWED, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    "POST /konto/bestaetigen/erneut": LOGGED_IN,
    # the Konto page and its forms (posted empty: refused, nothing changes)
    "GET /konto/": LOGGED_IN,
    "POST /konto/email": LOGGED_IN,
    "POST /konto/passwort-aendern": LOGGED_IN,
    "POST /konto/benachrichtigungen": LOGGED_IN,
    # a change-of-address link of the owner's, to an address taken meanwhile: refused (409)
    "GET /konto/email-bestaetigen/<secret>": row(LOGIN, ALLOWED, HIDDEN, HIDDEN, HIDDEN,
                                                 HIDDEN),
    # Meine Anträge: the resident's own drafts and cases
    "GET /antraege/": RESIDENTS,
    "POST /antraege/neu/<slug>": RESIDENTS,
    "GET /antraege/entwurf/<draft_id>/schritt/<step_id>": OWNER_ONLY,
    "POST /antraege/entwurf/<draft_id>/schritt/<step_id>": OWNER_ONLY,
    "POST /antraege/entwurf/<draft_id>/schritt/<step_id>/sichtbarkeit": OWNER_ONLY,
    "GET /antraege/entwurf/<draft_id>/pruefen": OWNER_ONLY,
    "POST /antraege/entwurf/<draft_id>/pruefen": OWNER_ONLY,
    "POST /antraege/entwurf/<draft_id>/verwerfen": OWNER_ONLY,
    "GET /antraege/<reference>": OWNER_ONLY,
    "POST /antraege/<reference>/nachricht": OWNER_ONLY,
    "GET /antraege/<reference>/dokumente/<document_id>": OWNER_ONLY,
    "GET /antraege/dateien/<token>": UPLOADER_OR_DEPARTMENT,
    # files and Rückfragen (the conversation after filing): the resident answers a Rückfrage
    "POST /antraege/<reference>/rueckfrage/<query_id>/antwort": OWNER_ONLY,
    # Postfach: the department's delivered cases, copies and failed deliveries
    "GET /postfach/": CASEWORKERS,
    "GET /postfach/zahlen": CASEWORKERS,
    "POST /postfach/amt": CASEWORKERS,
    "GET /postfach/<reference>": DEPARTMENT_ONLY,
    "POST /postfach/<reference>/nachricht": DEPARTMENT_ONLY,
    # files and Rückfragen (the conversation after filing): the case worker asks
    "POST /postfach/<reference>/rueckfrage": DEPARTMENT_ONLY,
    "POST /postfach/<reference>/status": DEPARTMENT_ONLY,
    "POST /postfach/<reference>/weiterleiten": DEPARTMENT_ONLY,
    "POST /postfach/<reference>/uebernehmen": DEPARTMENT_ONLY,
    "POST /postfach/<reference>/zuweisen": DEPARTMENT_ONLY,
    "POST /postfach/<reference>/freigeben": DEPARTMENT_ONLY,
    "GET /postfach/mitteilungen/<message_id>": DEPARTMENT_ONLY,
    "POST /postfach/zustellungen/<outbox_id>/erneut": DEPARTMENT_ONLY,
    # the case archive (Vorgangsakte) and its evidence bundle: the owner's, the department's
    "GET /antraege/<reference>/akte": OWNER_ONLY,
    "GET /antraege/<reference>/nachweise": OWNER_ONLY,
    "GET /postfach/<reference>/akte": DEPARTMENT_ONLY,
    "GET /postfach/<reference>/nachweise": DEPARTMENT_ONLY,
    # Bescheid (workbench/decision_views.py): the matrix's case has no draft, so the empty posts
    # and the preview are refused (400/409) for the department and change nothing
    "POST /postfach/<reference>/bescheid": DEPARTMENT_ONLY,
    "GET /postfach/<reference>/bescheid/vorschau": DEPARTMENT_ONLY,
    "POST /postfach/<reference>/bescheid/erlassen": DEPARTMENT_ONLY,
    "POST /postfach/<reference>/bescheid/freigeben": DEPARTMENT_ONLY,
    # Bekanntgabe and Rücknahme (the Bescheid's downloads ask for a decided case of the owner's)
    "GET /antraege/<reference>/bescheid": OWNER_ONLY,
    "POST /antraege/<reference>/ruecknahme": OWNER_ONLY,
    "GET /postfach/<reference>/bescheid": DEPARTMENT_ONLY,
    "POST /postfach/<reference>/bescheid/post": DEPARTMENT_ONLY,
    # Verwaltung
    "GET /verwaltung/": ADMINS,
    "GET /verwaltung/zahlen": ADMINS,
    "GET /verwaltung/protokoll": ADMINS,
    "GET /verwaltung/protokoll/export": ADMINS,
    "GET /verwaltung/aemter": ADMINS,
    "GET /verwaltung/aemter/neu": ADMINS,
    "POST /verwaltung/aemter/neu": ADMINS,
    "GET /verwaltung/aemter/<key>": ADMINS,
    "POST /verwaltung/aemter/<key>": ADMINS,
    "GET /verwaltung/leistungen": ADMINS,
    "GET /verwaltung/leistungen/neu": ADMINS,
    "POST /verwaltung/leistungen/neu": ADMINS,
    "GET /verwaltung/leistungen/<slug>/<version>": ADMINS,
    "POST /verwaltung/leistungen/<slug>/<version>/<action>": ADMINS,
    "GET /verwaltung/leistungen/<slug>/<version>/export": ADMINS,
    "GET /verwaltung/leistungen/<slug>/<version>/vorschau/<step_id>": ADMINS,
    "POST /verwaltung/leistungen/<slug>/<version>/vorschau/<step_id>": ADMINS,
    "GET /verwaltung/konten": ADMINS,
    "GET /verwaltung/konten/neu": ADMINS,
    "POST /verwaltung/konten/neu": ADMINS,
    "GET /verwaltung/konten/<user_id>": ADMINS,
    "POST /verwaltung/konten/<user_id>": ADMINS,
    "POST /verwaltung/konten/<user_id>/sperren": ADMINS,
    "POST /verwaltung/konten/<user_id>/entsperren": ADMINS,
    "POST /verwaltung/konten/<user_id>/link": ADMINS,
    "GET /verwaltung/poststelle": ADMINS,
    "POST /verwaltung/poststelle/<outbox_id>/erneut": ADMINS,
    # catalogue part: the legal pages administrators maintain (posted empty: refused, kept)
    "GET /verwaltung/seiten": ADMINS,
    "GET /verwaltung/seiten/<name>": ADMINS,
    "POST /verwaltung/seiten/<name>": ADMINS,
    # privacy part: the record of processing activities (Art. 30 GDPR), page and CSV
    "GET /verwaltung/verarbeitungsverzeichnis": ADMINS,
    "GET /verwaltung/verarbeitungsverzeichnis.csv": ADMINS,
    # privacy: the offers to the city archive and its decision (posted empty: refused, kept)
    "GET /verwaltung/archiv": ADMINS,
    "GET /verwaltung/archiv/<offer_id>": ADMINS,
    "POST /verwaltung/archiv/<offer_id>": ADMINS,
    # livebox: the case pages' message boxes polled live (as the case pages: owner, department)
    "GET /antraege/<reference>/nachrichten": OWNER_ONLY,
    "GET /postfach/<reference>/nachrichten": DEPARTMENT_ONLY,
    # Redaktion: news, announcements and meetings (the editor role and administrators)
    "GET /redaktion/": EDITORS,
    # news and announcements: public lists, pages, feeds, files; the editors' pages
    "GET /aktuelles": PUBLIC,
    "GET /aktuelles/<post_id>-<post_slug>": PUBLIC,
    "GET /aktuelles/feed.atom": PUBLIC,
    "GET /aktuelles/feed.rss": PUBLIC,
    "GET /bekanntmachungen": PUBLIC,
    "GET /bekanntmachungen/<post_id>-<post_slug>": PUBLIC,
    "GET /bekanntmachungen/feed.atom": PUBLIC,
    "GET /bekanntmachungen/feed.rss": PUBLIC,
    "GET /beitraege/dateien/<file_token>": PUBLIC,
    "GET /redaktion/beitraege": EDITORS,
    "GET /redaktion/beitraege/neu": EDITORS,
    "POST /redaktion/beitraege/neu": EDITORS,
    "GET /redaktion/beitraege/<post_id>": EDITORS,
    "POST /redaktion/beitraege/<post_id>": EDITORS,
    "POST /redaktion/beitraege/<post_id>/veroeffentlichen": EDITORS,
    "POST /redaktion/beitraege/<post_id>/zurueckziehen": EDITORS,
    "POST /redaktion/beitraege/<post_id>/dateien": EDITORS,
    "POST /redaktion/beitraege/<post_id>/dateien/<file_token>/entfernen": EDITORS,
    # Sprechstunde (booking): public hours, the resident's appointment, the department's side
    "GET /sprechstunde/": PUBLIC,
    "GET /sprechstunde/<hours_slug>": PUBLIC,
    "POST /sprechstunde/<hours_slug>/buchen": RESIDENTS,
    "POST /sprechstunde/termin/<appointment_id>/absagen": OWNER_ONLY,
    "GET /sprechstunde/termin/<appointment_id>/verlegen": OWNER_ONLY,
    "POST /sprechstunde/termin/<appointment_id>/verlegen": OWNER_ONLY,
    "GET /sprechstunde/termine": CASEWORKERS,
    "POST /sprechstunde/termine/<appointment_id>/absagen": DEPARTMENT_ONLY,
    "GET /sprechstunde/verwaltung/": row(LOGIN, FORBIDDEN, FORBIDDEN, ALLOWED, ALLOWED, ALLOWED,
                                         editor=FORBIDDEN),
    "GET /sprechstunde/verwaltung/neu/<department_key>": HOURS_EDITORS,
    "POST /sprechstunde/verwaltung/neu/<department_key>": HOURS_EDITORS,
    "GET /sprechstunde/verwaltung/<hours_id>": HOURS_EDITORS,
    "POST /sprechstunde/verwaltung/<hours_id>": HOURS_EDITORS,
    # council (Gremien und Sitzungen): the editors' pages, public pages, iCalendar, OParl 1.1
    "GET /redaktion/gremien": EDITORS,
    "GET /redaktion/gremien/neu": EDITORS,
    "POST /redaktion/gremien/neu": EDITORS,
    "GET /redaktion/gremien/<committee_key>": EDITORS,
    "POST /redaktion/gremien/<committee_key>": EDITORS,
    "GET /redaktion/gremien/<committee_key>/sitzungen/neu": EDITORS,
    "POST /redaktion/gremien/<committee_key>/sitzungen/neu": EDITORS,
    "GET /redaktion/sitzungen/<meeting_id>": EDITORS,
    "POST /redaktion/sitzungen/<meeting_id>": EDITORS,
    "POST /redaktion/sitzungen/<meeting_id>/tagesordnung": EDITORS,
    "POST /redaktion/tagesordnung/<item_id>/loeschen": EDITORS,
    "POST /redaktion/sitzungen/<meeting_id>/dokumente": EDITORS,
    "GET /redaktion/dokumente/<file_id>": EDITORS,
    "POST /redaktion/dokumente/<file_id>/loeschen": EDITORS,
    "GET /redaktion/gremien/import": EDITORS,
    "POST /redaktion/gremien/import": EDITORS,
    "GET /gremien": PUBLIC,
    "GET /gremien/<committee_key>": PUBLIC,
    "GET /gremien/<committee_key>/kalender.ics": PUBLIC,
    "GET /sitzungen/<meeting_id>": PUBLIC,
    "GET /sitzungen/<meeting_id>/kalender.ics": PUBLIC,
    "GET /sitzungen/<meeting_id>/dokumente/<file_id>": PUBLIC,
    "GET /oparl/v1": PUBLIC,
    "GET /oparl/v1/bodies": PUBLIC,
    "GET /oparl/v1/body": PUBLIC,
    "GET /oparl/v1/body/organizations": PUBLIC,
    "GET /oparl/v1/body/meetings": PUBLIC,
    "GET /oparl/v1/body/people": PUBLIC,
    "GET /oparl/v1/body/papers": PUBLIC,
    "GET /oparl/v1/organization/<committee_key>": PUBLIC,
    "GET /oparl/v1/organization/<committee_key>/meetings": PUBLIC,
    "GET /oparl/v1/meeting/<meeting_id>": PUBLIC,
    "GET /oparl/v1/location/<meeting_id>": PUBLIC,
    "GET /oparl/v1/agendaitem/<item_id>": PUBLIC,
    "GET /oparl/v1/file/<file_id>": PUBLIC,
    # make run only: the caught mails (MAIL_CATCHER_DIR unset here)
    "GET /entwicklung/mails": NOWHERE,
    "GET /entwicklung/mails/<name>": NOWHERE,
    # Meine Daten: the logged-in resident's own data only (no ids in the URLs); staff accounts
    # hold no cases and are disabled by administrators, so the pages are the residents'. The
    # deletion posted empty is a refused form (400): nothing is deleted.
    "GET /meine-daten/": RESIDENTS,
    "GET /meine-daten/export.json": RESIDENTS,
    "GET /meine-daten/auskunft.pdf": RESIDENTS,
    "GET /meine-daten/konto-loeschen": RESIDENTS,
    "POST /meine-daten/konto-loeschen": RESIDENTS,
    # JSON
    "GET /api/ping": PUBLIC,
    "GET /api/health": PUBLIC,
    "GET /api/gateway": ADMINS,
}

"""Name, in the reader's language, what incremental updates changed in a PDF after a given revision.

pyHanko's difference analysis grades a change (ModificationLevel) but does not say what it was;
this module compares the revisions object by object so that a verifier can name the change.
"""

from collections.abc import Iterable

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from common.formatting import format_datetime
from common.i18n import _, _l, ngettext

INFO_KEYS = {
    "/Title": _l("Titel"), "/Author": _l("Autor"), "/Subject": _l("Betreff"),
    "/Keywords": _l("Stichwörter"), "/Creator": _l("Erstellt mit"), "/Producer": _l("Erzeugt mit"),
    "/CreationDate": _l("Erstellungsdatum"), "/ModDate": _l("Änderungsdatum"),
}
OBJECT_KINDS = {
    "/Page": _l("Seite geändert"),
    "/Annot": _l("Anmerkung oder Formularfeld hinzugefügt oder geändert"),
    "/Sig": _l("Signatur hinzugefügt"),
    "/Metadata": _l("XMP-Metadaten geändert"),
    "/Catalog": _l("Dokumentstruktur geändert"),
    "/XObject": _l("Bild oder Grafik hinzugefügt oder geändert"),
    "/Font": _l("Schrift hinzugefügt oder geändert"),
}
MAX_SHOWN = 80


def describe_revisions(reader: PdfFileReader, revisions: Iterable[int]) -> tuple[str, ...]:
    """Return phrases for everything the given revisions changed, in order, once each."""
    phrases: list[str] = []
    for revision in revisions:
        phrases += _info_changes(reader, revision)
        phrases += _object_changes(reader, revision)
    return tuple(dict.fromkeys(phrases))


def _info_changes(reader: PdfFileReader, revision: int) -> list[str]:
    before = _info(reader, revision - 1)
    after = _info(reader, revision)
    return [
        _("%(field)s geändert (vorher „%(before)s“, jetzt „%(after)s“)", field=label,
          before=_shown(before.get(key)), after=_shown(after.get(key)))
        for key, label in INFO_KEYS.items()
        if before.get(key) != after.get(key)
    ]


def _info(reader: PdfFileReader, revision: int) -> dict:
    # Resolve through the historical view: a plain lookup would read the newest revision.
    resolver = reader.get_historical_resolver(revision)
    info = resolver.trailer_view.raw_get("/Info") if "/Info" in resolver.trailer_view else None
    if isinstance(info, generic.IndirectObject):
        info = resolver.get_object(info.reference)
    return dict(info) if isinstance(info, generic.DictionaryObject) else {}


def _object_changes(reader: PdfFileReader, revision: int) -> list[str]:
    resolver = reader.get_historical_resolver(revision)
    info_ref = resolver.trailer_view.raw_get("/Info") if "/Info" in resolver.trailer_view else None
    phrases, others = [], 0
    for ref in resolver.explicit_refs_in_revision():
        if info_ref is not None and ref == info_ref.reference:
            continue  # described key by key in _info_changes
        phrase = OBJECT_KINDS.get(_kind(resolver.get_object(ref)))
        if phrase is None:
            others += 1
        else:
            phrases.append(str(phrase))
    if others:
        phrases.append(ngettext("%(num)d weiteres PDF-Objekt (z. B. Seiteninhalt) hinzugefügt "
                                "oder geändert",
                                "%(num)d weitere PDF-Objekte (z. B. Seiteninhalt) hinzugefügt "
                                "oder geändert", others))
    return phrases


def _kind(obj: generic.PdfObject) -> str | None:
    if not isinstance(obj, generic.DictionaryObject):
        return None
    kind = obj.get("/Type")
    if kind is None and obj.get("/Subtype") == "/Widget":
        return "/Annot"
    return str(kind) if kind is not None else None


def _shown(value: generic.PdfObject | None) -> str:
    text = "" if value is None else str(value)
    if text.startswith("D:"):
        try:
            return format_datetime(generic.parse_pdf_date(text))
        except (ValueError, TypeError):
            pass  # not a date after all: show it as it is
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"

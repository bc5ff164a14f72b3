"""Name, in German, what incremental updates changed in a PDF after a given revision.

pyHanko's difference analysis grades a change (ModificationLevel) but does not say what it was;
this module compares the revisions object by object so that a verifier can name the change.
"""

from collections.abc import Iterable

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from common.formatting import format_datetime

INFO_KEYS = {
    "/Title": "Titel", "/Author": "Autor", "/Subject": "Betreff", "/Keywords": "Stichwörter",
    "/Creator": "Erstellt mit", "/Producer": "Erzeugt mit", "/CreationDate": "Erstellungsdatum",
    "/ModDate": "Änderungsdatum",
}
OBJECT_KINDS = {
    "/Page": "Seite geändert",
    "/Annot": "Anmerkung oder Formularfeld hinzugefügt oder geändert",
    "/Sig": "Signatur hinzugefügt",
    "/Metadata": "XMP-Metadaten geändert",
    "/Catalog": "Dokumentstruktur geändert",
    "/XObject": "Bild oder Grafik hinzugefügt oder geändert",
    "/Font": "Schrift hinzugefügt oder geändert",
}
MAX_SHOWN = 80


def describe_revisions(reader: PdfFileReader, revisions: Iterable[int]) -> tuple[str, ...]:
    """Return German phrases for everything the given revisions changed, in order, once each."""
    phrases: list[str] = []
    for revision in revisions:
        phrases += _info_changes(reader, revision)
        phrases += _object_changes(reader, revision)
    return tuple(dict.fromkeys(phrases))


def _info_changes(reader: PdfFileReader, revision: int) -> list[str]:
    before = _info(reader, revision - 1)
    after = _info(reader, revision)
    return [
        f"{label} geändert (vorher „{_shown(before.get(key))}“, jetzt „{_shown(after.get(key))}“)"
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
            phrases.append(phrase)
    if others:
        phrases.append(f"{others} weitere PDF-Objekte (z. B. Seiteninhalt) hinzugefügt oder "
                       "geändert")
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

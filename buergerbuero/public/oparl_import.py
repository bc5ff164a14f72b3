"""Import committees and meetings from an OParl 1.1 source file, all or nothing.

The file is an OParl object list (`{"data": [...]}`) holding Organization and Meeting objects
(agenda items embedded in their meeting), as `flask oparl export` writes it. A malformed file
is refused with the place of the fault (line and column for bad JSON, the JSON path for a
missing or wrong property) before anything is written. Objects are matched on their OParl id:
importing the same file twice updates, it never duplicates.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from common.i18n import _, _l

from ..core import audit
from ..models import AgendaItem, Committee, CouncilDocument, Meeting
from .oparl import kind

logger = logging.getLogger(__name__)
YEARS = (1900, 2999)
"""The years a meeting's time may lie in (far from datetime's limits, which overflow)."""
STRING = {"type": "string", "minLength": 1}
FILE_SCHEMA = {
    "type": "object", "required": ["data"],
    "properties": {"data": {"type": "array", "items": {"$ref": "#/$defs/object"}}},
    "$defs": {
        "object": {"type": "object", "required": ["id", "type"],
                   "properties": {"id": STRING, "type": {"enum": [kind("Organization"),
                                                                  kind("Meeting")]}},
                   "allOf": [{"if": {"properties": {"type": {"const": kind("Organization")}}},
                              "then": {"$ref": "#/$defs/organization"}},
                             {"if": {"properties": {"type": {"const": kind("Meeting")}}},
                              "then": {"$ref": "#/$defs/meeting"}}]},
        "organization": {"required": ["name"], "properties": {
            "name": STRING, "shortName": {"type": "string"},
            "classification": {"type": "string"}}},
        "meeting": {"required": ["start", "organization"], "properties": {
            "name": {"type": "string"}, "start": STRING, "end": STRING,
            "cancelled": {"type": "boolean"},
            "location": {"type": "object", "properties": {"description": {"type": "string"}}},
            "organization": {"type": "array", "minItems": 1, "items": STRING},
            "agendaItem": {"type": "array", "items": {"$ref": "#/$defs/agendaItem"}}}},
        "agendaItem": {"type": "object", "required": ["id", "order"], "properties": {
            "id": STRING, "order": {"type": "integer"}, "number": {"type": "string"},
            "name": {"type": "string"}, "public": {"type": "boolean"}}},
    },
}
TYPE_NAMES = {"object": _l("ein Objekt"), "array": _l("eine Liste"), "string": _l("ein Text"),
              "integer": _l("eine ganze Zahl"), "boolean": _l("true oder false")}

UMLAUTS = str.maketrans({  # untranslated: letters, no words
    "\u00e4": "ae", "\u00f6": "oe", "\u00fc": "ue", "\u00df": "ss"})  # untranslated: letters
"""German letters spelt out in a URL key (ä → ae), as people write them without umlauts."""


class ImportProblem(Exception):
    """A refused file; `message` says what is wrong and where, in the reader's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    """What an import did."""

    committees: int = 0
    meetings_created: int = 0
    meetings_updated: int = 0
    seen: set[str] = field(default_factory=set, repr=False)
    """The OParl ids met so far: one id names one object of the file."""

    def first_time(self, oparl_id: str, path: str) -> None:
        """Refuse an id the file already used for another object."""
        if oparl_id in self.seen:
            raise ImportProblem(_("An der Stelle %(path)s.id steht die Kennung „%(id)s“ ein "
                                  "zweites Mal.", path=path, id=oparl_id))
        self.seen.add(oparl_id)


def parse(text: str) -> dict[str, Any]:
    """Return the checked document, or raise ImportProblem naming the place of the fault."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportProblem(_("Die Datei ist kein gültiges JSON: Fehler in Zeile %(line)s, "
                              "Spalte %(column)s.", line=exc.lineno, column=exc.colno)) from exc
    except RecursionError as exc:  # thousands of nested brackets: no OParl file is so deep
        raise ImportProblem(_("Die Datei ist zu tief verschachtelt, um eine OParl-Datei zu "
                              "sein.")) from exc
    errors = sorted(Draft202012Validator(FILE_SCHEMA).iter_errors(document),
                    key=lambda e: (list(e.absolute_path), len(e.context or ())))
    if errors:
        raise ImportProblem(schema_message(deepest(errors[0])))
    return document


def deepest(error: ValidationError) -> ValidationError:
    """Return the innermost error of an if/then or allOf failure (the one that names a field)."""
    while error.context:
        error = sorted(error.context, key=lambda e: -len(e.absolute_path))[0]
    return error


def schema_message(error: ValidationError) -> str:
    """Return a German message for a schema error, with its JSON path."""
    path = error.json_path
    if error.validator == "required":
        name = error.message.split("'")[1]
        return _("An der Stelle %(path)s fehlt die Angabe „%(name)s“.", path=path, name=name)
    if error.validator == "type":
        return _("An der Stelle %(path)s wird %(expected)s erwartet.", path=path,
                 expected=str(TYPE_NAMES.get(str(error.validator_value),
                                               error.validator_value)))
    if error.validator in ("enum", "const"):
        return _("An der Stelle %(path)s steht ein unbekannter Objekttyp; erwartet wird "
                 "Organization oder Meeting (OParl 1.1).", path=path)
    return _("An der Stelle %(path)s ist der Wert ungültig.", path=path)


def moment(value: str, path: str) -> dt.datetime:
    """Return an aware UTC time from an OParl date-time, or raise ImportProblem at `path`."""
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise ImportProblem(_("An der Stelle %(path)s ist „%(value)s“ kein Zeitpunkt mit "
                              "Zeitzone (wie 2026-12-03T17:00:00+01:00).", path=path,
                              value=value))
    # Years far off overflow when moved to UTC or later to local time (year 1 or 9999): a
    # council meets within YEARS, anything else is a typing error of the source.
    if not YEARS[0] <= parsed.year <= YEARS[1]:
        raise ImportProblem(_("An der Stelle %(path)s liegt „%(value)s“ nicht in den Jahren "
                              "%(first)s bis %(last)s.", path=path, value=value,
                              first=YEARS[0], last=YEARS[1]))
    return parsed.astimezone(dt.UTC)


def import_text(session: Session, text: str, source: str) -> ImportResult:
    """Import an OParl document in one transaction and commit; on any refusal roll back and
    raise ImportProblem, so nothing of the file is kept."""
    try:
        result = import_document(session, parse(text))
        audit.record(session, "council.oparl_imported", result, source=source,
                     meetings_created=result.meetings_created,
                     meetings_updated=result.meetings_updated)
        session.commit()
    except ImportProblem:
        session.rollback()
        raise
    except Exception as exc:  # noqa: BLE001 - any fault of a file is a refusal, never a 500
        session.rollback()
        logger.exception("OParl import of %s failed", source)
        raise ImportProblem(_("Die Datei ließ sich nicht übernehmen (%(fault)s).",
                              fault=type(exc).__name__)) from exc
    return result


def import_document(session: Session, document: dict[str, Any]) -> ImportResult:
    """Write the file's committees and meetings into the session (the caller commits)."""
    result = ImportResult()
    objects = document["data"]
    committees = {}
    for index, obj in enumerate(objects):
        result.first_time(obj["id"], f"$.data[{index}]")
        if obj["type"] == kind("Organization"):
            committees[obj["id"]] = upsert_committee(session, obj, result)
    for index, obj in enumerate(objects):
        if obj["type"] == kind("Meeting"):
            upsert_meeting(session, obj, f"$.data[{index}]", committees, result)
    return result


def upsert_committee(session: Session, obj: dict[str, Any], result: ImportResult) -> Committee:
    """Create or update the committee of an Organization object."""
    committee = session.scalar(select(Committee).where(Committee.oparl_id == obj["id"]))
    if committee is None:
        committee = Committee(oparl_id=obj["id"], key=free_key(session, obj))
        session.add(committee)
        result.committees += 1
    committee.name = obj["name"]
    committee.short_name = obj.get("shortName", "")
    committee.kind = obj.get("classification") or "Ausschuss"  # untranslated: a kind
    session.flush()
    return committee


def free_key(session: Session, obj: dict[str, Any]) -> str:
    """Return an unused URL key made from the organization's short name or name."""
    text = (obj.get("shortName") or obj["name"]).lower().translate(UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:36] or "gremium"
    key, n = base, 1
    while session.scalar(select(Committee.id).where(Committee.key == key)) is not None:
        n += 1
        key = f"{base}-{n}"
    return key


def committee_of(session: Session, obj: dict[str, Any], path: str,
                 committees: dict[str, Committee]) -> Committee:
    """Return the committee a Meeting names, from the file or from an earlier import."""
    oparl_id = obj["organization"][0]
    committee = committees.get(oparl_id) or session.scalar(
        select(Committee).where(Committee.oparl_id == oparl_id))
    if committee is None:
        raise ImportProblem(_("An der Stelle %(path)s.organization[0] steht das Gremium "
                              "„%(id)s“, das weder in der Datei noch hier bekannt ist.",
                              path=path, id=oparl_id))
    return committee


def upsert_meeting(session: Session, obj: dict[str, Any], path: str,
                   committees: dict[str, Committee], result: ImportResult) -> None:
    """Create or update a meeting and its agenda items from a Meeting object."""
    starts = moment(obj["start"], f"{path}.start")
    ends = moment(obj["end"], f"{path}.end") if "end" in obj else None
    if ends is not None and ends <= starts:
        raise ImportProblem(_("An der Stelle %(path)s.end liegt das Ende nicht nach dem "
                              "Beginn.", path=path))
    committee = committee_of(session, obj, path, committees)
    meeting = session.scalar(select(Meeting).where(Meeting.oparl_id == obj["id"]))
    if meeting is None:
        meeting = Meeting(oparl_id=obj["id"])
        session.add(meeting)
        result.meetings_created += 1
    else:
        result.meetings_updated += 1
    meeting.committee = committee
    meeting.name, meeting.starts_at, meeting.ends_at = obj.get("name", ""), starts, ends
    meeting.location = (obj.get("location") or {}).get("description", "")
    meeting.cancelled = obj.get("cancelled", False)
    replace_items(session, meeting, obj.get("agendaItem", []), path, result)


def replace_items(session: Session, meeting: Meeting, items: list[dict[str, Any]], path: str,
                  result: ImportResult) -> None:
    """Make the meeting's agenda the file's: update by OParl id (also an item that an earlier
    import put on another meeting), add new ones, drop the rest."""
    existing = {item.oparl_id: item for item in meeting.items}
    wanted = []
    for index, data in enumerate(items):
        result.first_time(data["id"], f"{path}.agendaItem[{index}]")
        item = existing.pop(data["id"], None) or session.scalar(
            select(AgendaItem).where(AgendaItem.oparl_id == data["id"])) \
            or AgendaItem(oparl_id=data["id"])
        item.position, item.number = data["order"], data.get("number", "")
        item.title, item.public = data.get("name", ""), data.get("public", True)
        wanted.append(item)
    for item in existing.values():
        refuse_removing_documents(session, item, path)
        session.delete(item)
    meeting.items = sorted(wanted, key=lambda i: i.position)


def refuse_removing_documents(session: Session, item: AgendaItem, path: str) -> None:
    """Refuse dropping an agenda item that has documents: they would have no place (and are
    never moved to the meeting, where a non-public item's document would become public)."""
    if item.id is not None and session.scalar(select(CouncilDocument.id).where(
            CouncilDocument.agenda_item_id == item.id).limit(1)) is not None:
        raise ImportProblem(_("An der Stelle %(path)s.agendaItem fehlt der Tagesordnungspunkt "
                              "„%(id)s“, an dem hier Dokumente hängen. Entfernen Sie zuerst "
                              "seine Dokumente.", path=path, id=item.oparl_id))

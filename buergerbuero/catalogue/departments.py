"""Departments from departments.yaml into the database, with their pinned OpenPGP keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.i18n import _l
from forms.exceptions import DefinitionError
from forms.loader import schema_problems
from forms.texts import Text, text_schema
from forms.yamlsource import parse
from signing import Keyring

from ..models import Department

DEPARTMENTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["departments"],
    "properties": {"departments": {"type": "array", "minItems": 1, "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["key", "name"],
        "properties": {
            "key": {"type": "string", "pattern": "^[a-z0-9_-]+$",
                    "x-message": _l("Kleinbuchstaben, Ziffern, - und _, z. B. steueramt")},
            "name": text_schema(200),
            "channel": {"type": "string", "pattern": "^[a-z0-9_-]+$",
                        "x-message": _l(
                            "der Name eines Zustellwegs, z. B. postfach oder smtp")},
            "address": {"type": "string", "maxLength": 500},
            "deadline_days": {"type": "integer", "minimum": 1, "maximum": 365},
            "fallback": {"type": "string"},
            "key_fingerprint": {"type": "string", "pattern": "^[0-9A-F]{40}$",
                                "x-message": _l("40 Zeichen 0–9 und A–F, ohne Leerzeichen")},
            "public_key_file": {"type": "string"},
        },
    }}},
}


def read_departments(path: Path) -> list[dict[str, Any]]:
    """Parse and check departments.yaml; raise DefinitionError with lines on bad input."""
    data, node = parse(path.read_text("utf-8"), str(path))
    problems = schema_problems(data, node, DEPARTMENTS_SCHEMA, [])
    if problems:
        raise DefinitionError(str(path), problems)
    return data["departments"]


def sync_departments(session: Session, path: Path, keyring: Keyring) -> list[Department]:
    """Create or update every department; pin given keys, make development keys for the rest."""
    rows = []
    for item in read_departments(path):
        department = session.scalar(select(Department).where(Department.key == item["key"]))
        name = Text.of(item["name"])  # German is the official name: keys, payloads, mail
        if department is None:
            department = Department(key=item["key"], name=name.de)
            session.add(department)
        department.name, department.name_en = name.de, name.en
        department.channel = item.get("channel", "postfach")
        department.address = item.get("address", "")
        department.deadline_days = item.get("deadline_days", 14)
        department.fallback_key = item.get("fallback")
        pin_key(department, item, keyring, path.parent)
        rows.append(department)
    return rows


def pin_key(department: Department, item: dict[str, Any], keyring: Keyring, base: Path) -> None:
    """Import the department's published key against its pin, or create a development key."""
    if "key_fingerprint" in item:
        armored = (base / item["public_key_file"]).read_text("utf-8")
        department.key_fingerprint = keyring.import_pinned(armored, item["key_fingerprint"])
        department.public_key = armored
    elif not department.key_fingerprint or not keyring.has_secret_key(department.key_fingerprint):
        fingerprint = keyring.generate_key(department.name, f"{department.key}@amt.invalid")
        department.key_fingerprint = fingerprint
        department.public_key = keyring.export_public(fingerprint)

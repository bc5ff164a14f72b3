"""The seal file: every seal also appended outside the database (AUDIT_SEAL_FILE).

Whoever can write the database can delete the newest seals and rewrite the chain after the
last one left; the seal file is a second record of every seal, one JSON line each, fsynced.
`flask audit verify` checks that every seal in it is in the database unchanged. It protects
only as far as a copy lives beyond the database host's reach: operators ship it elsewhere
(a log collector, WORM storage), docs/privacy.md.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from .audit_chain import iso_utc

FILE_KEY = "AUDIT_SEAL_FILE"
COMPARED = ("hash", "record", "signature")  # sealed_at is in the signed record


def init_app(app: Flask) -> None:
    """Default the seal file to instance/audit-seals.jsonl."""
    if not app.config.get(FILE_KEY):
        app.config[FILE_KEY] = str(Path(app.instance_path) / "audit-seals.jsonl")


def seal_file() -> Path:
    """Return the configured seal file's path."""
    return Path(current_app.config[FILE_KEY])


def line_of(seal: Any) -> dict[str, Any]:
    """Return what the seal file keeps of a seal (what verify compares)."""
    return {"seq": seal.seq, "hash": seal.hash, "sealed_at": iso_utc(seal.sealed_at),
            "record": seal.record, "signature": seal.signature}


def append_seal(seal: Any, path: Path | None = None) -> None:
    """Append one seal as a JSON line and fsync it; the file is made owner-only (0600)."""
    path = path or seal_file()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    line = json.dumps(line_of(seal), sort_keys=True, ensure_ascii=False) + "\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(descriptor, line.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class Unreadable(ValueError):
    """A line of the seal file is not a seal."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def read_seals(path: Path) -> list[dict[str, Any]]:
    """Return the seals in the file (none if it does not exist yet); raise Unreadable."""
    if not path.exists():
        return []
    seals = []
    with path.open(encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            try:
                seal = json.loads(text)
            except ValueError:
                raise Unreadable(number) from None
            if not isinstance(seal, dict) or not isinstance(seal.get("seq"), int):
                raise Unreadable(number)
            seals.append(seal)
    return seals

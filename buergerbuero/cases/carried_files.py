"""The gateway's file source: the bytes of the uploads a payload carries inside its envelope.

Only files given to that case are read (the application's uploads, the files of its messages),
so a payload naming another case's upload carries nothing of it (the gateway then fails the
delivery, saying which file is missing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core import file_crypto
from ..models import Upload
from .uploads import upload_dir


def attachment_files(session: Session, case_id: int | None,
                     references: Iterable[Mapping[str, Any]]) -> dict[str, bytes]:
    """Return upload id -> bytes (decrypted) of each referenced file the case holds and the
    disk still has, readable with the keyring."""
    tokens = [str(reference["upload_id"]) for reference in references]
    if case_id is None or not tokens:
        return {}
    uploads = session.scalars(select(Upload).where(Upload.token.in_(tokens),
                                                   Upload.case_id == case_id)).all()
    found = {}
    for upload in uploads:
        path = upload_dir() / upload.storage_name
        if path.is_file():
            try:
                found[upload.token] = file_crypto.read(path, ("sha256", upload.sha256))
            except file_crypto.StoredFileUnreadable:
                continue  # logged by name; the gateway fails the delivery: the file is missing
    return found

"""Files carried by a message in the case's box (the resident's and the case worker's).

Checked like the application's uploads (kind by content, never the client's type; size), limited
per message (MESSAGE_MAX_FILES, MESSAGE_MAX_FILE_BYTES) and by the uploader's quota; stored as
Upload rows with the case and the message in the message's own transaction, so no file is ever
without its message. Their bytes travel inside the message's envelope.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from common.i18n import _, _l
from forms.fields.uploads import (
    FILE_KINDS,
    ReceivedFile,
    kind_of_media_type,
    readable_size,
    receive,
)

from ..core import audit
from ..core.errors import RuleRefused
from ..models import Case, Message, Upload, User
from .uploads import download_name, remove_files, upload_dir, write_exclusive

DEFAULTS = {"MESSAGE_MAX_FILES": 5, "MESSAGE_MAX_FILE_BYTES": 10 * 1024 * 1024}
CASE_LIMIT = "MESSAGE_MAX_BYTES_PER_CASE"
"""What one person's message files of one case may come to together (default 100 MiB)."""


class FilesRefused(RuleRefused):
    """A message's files cannot be taken (too many, too large, empty, of a kind not accepted)."""


def init_app(app: Flask) -> None:
    """Set the message limits' defaults (the instance's config wins)."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.config.setdefault(CASE_LIMIT, 100 * 1024 * 1024)


def received_files(uploads: Iterable[Any], uploader: User, session: Session,
                   case: Case) -> list[ReceivedFile]:
    """Read and check the files sent with a message; raise FilesRefused saying why in German."""
    chosen = [u for u in uploads if isinstance(u, FileStorage) and u.filename]
    limit, max_bytes = (int(current_app.config[k]) for k in DEFAULTS)
    if len(chosen) > limit:
        raise FilesRefused(_l("Einer Nachricht können höchstens %(limit)s Dateien beiliegen; "
                              "Sie haben %(count)s gewählt.", limit=limit, count=len(chosen)))
    received = [receive(upload, max_bytes) for upload in chosen]
    for file in received:
        if problem := file_problem(file, max_bytes):
            raise FilesRefused(problem)
    size = sum(file.size for file in received)
    check_quota(session, uploader, size)
    check_case_limit(session, uploader, case, size)
    return received


def file_problem(file: ReceivedFile, max_bytes: int) -> object | None:
    """Return what is wrong with one file (lazy German text), or None."""
    if file.size == 0:
        return _l("Die Datei „%(name)s“ ist leer.", name=file.name)
    if file.too_large:
        return _l("Die Datei „%(name)s“ ist größer als %(limit)s. Bitte wählen Sie eine "
                  "kleinere Datei.", name=file.name, limit=readable_size(max_bytes))
    if file.kind is None:
        kinds = ", ".join(kind.label for kind in FILE_KINDS.values())
        return _l("Die Datei „%(name)s“ ist keine erlaubte Datei (%(kinds)s; geprüft wird der "
                  "Inhalt, nicht der Name).", name=file.name, kinds=kinds)
    return None


def check_quota(session: Session, uploader: User, size: int) -> None:
    """Refuse files that would take the uploader's files not yet filed past their quota."""
    unfiled = session.scalar(select(func.coalesce(func.sum(Upload.size), 0)).where(
        Upload.user_id == uploader.id, Upload.case_id.is_(None)))
    limit = int(current_app.config["UPLOADS_MAX_BYTES_PER_RESIDENT"])
    if size and unfiled + size > limit:
        raise FilesRefused(_l(
            "Ihre Dateien dürfen zusammen höchstens %(limit)s groß sein; mit diesen Dateien wären "
            "es %(total)s. Bitte reichen Sie begonnene Anträge ein oder verwerfen Sie Entwürfe, "
            "die Sie nicht mehr brauchen.", limit=readable_size(limit),
            total=readable_size(unfiled + size)))


def check_case_limit(session: Session, uploader: User, case: Case, size: int) -> None:
    """Refuse files that would take the uploader's message files of this case past its limit
    (message files belong to a case at once, so the quota of unfiled files never counts them)."""
    sent = session.scalar(select(func.coalesce(func.sum(Upload.size), 0)).where(
        Upload.user_id == uploader.id, Upload.case_id == case.id, Upload.message_id.is_not(None)))
    limit = int(current_app.config[CASE_LIMIT])
    if size and sent + size > limit:
        raise FilesRefused(_l(
            "Ihre Dateien zu diesem Vorgang dürfen zusammen höchstens %(limit)s groß sein; mit "
            "diesen Dateien wären es %(total)s.", limit=readable_size(limit),
            total=readable_size(sent + size)))


@contextmanager
def kept_if_committed(session: Session) -> Iterator[list[str]]:
    """Yield the list `store_files` notes the files it writes in; should the block fail, roll
    back and remove them (after a crash, the upload purge's stray-file sweep does)."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        session.rollback()
        remove_files(written)
        raise


def store_files(session: Session, case: Case, message: Message, uploader: User,
                files: list[ReceivedFile], written: list[str]) -> list[dict[str, Any]]:
    """Write the files under random names (noted in `written`) and add their rows to the
    message's transaction; return their references."""
    references = []
    for file in files:
        storage_name = secrets.token_urlsafe(32)
        write_exclusive(upload_dir() / storage_name, file)
        written.append(storage_name)
        upload = Upload(token=secrets.token_urlsafe(16), user_id=uploader.id, case_id=case.id,
                        message_id=message.id, filename=file.name, media_type=file.media_type,
                        size=file.size, sha256=file.sha256, storage_name=storage_name)
        session.add(upload)
        session.flush()
        audit.record(session, "file_uploaded", upload, case_id=case.id, sha256=upload.sha256,
                     size=upload.size, media_type=upload.media_type, message=message.id)
        references.append(upload.reference())
    return references


def message_files(session: Session, case: Case) -> dict[int, list[dict[str, str]]]:
    """Return each message's files as the message box lists them (name, size, kind, link)."""
    uploads = session.scalars(select(Upload).where(Upload.case_id == case.id,
                                                   Upload.message_id.is_not(None))
                              .order_by(Upload.id)).all()
    listed: dict[int, list[dict[str, str]]] = {}
    for upload in uploads:
        listed.setdefault(upload.message_id, []).append(file_row(upload))
    return listed


def file_row(upload: Upload) -> dict[str, str]:
    """Return how a file is listed: its download name, size and kind, and its link."""
    kind = FILE_KINDS.get(kind_of_media_type(upload.media_type) or "")
    return {"name": download_name(upload.filename, upload.media_type),
            "url": url_for("cases.upload_file", token=upload.token),
            "size": readable_size(upload.size),
            "kind": kind.label if kind else _("Datei")}


def valid_with_files(form: Any, uploader: User, session: Session,
                     case: Case) -> list[ReceivedFile] | None:
    """Validate a form with a `files` field; return its checked files, or None when the form
    or a file was refused (the reason then stands on the field, the typed text stays)."""
    if not form.validate():
        return None
    try:
        return received_files(form.files.data or [], uploader, session, case)
    except FilesRefused as refused:
        form.files.errors = [str(refused.message)]
        return None

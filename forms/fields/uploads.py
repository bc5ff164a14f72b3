"""Uploads as the form engine sees them: the kinds of file it recognises by content, a received
file, the storage protocol the app provides, and the names and sizes shown for a stored file."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any, Protocol

import filetype
from flask import current_app, g
from werkzeug.datastructures import FileStorage

from ..exceptions import FormsError
from .numbers import number_text

BACKEND_KEY = "forms.uploads"
"""Where the app puts its UploadBackend: `app.extensions[BACKEND_KEY]`, or for one request
`use_upload_backend` (which wins)."""
HEAD_BYTES = 8192
CHUNK = 64 * 1024
ENDING = re.compile(r"[A-Za-z0-9]{1,10}")
"""What counts as a file name's ending (replaced by the detected type's)."""


@dataclass(frozen=True)
class FileKind:
    """A type of file a definition may accept, recognised by its content alone."""

    label: str
    media_type: str
    detected: tuple[str, ...]
    """Extensions the `filetype` library reports for this content."""
    suffixes: tuple[str, ...]
    """File name endings the browser's file picker offers (a convenience, never checked)."""


FILE_KINDS = {
    "pdf": FileKind("PDF", "application/pdf", ("pdf",), (".pdf",)),
    "jpg": FileKind("JPEG", "image/jpeg", ("jpg",), (".jpg", ".jpeg")),
    "png": FileKind("PNG", "image/png", ("png", "apng"), (".png",)),
    "gif": FileKind("GIF", "image/gif", ("gif",), (".gif",)),
    "webp": FileKind("WebP", "image/webp", ("webp",), (".webp",)),
    "tiff": FileKind("TIFF", "image/tiff", ("tif",), (".tif", ".tiff")),
    "heic": FileKind("HEIC", "image/heic", ("heic",), (".heic", ".heif")),
}


@dataclass
class ReceivedFile:
    """A file as it arrived with the request, read once: its size, hash and kind."""

    name: str
    """The resident's file name, sanitised; for display only, never a path."""
    size: int
    sha256: str
    kind: str | None
    """Key of FILE_KINDS the content matches, None if it matches none."""
    stream: IO[bytes]
    too_large: bool = False

    @property
    def media_type(self) -> str:
        """Return the media type by content (never the client's Content-Type)."""
        return FILE_KINDS[self.kind].media_type if self.kind else "application/octet-stream"


class UploadRefused(Exception):
    """The backend will not keep a file that passed the field's own checks (say, a quota);
    its message is German and shown on the field."""


class UploadBackend(Protocol):
    """Storage the app provides: keeps received files and finds the current user's own."""

    def store(self, received: ReceivedFile, replaces: dict[str, Any] | None) -> dict[str, Any]:
        """Store the file for the current user in place of the field's earlier upload
        `replaces` (if any); return its reference, or raise UploadRefused."""

    def find(self, upload_id: str) -> dict[str, Any] | None:
        """Return the reference of the current user's unsubmitted upload, or None."""


def use_upload_backend(backend: UploadBackend) -> None:
    """Let this request's file fields store through `backend` (a draft's, a preview's)."""
    setattr(g, BACKEND_KEY, backend)


def upload_backend() -> UploadBackend:
    """Return this request's upload storage; a FormsError if the app provided none."""
    backend = g.get(BACKEND_KEY) or current_app.extensions.get(BACKEND_KEY)
    if backend is None:
        raise FormsError(f"no upload storage: set app.extensions[{BACKEND_KEY!r}]")
    return backend


def detect_kind(head: bytes) -> str | None:
    """Return the FILE_KINDS key whose magic bytes the content starts with, or None."""
    guess = filetype.guess(bytearray(head))
    if guess is None:
        return None
    return next((key for key, kind in FILE_KINDS.items() if guess.extension in kind.detected),
                None)


def display_name(raw: str | None) -> str:
    """Return a file name safe to show: no path, no control or direction characters, ≤120."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    # Control and format characters (U+202E turns "gpj.exe" around) and line breaks go.
    kept = [(ch, unicodedata.category(ch)) for ch in name]
    name = "".join(" " if cat == "Zs" else ch for ch, cat in kept
                   if cat[0] != "C" and cat not in ("Zl", "Zp"))
    name = name.strip().lstrip(".").strip()
    if len(name) > 120:
        stem, dot, ending = name.rpartition(".")
        name = stem[:110] + dot + ending[:9] if dot and len(ending) < 10 else name[:120]
    return name or "datei"


def typed_name(raw: str | None, media_type: str) -> str:
    """Return the name a file is kept, shown and downloaded under: its sanitised stem and the
    ending of its detected type, so a PDF named `x.hta` is `x.pdf` and never runs as an HTA."""
    return with_type_ending(display_name(raw), media_type)


def with_type_ending(name: str, media_type: str) -> str:
    """Return a sanitised name with its ending replaced by (or extended with) the type's."""
    base, dot, ending = name.rpartition(".")
    if dot and base and ENDING.fullmatch(ending):
        name = base
    return (name.rstrip(" .") or "datei") + suffix_of_media_type(media_type)


def receive(upload: FileStorage, max_bytes: int) -> ReceivedFile:
    """Read an upload once: hash, size and the head for detection; stop past max_bytes."""
    digest, size, head = hashlib.sha256(), 0, b""
    stream = upload.stream
    stream.seek(0)
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[:HEAD_BYTES - len(head)]
        if size > max_bytes:
            break
        digest.update(chunk)
    received = ReceivedFile(display_name(upload.filename), size, digest.hexdigest(),
                            detect_kind(head), stream, too_large=size > max_bytes)
    # Named by what it is from the start, so every page, the envelope and the receipt show the
    # name the file downloads under.
    received.name = typed_name(received.name, received.media_type)
    return received


def readable_size(size: int) -> str:
    """Format a byte count the German way (812 Byte, 12,3 KB, 4,5 MB)."""
    if size < 1024:
        return f"{size} Byte"
    unit, divisor = ("KB", 1024) if size < 1024 * 1024 else ("MB", 1024 * 1024)
    value = (Decimal(size) / divisor).quantize(Decimal("0.1")).normalize()
    return f"{number_text(value)} {unit}"


def kind_of_media_type(media_type: str) -> str | None:
    """Return the FILE_KINDS key of a stored media type."""
    return next((k for k, kind in FILE_KINDS.items() if kind.media_type == media_type), None)


# Types the platform itself serves as downloads (exports) but never accepts as uploads, so
# they are not FILE_KINDS; without them a JSON export would save as `.bin`.
SERVED_SUFFIXES = {"application/json": ".json", "text/csv": ".csv"}


def suffix_of_media_type(media_type: str) -> str:
    """Return the usual file name ending of a media type ('.pdf'); '.bin' for any other."""
    kind = kind_of_media_type(media_type)
    if kind:
        return FILE_KINDS[kind].suffixes[0]
    return SERVED_SUFFIXES.get(media_type.split(";")[0].strip().lower(), ".bin")


def shown_name(reference: dict[str, Any]) -> str:
    """Return the name an upload reference downloads under (references kept before uploads were
    named by their type may still end as the resident's file did)."""
    return with_type_ending(reference["name"], reference["media_type"])

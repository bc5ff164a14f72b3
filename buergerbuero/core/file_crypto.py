"""Files kept outside the database, encrypted at rest (uploads, message files, news attachments,
council documents): AES-256-GCM with a key from a keyring held apart from the files.

A stored file is `MAGIC`, the id of the key that sealed it (one length byte and the ASCII id), a
96-bit random nonce and the ciphertext with its tag. The header and the file's own name are the
associated data: a file copied under another name, or with a changed key id, is refused like a
changed byte. The keyring comes from FILES_ENCRYPTION_KEYS (`id:key`, the first one current) or
else from the key file FILES_ENCRYPTION_KEY_FILE (`id key` per line, the first one current),
read again when the file changes, so a key added there is used without a restart.

Files written before encryption (no MAGIC) are read only when their bytes match the digest the
row keeps (Upload/NewsAttachment.sha256, CouncilDocument.sha512), with a warning in the log:
whoever can write the folder but holds no key cannot pass a file of their own as plaintext.
`flask privacy rotate-keys` seals them after the same check. See docs/privacy.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, Response, current_app
from werkzeug.exceptions import InternalServerError

from common.i18n import _l

log = logging.getLogger(__name__)

MAGIC = b"\x00BBF1"
"""No stored kind (PDF, PNG, JPEG) starts with a NUL byte, so a plaintext file is never mistaken."""
NONCE_BYTES = 12
TEMP_SUFFIX = ".rotating"
"""A re-encrypted copy before it replaces the file (left over only by an interrupted rotation)."""
KEYS, KEY_FILE = "FILES_ENCRYPTION_KEYS", "FILES_ENCRYPTION_KEY_FILE"
Digest = tuple[str, str]
"""What the file's row says its plaintext is: (hashlib algorithm, hex digest)."""


class NoFileKey(RuntimeError):
    """No key is configured: files cannot be stored (the operator's error, said in the log)."""


class StoredFileUnreadable(InternalServerError):
    """A stored file that fails its check (changed, renamed, or sealed with a key not held)."""

    german = True  # the description is for the reader (core.errors.render_error)

    def __init__(self) -> None:
        super().__init__(str(_l("Die Datei ist zurzeit nicht abrufbar. Bitte wenden Sie sich an "
                                "die Stelle, die sie bereitstellt; wir kümmern uns darum.")))


@dataclass(frozen=True)
class Keyring:
    """The keys by id, in order: the first seals, every one opens."""

    keys: dict[str, bytes]

    @property
    def current(self) -> str:
        """Return the id of the key new files are sealed with."""
        return next(iter(self.keys))


def key_file(app: Flask) -> Path:
    """Return the key file's place: FILES_ENCRYPTION_KEY_FILE, else beside the instance's
    other secrets."""
    return Path(app.config.get(KEY_FILE) or Path(app.instance_path) / "file-keys")


def new_key_line() -> str:
    """Return a fresh key as a key-file line: a random id and 32 random bytes, base64url."""
    return f"{secrets.token_hex(4)} {base64.urlsafe_b64encode(os.urandom(32)).decode()}"


def parse_keys(entries: list[str] | tuple[str, ...] | str, separator: str) -> dict[str, bytes]:
    """Parse `id<separator>key` entries (a list, or one comma-separated string); raise
    ValueError naming the entry's position on a malformed one (never the key itself)."""
    if isinstance(entries, str):
        entries = [e for e in entries.split(",") if e.strip()]
    keys: dict[str, bytes] = {}
    for number, entry in enumerate(entries, 1):
        key_id, _, encoded = entry.strip().partition(separator)
        try:
            key = base64.urlsafe_b64decode(encoded.strip())
        except ValueError:
            key = b""
        if not key_id or len(key_id) > 64 or not key_id.isascii() or len(key) != 32:
            raise ValueError(f"file encryption key {number} is not `id{separator}<32 bytes, "
                             "base64url>`")
        keys[key_id] = key
    return keys


def read_key_file(path: Path) -> dict[str, bytes]:
    """Return the keys of a key file (blank lines and # comments skipped)."""
    lines = [line for line in path.read_text("ascii").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    return parse_keys(lines, " ")


def keyring(app: Flask | None = None) -> Keyring:
    """Return the app's keyring; raise NoFileKey when it has none."""
    app = app or current_app._get_current_object()
    if app.config.get(KEYS):
        return Keyring(parse_keys(app.config[KEYS], ":"))
    path = key_file(app)
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise NoFileKey(f"no file encryption key: set {KEYS} or run `flask init-instance` "
                        f"to create {path}") from None
    cached = app.extensions.get("buergerbuero.file_keys")
    if cached is None or cached[0] != stamp:
        cached = (stamp, Keyring(read_key_file(path)))
        app.extensions["buergerbuero.file_keys"] = cached
    if not cached[1].keys:
        raise NoFileKey(f"the key file {path} holds no key")
    return cached[1]


def seal(data: bytes, name: str, ring: Keyring | None = None) -> bytes:
    """Return `data` encrypted with the current key, bound to the file's name."""
    ring = ring or keyring()
    key_id = ring.current.encode("ascii")
    header = MAGIC + bytes([len(key_id)]) + key_id
    nonce = os.urandom(NONCE_BYTES)
    return header + nonce + AESGCM(ring.keys[ring.current]).encrypt(
        nonce, data, header + name.encode())


def key_id_of(blob: bytes) -> str | None:
    """Return the id of the key that sealed a stored file's bytes, or None for plaintext."""
    if not blob.startswith(MAGIC) or len(blob) <= len(MAGIC):
        return None
    length = blob[len(MAGIC)]
    return blob[len(MAGIC) + 1:len(MAGIC) + 1 + length].decode("ascii", "replace")


def matches(data: bytes, digest: Digest | None) -> bool:
    """Return whether the plaintext has the digest its row keeps (False without one)."""
    if digest is None or not digest[1]:
        return False
    return hmac.compare_digest(hashlib.new(digest[0], data).hexdigest(), digest[1].lower())


def unseal(blob: bytes, name: str, ring: Keyring | None = None,
           digest: Digest | None = None) -> bytes:
    """Return the plaintext of a stored file's bytes. A plaintext (older) file is returned only
    when it matches `digest`; a sealed one, when its tag holds and it matches `digest` if one is
    given. Raise StoredFileUnreadable, logged without content, when the check fails."""
    key_id = key_id_of(blob)
    if key_id is None:
        if matches(blob, digest):
            log.warning("stored file %s is not encrypted; run `flask privacy rotate-keys`", name)
            return blob
        log.error("stored file %s is not encrypted and does not match its row's digest", name)
        raise StoredFileUnreadable()
    ring = ring or keyring()
    header_end = len(MAGIC) + 1 + blob[len(MAGIC)]
    nonce = blob[header_end:header_end + NONCE_BYTES]
    try:
        data = AESGCM(ring.keys[key_id]).decrypt(nonce, blob[header_end + NONCE_BYTES:],
                                                 blob[:header_end] + name.encode())
    except KeyError:
        log.error("stored file %s is sealed with key %s, which the keyring lacks", name, key_id)
    except (InvalidTag, ValueError):
        log.error("stored file %s fails its integrity check (changed or renamed)", name)
    else:
        if digest is None or matches(data, digest):
            return data
        log.error("stored file %s does not match its row's digest", name)
    raise StoredFileUnreadable()


def write_new(path: Path, data: bytes) -> None:
    """Create an owner-only file holding `data` sealed (refusing to overwrite one)."""
    sealed = seal(data, path.name)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as target:
        target.write(sealed)


def read(path: Path, digest: Digest | None = None) -> bytes:
    """Return a stored file's plaintext, checked against its row's `digest` (FileNotFoundError
    when it is gone)."""
    return unseal(path.read_bytes(), path.name, digest=digest)


def reseal(path: Path, ring: Keyring, digest_of: Callable[[], Digest | None] | None = None,
           before_replace: Callable[[], object] | None = None) -> bool:
    """Re-encrypt one stored file with the current key unless it already is; return whether it
    was (a plaintext one only when it matches its row's digest, asked of `digest_of`). A copy
    is written and fsynced beside it, then renamed over it (atomic): interrupted at any point,
    the file is either the old one or the new one, and both read. A file removed meanwhile
    (the purge) is not brought back: FileNotFoundError. `before_replace` runs just before that
    check (a test's seam)."""
    with path.open("rb") as source:
        seen = os.fstat(source.fileno())
        blob = source.read()
    if key_id_of(blob) == ring.current:
        return False
    digest = digest_of() if digest_of is not None and key_id_of(blob) is None else None
    fresh = seal(unseal(blob, path.name, ring, digest), path.name, ring)
    temp = path.with_name(path.name + TEMP_SUFFIX)
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as target:
        target.write(fresh)
        target.flush()
        os.fsync(target.fileno())
    if before_replace is not None:
        before_replace()
    if not same_file(path, seen):
        temp.unlink(missing_ok=True)
        raise FileNotFoundError(f"stored file {path.name} was removed during its rotation")
    os.replace(temp, path)  # a removal between the check and here is the window left
    return True


def same_file(path: Path, seen: os.stat_result) -> bool:
    """Return whether `path` is still the file `seen` was taken of (not removed, not replaced)."""
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    return (now.st_dev, now.st_ino) == (seen.st_dev, seen.st_ino)


def response(path: Path, media_type: str, digest: Digest) -> Response:
    """Answer with a stored file's plaintext as `media_type` (the caller makes it a download),
    refused unless it matches its row's `digest`. Uploads are at most MAX_CONTENT_LENGTH
    (16 MiB): held in memory once, like the gateway."""
    return Response(read(path, digest), mimetype=media_type)


def write_key_file(path: Path, lines: list[str]) -> None:
    """Write the key file owner-only, atomically (a copy renamed over it)."""
    temp = path.with_name(path.name + ".new")
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write("# Keys of the files at rest (docs/privacy.md); the first one seals.\n")
        handle.writelines(line + "\n" for line in lines)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def ensure_key(app: Flask) -> None:
    """Create the key file with one key unless FILES_ENCRYPTION_KEYS or the file has keys."""
    path = key_file(app)
    if not app.config.get(KEYS) and not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_key_file(path, [new_key_line()])

"""The keys of the files at rest, rotated without downtime (docs/privacy.md):

1. `flask privacy add-key` puts a new key first in the key file: new files are sealed with it
   at once (the key file is read again when it changes), older keys still open theirs.
2. `flask privacy rotate-keys` re-encrypts every stored file not sealed with the current key,
   files stored before encryption too, but only those matching their row's digest (a plaintext
   file put into the folder by someone without a key is refused, not sealed). Each file is
   replaced atomically; interrupted, it can simply be run again. A file the purge removes
   meanwhile is skipped, not brought back.
3. `flask privacy remove-key ID` drops an old key, refused while a file still needs it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from common.i18n import _, _l

from ..core import file_crypto
from ..core.commandline import option
from ..core.extensions import db
from ..models import CouncilDocument, NewsAttachment, Upload
from .commands import privacy_cli

FOLDERS = ("UPLOADS_DIR", "NEWS_ATTACHMENTS_DIR", "COUNCIL_DOCUMENT_DIR")
"""The config keys of every folder whose files are encrypted at rest."""


DIGESTS = {"UPLOADS_DIR": (Upload, "sha256"), "NEWS_ATTACHMENTS_DIR": (NewsAttachment, "sha256"),
           "COUNCIL_DOCUMENT_DIR": (CouncilDocument, "sha512")}
"""Per folder: the rows of its files and the digest column a plaintext file must match."""


def row_digests() -> dict[Path, file_crypto.Digest]:
    """Return every stored file's digest as its row keeps it, by the file's path."""
    digests: dict[Path, file_crypto.Digest] = {}
    for key, (model, column) in DIGESTS.items():
        folder = Path(current_app.config[key])
        for name, value in db.session.execute(select(model.storage_name,
                                                     getattr(model, column))):
            digests[folder / name] = (column, value)
    return digests


def stored_files() -> Iterator[Path]:
    """Yield every stored file of the encrypted folders (leftover rotation copies removed)."""
    for key in FOLDERS:
        folder = Path(current_app.config[key])
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.name.endswith(file_crypto.TEMP_SUFFIX):
                path.unlink(missing_ok=True)  # an interrupted run's copy; its file is intact
            elif path.is_file():
                yield path


def key_usage() -> Counter[str | None]:
    """Count the stored files per key id (None: stored before encryption)."""
    usage: Counter[str | None] = Counter()
    for path in stored_files():
        with path.open("rb") as handle:
            usage[file_crypto.key_id_of(handle.read(len(file_crypto.MAGIC) + 65))] += 1
    return usage


def key_file_lines() -> list[str]:
    """Return the key file's key lines; refuse when the keys come from FILES_ENCRYPTION_KEYS."""
    if current_app.config.get(file_crypto.KEYS):
        raise click.ClickException(_(
            "Die Schlüssel stehen in FILES_ENCRYPTION_KEYS; bitte ändern Sie sie dort (ein "
            "neuer Schlüssel: `flask privacy add-key --print`)."))
    path = file_crypto.key_file(current_app)
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text("ascii").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@privacy_cli.command("add-key", help=_l(
    "Einen neuen Schlüssel für die Dateien anlegen; er verschlüsselt ab sofort neue Dateien."))
@option("--print", "print_only", is_flag=True,
        help=_l("Den Schlüssel nur ausgeben (für FILES_ENCRYPTION_KEYS), nicht speichern."))
@option("--not-current", is_flag=True,
        help=_l("Nur zum Entschlüsseln hinten anfügen (zuerst auf allen Knoten verteilen)."))
def add_key(print_only: bool, not_current: bool) -> None:
    """Add a new key to the key file, first (current) unless --not-current."""
    line = file_crypto.new_key_line()
    if print_only:
        key_id, _space, key = line.partition(" ")
        click.echo(f"{key_id}:{key}")
        return
    lines = key_file_lines()
    lines = [*lines, line] if not_current else [line, *lines]
    file_crypto.write_key_file(file_crypto.key_file(current_app), lines)
    click.echo(_("Schlüssel %(key)s angelegt.", key=line.partition(" ")[0]))


@privacy_cli.command("rotate-keys", help=_l(
    "Alle gespeicherten Dateien mit dem aktuellen Schlüssel neu verschlüsseln (auch "
    "unverschlüsselte); unterbrochen, einfach erneut aufrufen."))
def rotate_keys() -> None:
    """Re-encrypt every stored file with the current key; say how many plaintext files are left;
    exit 1 if one could not be read (or is plaintext not matching its row)."""
    ring = file_crypto.keyring()
    digests: dict[Path, file_crypto.Digest] = {}

    def digest_of(path: Path) -> file_crypto.Digest | None:
        """Return a plaintext file's row digest (the rows read once, only when one is needed:
        an instance without plaintext files rotates without its database)."""
        if not digests:
            digests.update(row_digests())
        return digests.get(path)

    done = kept = gone = 0
    failed: list[str] = []
    for path in stored_files():
        try:
            if file_crypto.reseal(path, ring, partial(digest_of, path)):
                done += 1
            else:
                kept += 1
        except FileNotFoundError:
            gone += 1  # removed meanwhile (the purge): not brought back
        except file_crypto.StoredFileUnreadable:
            failed.append(path.name)  # logged with the reason; the file stays as it is
    click.echo(_("Neu verschlüsselt: %(done)d; schon mit Schlüssel %(key)s: %(kept)d; "
                 "inzwischen gelöscht: %(gone)d.", done=done, kept=kept, key=ring.current,
                 gone=gone))
    click.echo(_("Unverschlüsselte Dateien übrig: %(count)d.", count=key_usage()[None]))
    if failed:
        raise click.ClickException(_("Nicht lesbar (verändert oder Schlüssel fehlt): %(names)s",
                                     names=", ".join(failed)))


@privacy_cli.command("remove-key", help=_l(
    "Einen alten Schlüssel entfernen; abgelehnt, solange eine Datei ihn braucht."))
@click.argument("key_id")
def remove_key(key_id: str) -> None:
    """Drop a key from the key file unless it is current or a stored file still needs it."""
    lines = key_file_lines()
    ids = [line.partition(" ")[0] for line in lines]
    if key_id not in ids:
        raise click.ClickException(_("Einen Schlüssel %(key)s gibt es nicht.", key=key_id))
    if ids[0] == key_id:
        raise click.ClickException(_("Schlüssel %(key)s ist der aktuelle; legen Sie zuerst "
                                     "einen neuen an.", key=key_id))
    used = key_usage()[key_id]
    if used:
        raise click.ClickException(_("Schlüssel %(key)s wird noch gebraucht (Dateien: "
                                     "%(count)d); bitte zuerst `flask privacy rotate-keys`.",
                                     count=used, key=key_id))
    file_crypto.write_key_file(file_crypto.key_file(current_app),
                               [line for line in lines if line.partition(" ")[0] != key_id])
    click.echo(_("Schlüssel %(key)s entfernt.", key=key_id))

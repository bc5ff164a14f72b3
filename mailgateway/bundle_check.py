"""Check an evidence bundle as `flask gateway verify` does: every file against the signed manifest.

The manifest's signature and every receipt's are checked twice, with the key the bundle brings
and with this instance's gateway key; every PDF's seal against the municipality's CA; nothing
may be missing or extra. A ZIP is hostile input: its size, its number of files, what each
unpacks to and every name are bounded before anything is read.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from common.i18n import _
from signing import Keyring, SigningError

from .bundle import FORMAT, KEY, MANIFEST, MANIFEST_SIGNATURE, RECEIPTS, sha256
from .keys import GatewayKeys
from .verification import Verdict, check_pdf, check_receipt

MAX_BUNDLE_BYTES = 64 * 2**20
MAX_UNPACKED_BYTES = 128 * 2**20
MAX_FILES = 2000


class BundleRefused(Exception):
    """The bundle cannot be checked at all (no ZIP, too large, a hostile name)."""


@dataclass(frozen=True)
class Bundle:
    """What the checks of one bundle share: both keyrings, the files, the manifest's key."""

    keys: GatewayKeys
    bundled: Keyring
    """A keyring of its own holding only the key the bundle brings (if it is the named one)."""
    members: dict[str, bytes]
    fingerprint: str
    """The gateway key the manifest names."""


@dataclass(frozen=True)
class BundleVerdict:
    """The outcome for the whole bundle and for each file, in the reader's language."""

    valid: bool
    summary: str
    files: tuple[tuple[str, Verdict], ...] = ()
    problems: tuple[str, ...] = ()
    """What concerns the bundle as a whole: a signature, missing or extra files."""


def check_bundle(keys: GatewayKeys, data: bytes) -> BundleVerdict:
    """Check a bundle's ZIP bytes; any input, however broken, yields a verdict."""
    try:
        members = unpacked(data)
        manifest = parsed_manifest(members)
    except BundleRefused as exc:
        return BundleVerdict(False, str(exc))
    with tempfile.TemporaryDirectory(prefix="bundle-gpg-") as home:
        bundle = Bundle(keys, Keyring(Path(home)), members, manifest["gateway_fingerprint"])
        try:
            problems = list(bundle_problems(bundle, manifest))
            files = tuple((entry["path"], file_verdict(bundle, entry))
                          for entry in manifest["files"])
        finally:
            bundle.bundled.close()
    valid = not problems and all(verdict.valid for _path, verdict in files)
    summary = (_("Das Nachweispaket ist vollständig, unverändert und von der Poststelle "
                 "signiert.") if valid else
               _("Das Nachweispaket ist nicht gültig: es ist unvollständig, verändert oder "
                 "nicht von der Poststelle signiert."))
    return BundleVerdict(valid, summary, files, tuple(problems))


def unpacked(data: bytes) -> dict[str, bytes]:
    """Return path -> bytes of every file, refusing what no bundle of ours holds."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleRefused(_("Das Nachweispaket ist zu groß (höchstens %(size)d MB).",
                              size=MAX_BUNDLE_BYTES // 2**20))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise BundleRefused(_("Die Datei ist kein lesbares ZIP-Archiv.")) from exc
    if len(infos) > MAX_FILES:
        raise BundleRefused(_("Das Nachweispaket enthält zu viele Dateien."))
    members: dict[str, bytes] = {}
    budget = MAX_UNPACKED_BYTES
    for info in infos:
        if info.is_dir():
            continue
        name = checked_name(info.filename)
        if name in members:
            raise BundleRefused(_("Die Datei „%(name)s“ steht zweimal im Nachweispaket.",
                                  name=name))
        members[name] = read_member(archive, info, budget)
        budget -= len(members[name])
    return members


def checked_name(name: str) -> str:
    """Return a member's name if it stays inside the folder it is unpacked to."""
    path = PurePosixPath(name)
    if (not name or "\\" in name or "\0" in name or path.is_absolute() or ":" in name
            or any(part in ("", ".", "..") for part in name.split("/"))):
        raise BundleRefused(_("Das Nachweispaket enthält einen unzulässigen Dateinamen: "
                              "„%(name)s“ (er zeigt aus dem Ordner heraus oder ist kein "
                              "einfacher Pfad).", name=name[:200]))
    return name


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Read one member, never more than the budget left, whatever its header claims."""
    try:
        with archive.open(info) as handle:
            content = handle.read(budget + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError,
            ValueError) as exc:  # broken, encrypted or compressed by an unknown method
        raise BundleRefused(_("Die Datei „%(name)s“ im Nachweispaket ist nicht lesbar.",
                              name=info.filename[:200])) from exc
    if len(content) > budget:
        raise BundleRefused(_("Das Nachweispaket entpackt sich zu mehr als %(size)d MB "
                              "(eine ZIP-Bombe?).", size=MAX_UNPACKED_BYTES // 2**20))
    return content


def parsed_manifest(members: dict[str, bytes]) -> dict[str, Any]:
    """Return the manifest, checked for its shape (a list of files with hash and size)."""
    if MANIFEST not in members:
        raise BundleRefused(_("Im Nachweispaket fehlt das Verzeichnis manifest.json."))
    try:
        manifest = json.loads(members[MANIFEST].decode("utf-8"))
        files = manifest["files"]
        shaped = (manifest["format"] == FORMAT and isinstance(manifest["gateway_fingerprint"], str)
                  and all(isinstance(f["path"], str) and isinstance(f["sha256"], str)
                          and isinstance(f["size"], int) for f in files))
    except (ValueError, UnicodeError, KeyError, TypeError, RecursionError) as exc:
        raise BundleRefused(_("Das Verzeichnis manifest.json ist nicht lesbar.")) from exc
    if not shaped:
        raise BundleRefused(_("Das Verzeichnis manifest.json hat nicht die Form eines "
                              "Nachweispakets dieser Plattform."))
    return manifest


def bundle_problems(bundle: Bundle, manifest: dict[str, Any]) -> Iterator[str]:
    """Yield what is wrong with the bundle as a whole: its key, the manifest's signature,
    files that are not in the manifest."""
    members = bundle.members
    try:
        bundle.bundled.import_pinned(members.get(KEY, b"").decode("ascii", "replace"),
                                     bundle.fingerprint)
    except SigningError:
        yield _("Der beigefügte Schlüssel gateway.asc fehlt oder passt nicht zum "
                "Fingerabdruck im Verzeichnis.")
    if bundle.fingerprint != bundle.keys.gateway_fingerprint:
        yield _("Das Nachweispaket nennt einen anderen Schlüssel als den der Poststelle dieser "
                "Plattform.")
    signature = members.get(MANIFEST_SIGNATURE, b"").decode("ascii", "replace")
    for problem in signature_problems(bundle, members[MANIFEST], signature):
        yield _("Verzeichnis manifest.json: %(problem)s", problem=problem)
    listed = {entry["path"] for entry in manifest["files"]}
    for extra in sorted(set(members) - listed - {MANIFEST, MANIFEST_SIGNATURE}):
        yield _("Die Datei „%(name)s“ steht nicht im Verzeichnis.", name=extra)


def signature_problems(bundle: Bundle, data: bytes, signature: str) -> list[str]:
    """Return why a detached signature fails, by the bundled key or by the instance's."""
    problems = []
    keys = bundle.keys
    checks: list[tuple[Keyring, str, Callable[[], str]]] = [
        (bundle.bundled, bundle.fingerprint, lambda: _("mit dem beigefügten Schlüssel")),
        (keys.keyring, keys.gateway_fingerprint,
         lambda: _("mit dem Schlüssel der Poststelle dieser Plattform"))]
    for keyring, expected, how in checks:
        try:
            ok = keyring.verify_detached(data, signature) == expected
            reason = "" if ok else _("Die Signatur stammt von einem anderen Schlüssel.")
        except SigningError as exc:
            reason = str(exc)
        if reason:
            problems.append(_("Signatur ungültig %(how)s: %(reason)s", how=how(), reason=reason))
    return problems


def file_verdict(bundle: Bundle, entry: dict[str, Any]) -> Verdict:
    """Check one listed file: present, its hash and size, then its seal or signature."""
    path = entry["path"]
    content = bundle.members.get(path)
    if content is None:
        return Verdict(False, _("Die Datei fehlt im Nachweispaket."))
    if sha256(content) != entry["sha256"] or len(content) != entry["size"]:
        return Verdict(False, _("Die Datei wurde verändert: ihre Prüfsumme passt nicht zum "
                                "Verzeichnis."))
    if path.lower().endswith(".pdf"):
        return check_pdf(bundle.keys, content)
    if path.startswith(RECEIPTS) and path.endswith(".json"):
        return receipt_verdict(bundle, path, content)
    return Verdict(True, _("Prüfsumme und Größe stimmen."))


def receipt_verdict(bundle: Bundle, path: str, record: bytes) -> Verdict:
    """Check a receipt's record with its .asc by the bundled key and by this instance's."""
    signature = bundle.members.get(path + ".asc", b"").decode("ascii", "replace")
    try:
        text = record.decode("utf-8")
    except UnicodeDecodeError:
        return Verdict(False, _("Der Nachweis ist nicht gültig: kein Text in UTF-8."))
    problems = signature_problems(bundle, record, signature)
    verdict = check_receipt(bundle.keys, text, signature)
    if problems:
        return Verdict(False, problems[0], verdict.details, tuple(problems[1:]))
    return verdict

"""The evidence bundle (Nachweispaket) of a case: a ZIP anyone can check without the platform.

It holds the sealed PDFs (the case archive, the Eingangsquittung, the Bescheid), every receipt
as its exact signed record with its detached signature, the gateway's public key, the seal's
certificates, a manifest of every file's sha256 and size (signed by the gateway key), a
`SHA256SUMS` for `sha256sum -c` and the steps to check it all by hand (LIESMICH.txt).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from common.db import utcnow
from common.formatting import local

from .bundle_readme import readme
from .keys import gateway_keys
from .models import Receipt, SignedDocument

FORMAT = "buergerbuero-nachweise/1"
MANIFEST = "manifest.json"
MANIFEST_SIGNATURE = "manifest.json.asc"
SUMS = "SHA256SUMS"
README = "LIESMICH.txt"
KEY = "gateway.asc"
DOCUMENTS = "dokumente/"
RECEIPTS = "nachweise/"
CERTIFICATES = "zertifikate/"
CERTIFICATE_FILES = {"ca.pem": "ca.pem", "seal.pem": "siegel.pem"}
"""The seal's chain in SIGNING_PKI_DIR, by the names it gets in the bundle."""
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 120


@dataclass(frozen=True)
class BundleFile:
    """One file of the bundle: its path inside the ZIP and its bytes."""

    path: str
    content: bytes


def safe_name(name: str) -> str:
    """Return a file name that is one plain path segment anywhere: no folders, no dot-files."""
    cleaned = UNSAFE.sub("_", name).strip("._") or "datei"
    return cleaned[-MAX_NAME:]


def evidence_bundle(session: Any, case_id: int, case_reference: str,
                    archive: BundleFile, withheld: Collection[str] = ()) -> bytes:
    """Return the case's evidence bundle as ZIP bytes, with ``archive`` (the sealed case
    archive, named) among its documents; the sealed documents of the messages ``withheld``
    (a Bescheid its resident has not yet retrieved) are left out."""
    keys = gateway_keys()
    files = unique([BundleFile(DOCUMENTS + safe_name(archive.path), archive.content),
                    *documents(session, case_id, withheld), *receipts(session, case_id),
                    BundleFile(KEY, keys.keyring.export_public(
                        keys.gateway_fingerprint).encode("ascii")),
                    *certificates(Path(current_app.config["SIGNING_PKI_DIR"]))])
    files.append(BundleFile(README, readme(case_reference, files).encode("utf-8")))
    files.append(BundleFile(SUMS, sums(files).encode("ascii")))
    manifest = manifest_text(case_reference, keys.gateway_fingerprint, files).encode("utf-8")
    signature = keys.receipt_signer().sign(manifest).encode("ascii")
    return zipped([*files, BundleFile(MANIFEST, manifest),
                   BundleFile(MANIFEST_SIGNATURE, signature)])


def documents(session: Any, case_id: int, withheld: Collection[str] = ()) -> list[BundleFile]:
    """Return every sealed document the gateway made for the case but those of the messages
    ``withheld``, oldest first."""
    rows = session.scalars(select(SignedDocument).where(
        SignedDocument.case_id == case_id, SignedDocument.message_id.not_in(tuple(withheld)))
        .order_by(SignedDocument.id)).all()
    return [BundleFile(DOCUMENTS + safe_name(row.filename), row.content) for row in rows]


def receipts(session: Any, case_id: int) -> list[BundleFile]:
    """Return every receipt of the case as its signed record text and its signature."""
    rows = session.scalars(select(Receipt).where(Receipt.case_id == case_id)
                           .order_by(Receipt.id)).all()
    files = []
    for row in rows:
        stem = RECEIPTS + safe_name(f"{row.kind.value}-{row.message_id}")
        # The exact text that was signed: gpg --verify needs it byte for byte.
        files += [BundleFile(stem + ".json", row.record.encode("utf-8")),
                  BundleFile(stem + ".json.asc", row.signature.encode("ascii"))]
    return files


def certificates(pki: Path) -> list[BundleFile]:
    """Return the seal's certificate and its CA where they lie in files (an HSM: none)."""
    return [BundleFile(CERTIFICATES + name, (pki / source).read_bytes())
            for source, name in CERTIFICATE_FILES.items() if (pki / source).is_file()]


def unique(files: list[BundleFile]) -> list[BundleFile]:
    """Return the files with every path once: a repeated name gets a number before its suffix."""
    seen: set[str] = set()
    result = []
    for file in files:
        path, number = file.path, 1
        while path in seen:
            number += 1
            stem, dot, suffix = file.path.partition(".")
            path = f"{stem}-{number}{dot}{suffix}"
        seen.add(path)
        result.append(BundleFile(path, file.content))
    return result


def sha256(content: bytes) -> str:
    """Return the hex sha256 of ``content``."""
    return hashlib.sha256(content).hexdigest()


def sums(files: list[BundleFile]) -> str:
    """Return the `sha256sum -c` list of the files (two spaces: text mode, as sha256sum writes)."""
    return "".join(f"{sha256(file.content)}  {file.path}\n" for file in files)


def manifest_text(case_reference: str, fingerprint: str, files: list[BundleFile]) -> str:
    """Return the manifest: every file with its sha256 and size, the case, the time, the key."""
    return json.dumps({
        "format": FORMAT, "case_reference": case_reference,
        "created_at": local(utcnow()).replace(microsecond=0).isoformat(),
        "gateway_fingerprint": fingerprint,
        "files": [{"path": file.path, "sha256": sha256(file.content), "size": len(file.content)}
                  for file in files],
    }, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def zipped(files: list[BundleFile]) -> bytes:
    """Return the files as a ZIP, compressed, stamped with the local time of its making."""
    buffer = io.BytesIO()
    stamp = local(utcnow()).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            info = zipfile.ZipInfo(file.path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # a plain readable file wherever it is unpacked
            archive.writestr(info, file.content)
    return buffer.getvalue()

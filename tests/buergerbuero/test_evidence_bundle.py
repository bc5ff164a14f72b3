"""The evidence bundle: checked by hand without the platform, and by `flask gateway verify`;
every kind of tampering fails with its German message and exit code 1."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess

import pytest
from sqlalchemy import select

from buergerbuero.models import Case, Receipt
from signing import end_gpg_agent

from .archive_world import members, rezipped


def verify(app, tmp_path, bundle: bytes, name: str = "nachweise.zip"):
    """Run `flask gateway verify` on the bundle; return the result."""
    (tmp_path / name).write_bytes(bundle)
    return app.test_cli_runner().invoke(args=["gateway", "verify", str(tmp_path / name)])


def test_the_bundle_holds_every_document_and_receipt_listed_in_its_manifest(app, archived):
    files = members(archived.bundle)
    manifest = json.loads(files["manifest.json"])
    assert manifest["case_reference"] == archived.case.reference
    assert manifest["format"] == "buergerbuero-nachweise/1" and manifest["created_at"]
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(files) == set(listed) | {"manifest.json", "manifest.json.asc"}
    for path, entry in listed.items():
        assert hashlib.sha256(files[path]).hexdigest() == entry["sha256"], path
        assert len(files[path]) == entry["size"], path
    reference = archived.case.reference
    for path in (f"dokumente/Vorgangsakte-{reference}.pdf",
                 f"dokumente/Eingangsquittung-{reference}.pdf",
                 f"dokumente/Bescheid-{reference}.pdf", "gateway.asc", "zertifikate/ca.pem",
                 "zertifikate/siegel.pem", "LIESMICH.txt", "SHA256SUMS"):
        assert path in files, path
    session = app.extensions["buergerbuero.db"]()
    try:
        case = session.scalar(select(Case).where(Case.reference == reference))
        receipts = session.scalars(select(Receipt).where(Receipt.case_id == case.id)).all()
        fingerprint = json.loads(receipts[0].record)["issuer"]
    finally:
        session.close()
    assert manifest["gateway_fingerprint"] == fingerprint
    for receipt in receipts:  # the exact signed text, byte for byte, and its signature
        stem = f"nachweise/{receipt.kind.value}-{receipt.message_id}.json"
        assert files[stem] == receipt.record.encode("utf-8")
        assert files[stem + ".asc"] == receipt.signature.encode("ascii")


def test_anyone_checks_the_bundle_with_sha256sum_and_gpg_as_its_liesmich_says(
        archived, tmp_path):
    folder = tmp_path / "paket"
    for name, content in members(archived.bundle).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    readme = (folder / "LIESMICH.txt").read_text("utf-8")
    for step in ("sha256sum -c SHA256SUMS", "gpg --import gateway.asc",
                 "gpg --verify manifest.json.asc manifest.json", "pdfsig"):
        assert step in readme
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True,
                          text=True, check=False)
    assert sums.returncode == 0 and sums.stdout.count(": OK") == len(
        (folder / "SHA256SUMS").read_text().splitlines())
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    env = {**os.environ, "GNUPGHOME": str(home), "LC_ALL": "C"}
    try:
        gpg = ["gpg", "--batch"]
        subprocess.run([*gpg, "--import", "gateway.asc"], cwd=folder, env=env, check=True,
                       capture_output=True)
        signed = ["manifest.json", *sorted(str(p.relative_to(folder))
                                           for p in (folder / "nachweise").glob("*.json"))]
        for name in signed:
            checked = subprocess.run([*gpg, "--verify", f"{name}.asc", name], cwd=folder,
                                     env=env, capture_output=True, text=True, check=False)
            assert checked.returncode == 0 and "Good signature" in checked.stderr, name
        (folder / signed[-1]).write_text((folder / signed[-1]).read_text() + " ")
        forged = subprocess.run([*gpg, "--verify", f"{signed[-1]}.asc", signed[-1]],
                                cwd=folder, env=env, capture_output=True, check=False)
        assert forged.returncode != 0
    finally:
        end_gpg_agent(home)


def test_flask_gateway_verify_accepts_the_bundle_file_by_file(app, archived, tmp_path):
    result = verify(app, tmp_path, archived.bundle)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1].startswith("GÜLTIG   Das Nachweispaket ist vollständig, unverändert")
    assert f"dokumente/Vorgangsakte-{archived.case.reference}.pdf" in lines
    assert result.output.count("Das Siegel ist gültig; das Dokument ist unverändert.") == 3
    assert "UNGÜLTIG" not in result.output


def changed_byte(content: bytes, at: int) -> bytes:
    """Return the content with one byte flipped."""
    return content[:at] + bytes([content[at] ^ 0x01]) + content[at + 1:]


def first(files: dict[str, bytes], prefix: str) -> str:
    """Return the first path under a prefix."""
    return next(name for name in sorted(files) if name.startswith(prefix)
                and not name.endswith(".asc"))


def tampered_receipt(files):
    name = first(files, "nachweise/")
    return {**files, name: files[name].replace(b'"kind"', b'"kinD"')}, name, \
        "Die Datei wurde verändert"


def tampered_pdf(files):
    name = first(files, "dokumente/Vorgangsakte")
    return {**files, name: changed_byte(files[name], 600)}, name, "Die Datei wurde verändert"


def tampered_manifest(files):
    manifest = files["manifest.json"].replace(b'"created_at": "2', b'"created_at": "1')
    return {**files, "manifest.json": manifest}, "manifest.json", \
        "Verzeichnis manifest.json: Signatur ungültig mit dem beigefügten Schlüssel"


def rehashed_receipt(files):
    """A forger changes a receipt and writes its new hash into the manifest."""
    name = first(files, "nachweise/")
    forged = files[name].replace(b"steueramt", b"ordnungsamt")
    manifest = json.loads(files["manifest.json"])
    for entry in manifest["files"]:
        if entry["path"] == name:
            entry.update(sha256=hashlib.sha256(forged).hexdigest(), size=len(forged))
    return ({**files, name: forged, "manifest.json": json.dumps(manifest).encode()}, name,
            "Verzeichnis manifest.json: Signatur ungültig")


def removed_file(files):
    name = first(files, "dokumente/Eingangsquittung")
    return ({k: v for k, v in files.items() if k != name}, name,
            "Die Datei fehlt im Nachweispaket.")


def added_file(files):
    return ({**files, "dokumente/Nachtrag.pdf": b"%PDF-1.4 nachgereicht"},
            "dokumente/Nachtrag.pdf", "Die Datei „dokumente/Nachtrag.pdf“ steht nicht im "
            "Verzeichnis.")


def foreign_key(files):
    return ({**files, "gateway.asc": files["gateway.asc"].replace(b"\n", b"\nX", 3)},
            "gateway.asc", "Der beigefügte Schlüssel gateway.asc fehlt oder passt nicht")


@pytest.mark.parametrize("tampering", [tampered_receipt, tampered_pdf, tampered_manifest,
                                       rehashed_receipt, removed_file, added_file, foreign_key])
def test_a_tampered_bundle_fails_naming_what_changed(app, archived, tmp_path, tampering):
    files, name, message = tampering(members(archived.bundle))
    result = verify(app, tmp_path, rezipped(files))
    assert result.exit_code == 1, result.output
    assert message in result.output, result.output[-3000:]
    assert result.output.splitlines()[-1].startswith("UNGÜLTIG Das Nachweispaket ist nicht "
                                                     "gültig")
    assert name in result.output


def test_the_seals_validate_with_pdfsig_and_the_bundled_ca_as_its_liesmich_says(
        archived, tmp_path):
    files = members(archived.bundle)
    readme = files["LIESMICH.txt"].decode("utf-8")
    nss = tmp_path / "nss"
    nss.mkdir()
    (tmp_path / "ca.pem").write_bytes(files["zertifikate/ca.pem"])
    steps = [["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"],
             ["certutil", "-A", "-d", f"sql:{nss}", "-n", "siegel-ca", "-t", "C,C,C", "-i",
              str(tmp_path / "ca.pem")]]
    assert 'certutil -A -d sql:nss -n siegel-ca -t "C,C,C" -i zertifikate/ca.pem' in readme
    for step in steps:
        subprocess.run(step, check=True, capture_output=True)
    name = f"dokumente/Vorgangsakte-{archived.case.reference}.pdf"
    shown = {}
    for label, content in (("genuine", files[name]), ("changed", changed_byte(files[name], 600))):
        (tmp_path / "akte.pdf").write_bytes(content)
        shown[label] = subprocess.run(["pdfsig", "-nssdir", f"sql:{nss}",
                                       str(tmp_path / "akte.pdf")],
                                      capture_output=True, text=True, check=False).stdout
    for line in ("Total document signed", "Signature Validation: Signature is Valid.",
                 "Certificate Validation: Certificate is Trusted."):
        assert line in shown["genuine"] and line in readme.replace("\n   ", " "), line
    assert "Signature Validation: Digest Mismatch." in shown["changed"]

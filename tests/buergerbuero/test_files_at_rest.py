"""Files outside the database are encrypted at rest: a copy of the folders reveals nothing,
downloads and envelopes carry the original bytes, keys rotate without downtime, an
interrupted rotation is run again, files from before encryption still read, a changed file
is refused in German."""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from buergerbuero.core import file_crypto
from buergerbuero.models import Case, OutboxMessage, PostfachEntry
from mailgateway.envelope import open_envelope
from mailgateway.keys import gateway_keys
from mailgateway.models import OutboxStatus

from .. import support
from .at_rest import (
    CANARY,
    FOLDERS,
    canary_pdf,
    cli,
    council_file,
    file_service,
    file_with_upload,
    news_file,
    raw_files,
    upload_path,
)
from .casework import file_and_deliver
from .conversing import caseworker, message_uploads, newest_outbox, send
from .newsroom import login_editor


@pytest.fixture(scope="module")
def service(app):
    """The test service with a file field."""
    return file_service(app)


def opened(app, envelope: bytes):
    """Return the payload and the documents of an envelope, decrypted and checked."""
    with app.app_context():
        decrypted = gateway_keys().keyring.decrypt_verify(envelope)
    assert decrypted.signature_valid
    return open_envelope(decrypted.data)


def key_ids(app) -> set[str | None]:
    """Return the ids of the keys the stored files are sealed with (None: plaintext)."""
    return {file_crypto.key_id_of(blob) for blob in raw_files(app).values()}


def current_key(app) -> str:
    """Return the id of the key new files are sealed with."""
    with app.app_context():
        return file_crypto.keyring().current


def envelope_files(app, db_session, message_id: str) -> dict[str, bytes]:
    """Return the files an envelope delivered to a Postfach carries, by name."""
    support.fresh(db_session)
    entry = db_session.scalar(select(PostfachEntry).where(PostfachEntry.message_id == message_id))
    return {d.name: d.content for d in opened(app, entry.envelope)[1]}


def body(client, path: str) -> bytes:
    """Download a file; return its bytes (and check it is a download)."""
    with client.get(path) as response:
        assert response.status_code == 200, path
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        return response.get_data()


def test_stored_files_reveal_nothing_and_arrive_as_they_were_sent(
        app, client, other_client, service, db_session, run_gateway):
    filed, sent = canary_pdf("antrag"), canary_pdf("nachricht")
    reference = file_and_deliver(client, run_gateway)
    assert send(client, reference, "Anbei.", [(sent, "Brief.pdf")]).status_code == 302
    [message_file] = message_uploads(db_session, reference)
    outbox = newest_outbox(db_session, "message")
    own_reference, upload_token = file_with_upload(client, service, filed)
    run_gateway()
    carried = envelope_files(app, db_session, outbox.message_id)["anlagen/Brief.pdf"]
    assert carried == sent and hashlib.sha256(carried).hexdigest() == message_file.sha256
    filing = db_session.scalar(select(OutboxMessage).join(Case).where(
        Case.reference == own_reference, OutboxMessage.kind == "submission"))
    assert filed in envelope_files(app, db_session, filing.message_id).values()
    login_editor(other_client)
    notice, minutes = canary_pdf("aushang"), canary_pdf("vorlage")
    published = news_file(app, other_client, notice)
    document = council_file(app, other_client, minutes)

    stored = raw_files(app)
    assert stored and not [name for name, blob in stored.items() if CANARY in blob]
    assert upload_path(app, db_session, upload_token).read_bytes().startswith(file_crypto.MAGIC)
    assert body(client, f"/antraege/dateien/{upload_token}") == filed
    assert body(caseworker(app), f"/antraege/dateien/{message_file.token}") == sent
    assert body(app.test_client(), published) == notice
    assert body(app.test_client(), document) == minutes
    department = app.test_client()
    support.login_demo(department, "ordnungsamt@example.org")
    assert body(department, f"/antraege/dateien/{upload_token}") == filed  # delivered


def test_keys_rotate_without_downtime_and_old_files_are_sealed_too(
        app, client, resident, service, db_session):
    old, before, after = current_key(app), canary_pdf("vorher"), canary_pdf("danach")
    _, first = file_with_upload(client, service, before)
    legacy = upload_path(app, db_session, first)
    legacy.write_bytes(before)  # as stored before files were encrypted
    assert body(client, f"/antraege/dateien/{first}") == before

    assert cli(app, "add-key").exit_code == 0
    new = current_key(app)
    assert new != old  # read again from the key file: no restart
    _, second = file_with_upload(client, service, after)
    assert file_crypto.key_id_of(upload_path(app, db_session, second).read_bytes()) == new
    refused = cli(app, "remove-key", old)
    assert refused.exit_code == 1 and "rotate-keys" in refused.output

    rotated = cli(app, "rotate-keys")
    assert rotated.exit_code == 0, rotated.output
    assert key_ids(app) == {new}
    assert cli(app, "remove-key", old).exit_code == 0
    assert cli(app, "remove-key", new).exit_code == 1  # the current one stays
    assert body(client, f"/antraege/dateien/{first}") == before
    assert body(client, f"/antraege/dateien/{second}") == after
    assert CANARY not in legacy.read_bytes()


def test_an_interrupted_rotation_is_simply_run_again(app, client, resident, service, db_session):
    one, two = canary_pdf("eins"), canary_pdf("zwei")
    _, token = file_with_upload(client, service, one)
    _, other = file_with_upload(client, service, two)
    assert cli(app, "add-key").exit_code == 0
    with app.app_context():
        ring = file_crypto.keyring()
        # Killed mid-way: one file done, the next one's copy half written beside it.
        assert file_crypto.reseal(upload_path(app, db_session, token), ring)
    half = upload_path(app, db_session, other)
    leftover = half.with_name(half.name + file_crypto.TEMP_SUFFIX)
    leftover.write_bytes(half.read_bytes()[:20])
    assert body(client, f"/antraege/dateien/{other}") == two  # still the old one

    again = cli(app, "rotate-keys")
    assert again.exit_code == 0, again.output
    assert not leftover.exists() and key_ids(app) == {ring.current}
    assert body(client, f"/antraege/dateien/{token}") == one
    assert body(client, f"/antraege/dateien/{other}") == two
    assert cli(app, "rotate-keys").output.startswith("Neu verschlüsselt: 0;")  # nothing left


def test_a_changed_or_moved_file_is_refused_in_german_and_logged_without_content(
        app, client, resident, service, db_session, caplog):
    _, token = file_with_upload(client, service, canary_pdf("echt"))
    _, swapped = file_with_upload(client, service, canary_pdf("fremd"))
    path = upload_path(app, db_session, token)
    blob = bytearray(path.read_bytes())
    blob[-30] ^= 1
    path.write_bytes(bytes(blob))
    with caplog.at_level(logging.DEBUG):
        response = client.get(f"/antraege/dateien/{token}")
    assert response.status_code == 500
    assert "Die Datei ist zurzeit nicht abrufbar." in response.get_data(as_text=True)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [
        f"stored file {path.name} fails its integrity check (changed or renamed)"]
    assert not [r for r in caplog.records if r.exc_info]  # no traceback either
    # Another resident's file copied over this one's name does not pass as it.
    os.replace(upload_path(app, db_session, swapped), path)
    assert client.get(f"/antraege/dateien/{token}").status_code == 500


def test_the_instance_gets_an_owner_only_key_file_and_config_keys_win(app):
    key_file = Path(app.instance_path) / "file-keys"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(file_crypto.read_key_file(key_file)) >= 1
    line = file_crypto.new_key_line().replace(" ", ":")
    with support.sibling_app(app, FILES_ENCRYPTION_KEYS=line) as sibling, \
            sibling.app_context():
        assert file_crypto.keyring().current == line.split(":")[0]
        sealed = file_crypto.seal(b"daten", "name")
    with app.app_context(), pytest.raises(file_crypto.StoredFileUnreadable):
        file_crypto.unseal(sealed, "name")  # the file key cannot open it
    with pytest.raises(ValueError, match="key 1 is not"):
        file_crypto.parse_keys("kaputt:abc", ":")


def test_the_gateway_refuses_to_carry_a_changed_file(app, client, db_session, run_gateway,
                                                      caplog):
    reference = file_and_deliver(client, run_gateway)
    assert send(client, reference, "Anbei.", [(canary_pdf("brief"), "Brief.pdf")]).status_code \
        == 302
    [upload] = message_uploads(db_session, reference)
    path = upload_path(app, db_session, upload.token)
    path.write_bytes(path.read_bytes()[:-1] + b"?")
    with caplog.at_level(logging.INFO):
        run_gateway()
    outbox = newest_outbox(db_session, "message")
    support.fresh(db_session)
    assert outbox.status is OutboxStatus.FAILED
    assert "nicht mehr vorhanden" in outbox.last_error  # failed for good, saying why
    assert f"stored file {path.name} fails its integrity check (changed or renamed)" in [
        r.getMessage() for r in caplog.records]


def rotation_command(tmp_path: Path) -> dict:
    """Return how to run `flask privacy rotate-keys` as its own process on tmp_path's folders."""
    env = {**os.environ, "BUERGERBUERO_INSTANCE": str(tmp_path / "instance"),
           "BUERGERBUERO_FILES_ENCRYPTION_KEY_FILE": str(tmp_path / "file-keys"),
           **{f"BUERGERBUERO_{key}": str(tmp_path / key) for key in FOLDERS}}
    return {"args": [sys.executable, "-m", "flask", "--app", "buergerbuero", "privacy",
                     "rotate-keys"], "env": env}


def test_a_rotation_killed_mid_way_loses_nothing_and_finishes_when_run_again(app, tmp_path):
    folders = {key: str(tmp_path / key) for key in FOLDERS}
    old = file_crypto.new_key_line()
    file_crypto.write_key_file(tmp_path / "file-keys", [old])
    contents = {f"datei-{n:03d}": os.urandom(256 * 1024) for n in range(120)}
    with support.sibling_app(app, FILES_ENCRYPTION_KEY_FILE=str(tmp_path / "file-keys"),
                             **folders) as sibling, sibling.app_context():
        for key in FOLDERS:
            Path(folders[key]).mkdir()
        for name, content in contents.items():
            file_crypto.write_new(Path(folders[FOLDERS[hash(name) % 3]]) / name, content)
        new = file_crypto.new_key_line()
        file_crypto.write_key_file(tmp_path / "file-keys", [new, old])
        process = subprocess.Popen(**rotation_command(tmp_path), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        while process.poll() is None and new.split()[0] not in key_ids(sibling):
            time.sleep(0.01)
        process.kill()  # SIGKILL: no clean-up of any kind
        process.wait()
        assert key_ids(sibling) >= {new.split()[0]}  # it had begun
        read = {path.name: file_crypto.read(path) for key in FOLDERS
                for path in Path(folders[key]).iterdir()
                if not path.name.endswith(file_crypto.TEMP_SUFFIX)}
        assert read == contents  # every file is the old or the new one, and reads
        again = subprocess.run(**rotation_command(tmp_path), capture_output=True, text=True,
                               timeout=120)
        assert again.returncode == 0, again.stdout + again.stderr
        assert key_ids(sibling) == {new.split()[0]}
        assert not list(tmp_path.glob(f"*/*{file_crypto.TEMP_SUFFIX}"))

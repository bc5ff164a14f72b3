"""A plaintext file put into the shared folders by someone without a key is refused, by the
downloads and by `flask privacy rotate-keys` (which would otherwise seal it as genuine); a file
the purge removes while it is being rotated is not brought back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from buergerbuero.core import file_crypto
from buergerbuero.models import CouncilDocument, NewsAttachment

from .. import support
from .at_rest import (
    canary_pdf,
    cli,
    council_file,
    file_service,
    file_with_upload,
    news_file,
    raw_files,
    upload_path,
)
from .newsroom import login_editor


@pytest.fixture(scope="module")
def service(app):
    """The test service with a file field."""
    return file_service(app)


def stored(app, db_session, model, key: str) -> Path:
    """Return the stored file of the newest row of a news attachment or council document."""
    support.fresh(db_session)
    row = db_session.scalars(select(model).order_by(model.id.desc())).first()
    return Path(app.config[key]) / row.storage_name


def test_a_plaintext_file_of_ones_own_is_refused_wherever_it_is_served(
        app, client, other_client, resident, service, db_session):
    login_editor(other_client)
    editor = other_client
    _, token = file_with_upload(client, service, canary_pdf("echt"))
    upload = upload_path(app, db_session, token)
    news = news_file(app, editor, canary_pdf("nachricht"))
    council = council_file(app, editor, canary_pdf("vorlage"))
    news_path = stored(app, db_session, NewsAttachment, "NEWS_ATTACHMENTS_DIR")
    council_path = stored(app, db_session, CouncilDocument, "COUNCIL_DOCUMENT_DIR")
    for path in (upload, news_path, council_path):
        path.write_bytes(canary_pdf("untergeschoben"))  # no key needed to write this
    public = app.test_client()
    assert client.get(f"/antraege/dateien/{token}").status_code == 500
    assert public.get(news).status_code == 500
    assert public.get(council).status_code == 500
    rotated = cli(app, "rotate-keys")
    assert rotated.exit_code == 1 and upload.name in rotated.output
    plaintext = {name for name, blob in raw_files(app).items()
                 if file_crypto.key_id_of(blob) is None}
    assert {upload.name, news_path.name, council_path.name} <= plaintext  # not sealed as genuine
    assert f"Unverschlüsselte Dateien übrig: {len(plaintext)}." in rotated.output
    assert client.get(f"/antraege/dateien/{token}").status_code == 500
    for path in (upload, news_path, council_path):
        path.unlink()  # leave the folders readable for the module's other tests


def test_the_row_digest_is_checked_for_sealed_files_too(app):
    with app.app_context():
        sealed = file_crypto.seal(b"inhalt", "datei")
        assert file_crypto.unseal(sealed, "datei", digest=("sha256", support_digest())) == \
            b"inhalt"
        with pytest.raises(file_crypto.StoredFileUnreadable):
            file_crypto.unseal(sealed, "datei", digest=("sha256", "0" * 64))
        with pytest.raises(file_crypto.StoredFileUnreadable):
            file_crypto.unseal(b"inhalt", "datei")  # plaintext without a digest


def support_digest() -> str:
    """Return the sha256 of the sealed test content."""
    import hashlib

    return hashlib.sha256(b"inhalt").hexdigest()


def test_a_file_purged_during_its_rotation_is_not_brought_back(app, tmp_path):
    path = tmp_path / "datei"
    with app.app_context():
        old = file_crypto.keyring()
        file_crypto.write_new(path, b"geloescht gehoert")
        ring = file_crypto.Keyring({"neu": b"k" * 32, **old.keys})
        with pytest.raises(FileNotFoundError):
            file_crypto.reseal(path, ring, before_replace=path.unlink)  # the purge, meanwhile
    assert not path.exists()
    assert not list(tmp_path.iterdir())  # its copy is gone too

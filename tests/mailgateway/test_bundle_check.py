"""An evidence bundle is hostile input: a ZIP bomb, a name that points out of its folder, a
file that is no ZIP or no bundle each get a clear German verdict, never an exception."""

from __future__ import annotations

import io
import zipfile

import pytest

from mailgateway.bundle import safe_name
from mailgateway.bundle_check import MAX_UNPACKED_BYTES, check_bundle
from mailgateway.keys import gateway_keys


def zipped(files: dict[str, bytes]) -> bytes:
    """Return the files as a ZIP, names exactly as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(zipfile.ZipInfo(name), content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def verdict_of(app, data: bytes):
    """Check the bytes as a bundle with this instance's keys."""
    with app.app_context():
        return check_bundle(gateway_keys(), data)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(app):
    bomb = zipped({"manifest.json": b"{}", "dokumente/a.pdf": bytes(MAX_UNPACKED_BYTES + 1)})
    assert len(bomb) < 2**20  # a small file that would unpack to more than the bound
    verdict = verdict_of(app, bomb)
    assert not verdict.valid and "ZIP-Bombe" in verdict.summary


@pytest.mark.parametrize("name", ["../../etc/cron.d/x", "/etc/passwd", "nachweise/../../x",
                                  "dokumente\\..\\x.pdf", "C:/x.pdf", "a//b", "./x"])
def test_a_name_pointing_out_of_the_folder_is_refused(app, name):
    verdict = verdict_of(app, zipped({name: b"x", "manifest.json": b"{}"}))
    assert not verdict.valid and "unzulässigen Dateinamen" in verdict.summary, name


@pytest.mark.parametrize("data, message", [
    (b"kein zip", "kein lesbares ZIP-Archiv"),
    (zipped({"LIESMICH.txt": b"hallo"}), "fehlt das Verzeichnis manifest.json"),
    (zipped({"manifest.json": b"{nicht json"}), "manifest.json ist nicht lesbar"),
    (zipped({"manifest.json": b'{"format": "x", "files": [], "gateway_fingerprint": "A"}'}),
     "nicht die Form eines Nachweispakets"),
])
def test_what_is_no_bundle_gets_a_german_verdict(app, data, message):
    verdict = verdict_of(app, data)
    assert not verdict.valid and message in verdict.summary


def test_the_command_exits_1_with_the_reason_for_a_hostile_zip(app, tmp_path):
    (tmp_path / "b.zip").write_bytes(zipped({"../x": b"x"}))
    result = app.test_cli_runner().invoke(args=["gateway", "verify", str(tmp_path / "b.zip")])
    assert result.exit_code == 1 and "UNGÜLTIG" in result.output
    assert "unzulässigen Dateinamen" in result.output


@pytest.mark.parametrize("name, safe", [("../../x.pdf", "x.pdf"), ("Bescheid HST/1.pdf",
                                                                   "Bescheid_HST_1.pdf"),
                                        (".asc", "asc"), ("", "datei")])
def test_the_bundle_names_its_files_safely(name, safe):
    assert safe_name(name) == safe

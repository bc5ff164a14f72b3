"""OpenPGP with real gpg: round trips, pinned imports, detached signatures, refusals."""

import re
import subprocess

import pytest

from signing import Keyring, OpenPgpError, VerificationError

MESSAGE = "Antrag auf Hundesteuer – Jürgen Müßig, 120,00 €".encode() * 400


def _pinned_copy(source, target: Keyring, fingerprint: str) -> None:
    target.import_pinned(source.keyring.export_public(fingerprint), fingerprint)


def test_sign_encrypt_round_trip_names_the_signer(two_keys):
    ring = two_keys.keyring
    armored = ring.sign_encrypt(MESSAGE, signer=two_keys.gateway, recipients=[two_keys.department])
    assert armored.startswith(b"-----BEGIN PGP MESSAGE-----")
    assert MESSAGE[:20] not in armored
    decrypted = ring.decrypt_verify(armored)
    assert decrypted.data == MESSAGE
    assert decrypted.signer_fingerprint == two_keys.gateway
    assert decrypted.signature_valid


def test_message_reaches_a_department_that_pinned_the_gateway(two_keys, empty_keyring: Keyring):
    department = empty_keyring.generate_key("Ordnungsamt", "ordnungsamt@example.org")
    two_keys.keyring.import_pinned(empty_keyring.export_public(department), department)
    _pinned_copy(two_keys, empty_keyring, two_keys.gateway)
    armored = two_keys.keyring.sign_encrypt(
        b"Hallo", signer=two_keys.gateway, recipients=[department]
    )
    decrypted = empty_keyring.decrypt_verify(armored)
    assert (decrypted.data, decrypted.signer_fingerprint) == (b"Hallo", two_keys.gateway)
    assert decrypted.signature_valid


def test_signature_by_an_unknown_key_is_not_valid(two_keys, empty_keyring: Keyring):
    stranger = empty_keyring.generate_key("Unbekannt", "unbekannt@example.org")
    _pinned_copy(two_keys, empty_keyring, two_keys.department)
    armored = empty_keyring.sign_encrypt(b"x", signer=stranger, recipients=[two_keys.department])
    decrypted = two_keys.keyring.decrypt_verify(armored)
    assert decrypted.data == b"x"
    assert decrypted.signer_fingerprint is None
    assert not decrypted.signature_valid


def test_key_imported_without_pin_cannot_be_encrypted_to(two_keys, empty_keyring: Keyring):
    sender = empty_keyring.generate_key("Absender", "absender@example.org")
    armored = two_keys.keyring.export_public(two_keys.department)
    # A key that reached the homedir some other way than import_pinned: present, but not valid.
    gpg = ["gpg", "--homedir", str(empty_keyring.homedir), "--batch", "--import"]
    subprocess.run(gpg, input=armored.encode(), check=True, capture_output=True)
    with pytest.raises(OpenPgpError) as raised:
        empty_keyring.sign_encrypt(b"x", signer=sender, recipients=[two_keys.department])
    assert raised.value.status == "invalid recipient"


def test_signer_without_secret_key_is_refused_not_replaced(two_keys, empty_keyring: Keyring):
    # gpg's --default-key would silently sign with this other secret key instead.
    empty_keyring.generate_key("Anderer Absender", "anders@example.org")
    _pinned_copy(two_keys, empty_keyring, two_keys.department)
    with pytest.raises(OpenPgpError):
        empty_keyring.sign_encrypt(
            b"x", signer=two_keys.department, recipients=[two_keys.department]
        )


def test_import_with_wrong_pin_is_refused_and_leaves_nothing(two_keys, empty_keyring: Keyring):
    armored = two_keys.keyring.export_public(two_keys.department)
    with pytest.raises(OpenPgpError) as raised:
        empty_keyring.import_pinned(armored, two_keys.gateway)
    assert raised.value.status == "fingerprint mismatch"
    with pytest.raises(OpenPgpError):
        empty_keyring.export_public(two_keys.department)


def test_import_of_a_bundle_with_an_extra_key_is_refused(two_keys, empty_keyring: Keyring):
    bundle = two_keys.keyring.export_public(two_keys.department) + two_keys.keyring.export_public(
        two_keys.gateway
    )
    with pytest.raises(OpenPgpError):
        empty_keyring.import_pinned(bundle, two_keys.department)
    with pytest.raises(OpenPgpError):
        empty_keyring.export_public(two_keys.gateway)


def test_import_of_garbage_is_refused(empty_keyring: Keyring):
    with pytest.raises(OpenPgpError):
        empty_keyring.import_pinned("kein Schlüssel", "0" * 40)


def test_pinned_import_accepts_spaced_lowercase_fingerprint(two_keys, empty_keyring: Keyring):
    fingerprint = two_keys.department
    spaced = " ".join(fingerprint[i : i + 4] for i in range(0, 40, 4)).lower()
    armored = two_keys.keyring.export_public(fingerprint)
    assert empty_keyring.import_pinned(armored, spaced) == fingerprint
    assert not empty_keyring.has_secret_key(fingerprint)


def test_garbage_signature_is_invalid(two_keys):
    with pytest.raises(VerificationError):
        two_keys.keyring.verify_detached(MESSAGE, "kein Signaturblock")


def test_decrypting_garbage_raises_with_status(two_keys):
    with pytest.raises(OpenPgpError) as raised:
        two_keys.keyring.decrypt_verify(b"kein PGP")
    assert raised.value.status


def test_message_for_someone_else_cannot_be_decrypted(two_keys, empty_keyring: Keyring):
    armored = two_keys.keyring.sign_encrypt(
        b"x", signer=two_keys.gateway, recipients=[two_keys.department]
    )
    with pytest.raises(OpenPgpError):
        empty_keyring.decrypt_verify(armored)


def test_own_keys_have_secret_keys(two_keys):
    assert two_keys.keyring.has_secret_key(two_keys.gateway)
    assert two_keys.keyring.has_secret_key(two_keys.department.lower())
    assert not two_keys.keyring.has_secret_key("0" * 40)


def test_names_with_line_breaks_are_refused(empty_keyring: Keyring):
    with pytest.raises(OpenPgpError):
        empty_keyring.generate_key("Amt\nKey-Type: RSA", "amt@example.org")


def test_key_ids_other_than_fingerprints_are_refused(two_keys):
    with pytest.raises(OpenPgpError, match="Fingerabdruck"):
        two_keys.keyring.sign_encrypt(b"x", signer="poststelle@example.org", recipients=["*"])


def test_homedir_is_private(empty_keyring: Keyring):
    assert empty_keyring.homedir.stat().st_mode & 0o777 == 0o700


BIG = b"x" * (2 * 1024 * 1024)  # far more than a pipe buffer: gpg quits before reading it all


def test_big_message_to_unknown_recipient_raises_openpgp_error(two_keys):
    with pytest.raises(OpenPgpError):
        two_keys.keyring.sign_encrypt(BIG, signer=two_keys.gateway, recipients=["0" * 40])


def test_big_garbage_cannot_be_decrypted(two_keys):
    with pytest.raises(OpenPgpError):
        two_keys.keyring.decrypt_verify(BIG)


def test_big_data_with_garbage_signature_is_invalid(two_keys):
    with pytest.raises(VerificationError):
        two_keys.keyring.verify_detached(BIG, "kein Signaturblock")


def test_a_closed_keyring_leaves_no_gpg_agent_behind(tmp_path, gpg_agents):
    keyring = Keyring(tmp_path / "gnupg")
    signer = keyring.generate_key("Poststelle", "poststelle@example.org")
    keyring.sign_encrypt(b"Hallo", signer=signer, recipients=[signer])
    assert gpg_agents(keyring.homedir, settle=0), "gpg should have started an agent"
    keyring.close()
    assert gpg_agents(keyring.homedir) == []


def test_a_keyring_used_as_context_ends_its_agent_and_works_again_after(tmp_path, gpg_agents):
    with Keyring(tmp_path / "gnupg") as keyring:
        signer = keyring.generate_key("Poststelle", "poststelle@example.org")
    assert gpg_agents(keyring.homedir) == []
    with keyring:
        armored = keyring.sign_encrypt(b"Hallo", signer=signer, recipients=[signer])
        assert keyring.decrypt_verify(armored).data == b"Hallo"
    assert gpg_agents(keyring.homedir) == []


def test_a_failing_detached_signature_is_explained_in_german(two_keys):
    signature = two_keys.keyring.sign_detached(MESSAGE, signer=two_keys.gateway)
    armour = signature.splitlines()
    body = next(i for i, line in enumerate(armour) if line and ":" not in line and i > 0)
    damaged = armour[body][:10] + ("A" if armour[body][10] != "A" else "B") + armour[body][11:]
    attempts = {
        "changed text": (MESSAGE + b"!", signature),
        "no signature": (MESSAGE, "kein Signaturblock"),
        "garbled signature": (MESSAGE, "\n".join(armour[:body] + [damaged] + armour[body + 1:])),
    }
    for name, (data, given) in attempts.items():
        with pytest.raises(VerificationError) as raised:
            two_keys.keyring.verify_detached(data, given)
        message = str(raised.value)
        assert re.fullmatch(r"Die Signatur [^()]+\.|Im Feld für die Signatur [^()]+\.", message), (
            name, message)
    with pytest.raises(VerificationError, match="passt nicht zum Text"):
        two_keys.keyring.verify_detached(MESSAGE + b"!", signature)

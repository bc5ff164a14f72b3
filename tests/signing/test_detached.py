"""In-process detached signatures (Sequoia) with a key from a gpg keyring, checked by gpg."""

import threading

import pytest

from signing import DetachedSigner, Keyring, OpenPgpError, VerificationError

MESSAGE = '{"kind": "eingang", "recipient": "steueramt", "€": "Müßig"}'.encode()


@pytest.fixture(scope="module")
def signer(two_keys) -> DetachedSigner:
    """The gateway's signer, built from the keyring like a worker does once."""
    return DetachedSigner.from_keyring(two_keys.keyring, two_keys.gateway)


def test_gpg_accepts_the_signature_and_names_the_gateway(signer, two_keys):
    signature = signer.sign(MESSAGE)
    assert signature.startswith("-----BEGIN PGP SIGNATURE-----")
    assert two_keys.keyring.verify_detached(MESSAGE, signature) == two_keys.gateway


def test_gpg_rejects_the_signature_for_other_data(signer, two_keys):
    signature = signer.sign(MESSAGE)
    with pytest.raises(VerificationError):
        two_keys.keyring.verify_detached(MESSAGE.replace(b"eingang", b"abholung"), signature)


def test_a_department_that_pinned_the_gateway_key_verifies_it(signer, two_keys,
                                                             empty_keyring: Keyring):
    armored = two_keys.keyring.export_public(two_keys.gateway)
    empty_keyring.import_pinned(armored, two_keys.gateway)
    assert empty_keyring.verify_detached(MESSAGE, signer.sign(MESSAGE)) == two_keys.gateway


def test_keyring_without_the_gateway_key_does_not_trust_it(signer, empty_keyring: Keyring):
    with pytest.raises(VerificationError):
        empty_keyring.verify_detached(MESSAGE, signer.sign(MESSAGE))


def test_signatures_from_many_threads_all_verify(signer, two_keys):
    signatures: list[tuple[bytes, str]] = []

    def sign_some(number: int) -> None:
        for index in range(5):
            data = MESSAGE + f"{number}-{index}".encode()
            signatures.append((data, signer.sign(data)))

    threads = [threading.Thread(target=sign_some, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(signatures) == 20
    for data, signature in signatures:
        assert two_keys.keyring.verify_detached(data, signature) == two_keys.gateway


def test_fingerprint_that_is_not_the_exported_key_is_refused(two_keys):
    secret = two_keys.keyring.export_secret(two_keys.gateway)
    with pytest.raises(OpenPgpError) as raised:
        DetachedSigner(secret, two_keys.department)
    assert raised.value.status == "fingerprint mismatch"


def test_keyring_without_the_secret_key_cannot_build_a_signer(two_keys, empty_keyring: Keyring):
    empty_keyring.import_pinned(two_keys.keyring.export_public(two_keys.gateway),
                                two_keys.gateway)
    with pytest.raises(OpenPgpError) as raised:
        DetachedSigner.from_keyring(empty_keyring, two_keys.gateway)
    assert raised.value.status == "no secret key"


def test_unreadable_key_data_is_a_clear_error(two_keys):
    with pytest.raises(OpenPgpError) as raised:
        DetachedSigner(b"kein Schluessel", two_keys.gateway)
    assert raised.value.status == "unreadable secret key"

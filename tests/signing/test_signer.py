"""One Signer interface: the PAdES seal and both OpenPGP signers are interchangeable for callers."""

from __future__ import annotations

import pytest

from signing import (
    DetachedSigner,
    KeyringSigner,
    OpenPgpError,
    PadesSigner,
    Signer,
    VerificationError,
    verify_pdf,
)


def test_a_signer_must_say_what_signs_and_how():
    class Incomplete(Signer[bytes]):
        """Forgot description and sign."""

    with pytest.raises(TypeError, match="abstract"):
        Incomplete()


def test_the_pades_seal_is_a_signer_naming_its_certificate(seal: PadesSigner, sealed_receipt,
                                                           dev_pki):
    assert isinstance(seal, Signer)
    assert seal.description.startswith("PAdES-Siegel")
    assert "Stadt Musterstadt Elektronisches Siegel" in seal.description
    assert verify_pdf(sealed_receipt, [dev_pki.ca_cert]).ok


def test_both_openpgp_signers_are_signers_whose_signatures_gpg_accepts(two_keys):
    in_process = DetachedSigner.from_keyring(two_keys.keyring, two_keys.gateway)
    through_gpg = KeyringSigner(two_keys.keyring, two_keys.gateway)
    for signer in (in_process, through_gpg):
        assert isinstance(signer, Signer) and two_keys.gateway in signer.description
        signature = signer.sign(b"Eingangsbestaetigung")
        assert signature.startswith("-----BEGIN PGP SIGNATURE-----")
        assert two_keys.keyring.verify_detached(b"Eingangsbestaetigung", signature) == (
            two_keys.gateway)
        with pytest.raises(VerificationError):
            two_keys.keyring.verify_detached(b"Eingangsbestaetigunh", signature)


def test_gpg_signing_with_a_key_the_keyring_lacks_raises_with_gpgs_status(empty_keyring,
                                                                          two_keys):
    with pytest.raises(OpenPgpError) as raised:
        KeyringSigner(empty_keyring, two_keys.gateway).sign(b"Daten")
    assert raised.value.status == "invalid signer"

"""The development PKI: files, permissions, certificate contents and idempotence."""

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from signing import DevPki, create_dev_pki


def _load(path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_seal_key_is_readable_by_owner_only(dev_pki: DevPki):
    assert dev_pki.seal_key.stat().st_mode & 0o777 == 0o600


def test_seal_key_belongs_to_seal_certificate(dev_pki: DevPki):
    key = load_pem_private_key(dev_pki.seal_key.read_bytes(), password=None)
    assert key.public_key() == _load(dev_pki.seal_cert).public_key()


def test_seal_certificate_is_issued_by_the_ca_for_five_years(dev_pki: DevPki):
    ca, seal = _load(dev_pki.ca_cert), _load(dev_pki.seal_cert)
    seal.verify_directly_issued_by(ca)
    lifetime = seal.not_valid_after_utc - seal.not_valid_before_utc
    assert dt.timedelta(days=5 * 365) <= lifetime < dt.timedelta(days=5 * 366)
    assert ca.subject.rfc4514_string().startswith("CN=Stadt Musterstadt Entwicklungs-CA")


def test_seal_certificate_allows_signing_but_no_certificates(dev_pki: DevPki):
    seal = _load(dev_pki.seal_cert)
    usage = seal.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature
    assert usage.content_commitment
    assert not usage.key_cert_sign
    assert not seal.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_second_call_returns_the_existing_pki_unchanged(dev_pki: DevPki):
    before = dev_pki.seal_key.read_bytes()
    again = create_dev_pki(dev_pki.seal_key.parent)
    assert again == dev_pki
    assert again.seal_key.read_bytes() == before


def test_incomplete_pki_is_created_anew(tmp_path):
    pki = create_dev_pki(tmp_path)
    pki.seal_cert.unlink()
    again = create_dev_pki(tmp_path)
    _load(again.seal_cert).verify_directly_issued_by(_load(again.ca_cert))
    key = load_pem_private_key(again.seal_key.read_bytes(), password=None)
    assert key.public_key() == _load(again.seal_cert).public_key()

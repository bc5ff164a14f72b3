"""A throw-away PKI for development and tests: a root CA and the municipality's seal certificate.

Never use it in production: the seal key is written unencrypted and the CA key is discarded.
"""

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CA_LIFETIME = dt.timedelta(days=10 * 365)
SEAL_LIFETIME = dt.timedelta(days=5 * 365)
# Backdate a little so that a validator with a slightly late clock accepts fresh certificates.
CLOCK_SKEW = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class DevPki:
    """Paths of the PEM files that make up the development PKI."""

    ca_cert: Path
    seal_cert: Path
    seal_key: Path


def create_dev_pki(directory: Path, organisation: str = "Stadt Musterstadt") -> DevPki:
    """Create the development PKI in ``directory``, or return the one already there."""
    directory = Path(directory)
    pki = DevPki(
        ca_cert=directory / "ca.pem",
        seal_cert=directory / "seal.pem",
        seal_key=directory / "seal-key.pem",
    )
    if all(path.is_file() for path in (pki.ca_cert, pki.seal_cert, pki.seal_key)):
        return pki
    directory.mkdir(parents=True, exist_ok=True)
    _write_pki(pki, organisation)
    return pki


def _write_pki(pki: DevPki, organisation: str) -> None:
    now = dt.datetime.now(dt.UTC) - CLOCK_SKEW
    ca_key = ec.generate_private_key(ec.SECP256R1())
    # Certificate names are part of every seal and its proof: one language, the authority's.
    ca_name = _name(organisation, f"{organisation} Entwicklungs-CA")  # untranslated: certificate
    ca_cert = _build_ca(ca_key, ca_name, now)
    seal_key = ec.generate_private_key(ec.SECP256R1())
    seal_name = _name(organisation,  # untranslated: certificate subject, part of the legal record
                      f"{organisation} Elektronisches Siegel")
    seal_cert = _build_seal(seal_key, seal_name, ca_key, ca_cert, now)
    _write_private_key(pki.seal_key, seal_key)
    pki.seal_cert.write_bytes(seal_cert.public_bytes(serialization.Encoding.PEM))
    pki.ca_cert.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))


def _name(organisation: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _build_ca(
    key: ec.EllipticCurvePrivateKey, name: x509.Name, now: dt.datetime
) -> x509.Certificate:
    usage = _key_usage(key_cert_sign=True, crl_sign=True)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + CA_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _build_seal(
    key: ec.EllipticCurvePrivateKey,
    name: x509.Name,
    ca_key: ec.EllipticCurvePrivateKey,
    ca_cert: x509.Certificate,
    now: dt.datetime,
) -> x509.Certificate:
    usage = _key_usage(digital_signature=True, content_commitment=True)
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + SEAL_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )


def _key_usage(**enabled: bool) -> x509.KeyUsage:
    flags = dict.fromkeys(
        (
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    flags.update(enabled)
    return x509.KeyUsage(**flags)


def _write_private_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Create with 0600 from the start, so the key is never readable by others, not even briefly.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    os.chmod(path, 0o600)

"""A signer is one plug-in: another seal (an HSM, a remote service) needs no caller changed.

The demo seal signs with a second, test-only PKI through pyHanko directly (not PadesSigner),
registered in a fresh registry given to a test-only app; the real gateway job seals with it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from sqlalchemy import select

from buergerbuero.models import Case, Receipt, SignedDocument
from common.registry import Registry, RegistryError
from mailgateway import signers as signer_plugins
from mailgateway.keys import gateway_keys
from mailgateway.receipts import verify_receipt
from signing import KeyringSigner, Signer, create_dev_pki, verify_pdf

from .. import support


class RemoteSealDemo(Signer[bytes]):
    """Stands for a remote sealing service: it holds its own certificate and counts requests."""

    def __init__(self, cert_path, key_path) -> None:
        self._signer = signers.SimpleSigner.load(str(key_path), str(cert_path))
        self.requests: list[str] = []

    @property
    def description(self) -> str:
        """Name the service's certificate."""
        return f"Siegeldienst {self._signer.signing_cert.subject.human_friendly}"

    def sign(self, data: bytes, /, **context) -> bytes:
        """Seal the PDF as the service would, in a field of its own."""
        self.requests.append(context["reason"])
        meta = signers.PdfSignatureMetadata(field_name="Fremdsiegel", reason=context["reason"],
                                            location=context["location"],
                                            subfilter=fields.SigSeedSubFilter.PADES)
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        return signers.sign_pdf(writer, meta, signer=self._signer).getvalue()


class RemoteSealPlugin(signer_plugins.SignerPlugin):
    """Builds the demo seal from the PKI named in the config."""

    role = "seal"

    def build(self, setup: signer_plugins.KeySetup) -> Signer:
        """Connect to the "service"."""
        pki = setup.config["DEMO_SEAL_PKI"]
        return RemoteSealDemo(pki.seal_cert, pki.seal_key)


@pytest.fixture(scope="module")
def service_pki(tmp_path_factory):
    """The demo service's own PKI, unrelated to the municipality's."""
    return create_dev_pki(tmp_path_factory.mktemp("siegeldienst"), organisation="Siegeldienst Test")


@pytest.fixture
def sibling(app):
    """A test-only app on the session app's database, queue and instance."""
    with support.sibling_app(app) as test_app:
        yield test_app


def filed_case(client, db_session) -> tuple[int, str]:
    """File one dog-tax application; return its case id and reference."""
    support.register(client)
    reference = support.file_hundesteuer(client)
    return db_session.scalar(select(Case.id).where(Case.reference == reference)), reference


def test_a_demo_seal_with_a_second_pki_seals_the_receipt_and_verification_names_it(
        sibling, app, service_pki, redis_conn, db_session, run_gateway):
    registry: Registry[signer_plugins.SignerPlugin] = Registry("signer")
    registry.register("demo-siegeldienst")(RemoteSealPlugin)
    registry.register("openpgp-local")(signer_plugins.InProcessOpenPgp)
    sibling.config.update(SIGNING_SEAL_SIGNER="demo-siegeldienst", DEMO_SEAL_PKI=service_pki)
    signer_plugins.init_app(sibling, registry)
    case_id, reference = filed_case(sibling.test_client(), db_session)
    run_gateway(sibling)
    document = db_session.scalar(select(SignedDocument).where(SignedDocument.case_id == case_id))
    sealed = verify_pdf(document.content, [service_pki.ca_cert])
    assert sealed.ok and sealed.signer == "Siegeldienst Test Elektronisches Siegel"
    municipal = verify_pdf(document.content, [Path(app.config["SIGNING_PKI_DIR"]) / "ca.pem"])
    assert municipal.valid and not municipal.trusted
    with sibling.app_context():
        keys = gateway_keys()
        assert keys.seal.requests == [f"Eingangsquittung {reference}"]
        receipts = db_session.scalars(select(Receipt).where(Receipt.case_id == case_id)).all()
        assert len(receipts) == 2 and all(verify_receipt(keys, r) for r in receipts)


def test_receipts_signed_by_gpg_itself_verify_like_the_in_process_ones(
        app, redis_conn, db_session, run_gateway):
    with support.sibling_app(app, SIGNING_RECEIPT_SIGNER="openpgp-gpg") as gpg_app:
        case_id, _ = filed_case(gpg_app.test_client(), db_session)
        run_gateway(gpg_app)
        with gpg_app.app_context():
            keys = gateway_keys()
            assert isinstance(keys.receipt_signer(), KeyringSigner)
            assert keys.receipt_signer().description.endswith(f"{keys.gateway_fingerprint} (gpg)")
            receipts = db_session.scalars(select(Receipt).where(Receipt.case_id == case_id)).all()
            assert {r.kind.value for r in receipts} == {"versand", "eingang"}
            assert all(verify_receipt(keys, r) for r in receipts)


def test_the_default_signers_are_the_local_seal_and_the_in_process_key(app):
    assert app.config["SIGNING_SEAL_SIGNER"] == "pades-local"
    assert app.config["SIGNING_RECEIPT_SIGNER"] == "openpgp-local"
    with app.app_context():
        keys = gateway_keys()
        assert keys.seal.description.startswith("PAdES-Siegel")
        assert "Stadt Musterstadt" in keys.seal.description
        assert keys.receipt_signer().description == f"OpenPGP-Schlüssel {keys.gateway_fingerprint}"


@pytest.mark.parametrize(("settings", "message"), [
    ({"SIGNING_SEAL_SIGNER": "hsm"},
     r"unknown signer 'hsm' \(known: openpgp-gpg, openpgp-local, pades-local\)"),
    ({"SIGNING_SEAL_SIGNER": "openpgp-local"},
     "SIGNING_SEAL_SIGNER: signer 'openpgp-local' is a 'receipt' signer, not a 'seal' one"),
    ({"SIGNING_RECEIPT_SIGNER": "pades-local"},
     "SIGNING_RECEIPT_SIGNER: signer 'pades-local' is a 'seal' signer, not a 'receipt' one"),
])
def test_an_unknown_signer_or_one_for_another_role_is_refused_when_configured(settings, message):
    flask_app = Flask("test")
    flask_app.config.update(settings)
    with pytest.raises(RegistryError, match=message):
        signer_plugins.init_app(flask_app)

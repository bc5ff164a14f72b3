"""A failure reason is stored independently of the reader and shown in the reader's language."""

from __future__ import annotations

import json

import pytest

from common.i18n import _l
from mailgateway import PermanentDeliveryError, TransportError
from mailgateway.destinations import destination_problem
from mailgateway.reasons import LIMIT, describe_failure, failure_record
from mailgateway.transports.webhook import address_refusal


def english(app):
    return app.test_request_context(headers={"Accept-Language": "en"})


def refused(reason=None) -> PermanentDeliveryError:
    return PermanentDeliveryError(
        _l("Webhook-Host %(host)s zeigt auf %(address)s (%(reason)s): nicht erlaubt."),
        host="'amt.invalid'", address="10.0.0.1", reason=reason or _l("privat"))


def test_a_marked_reason_is_stored_as_its_german_id_and_parameters(app):
    with english(app):  # the reader's language does not change what is stored
        stored = failure_record(refused())
    record = json.loads(stored)
    assert record["msgid"].startswith("Webhook-Host %(host)s zeigt auf")
    assert record["params"] == {"host": "'amt.invalid'", "address": "10.0.0.1",
                                "reason": "privat"}
    assert record["error"] == "PermanentDeliveryError" and record["translated"] == ["reason"]


def test_the_stored_reason_reads_german_or_english_with_its_translated_parameter(app):
    stored = failure_record(refused())
    with app.test_request_context():
        assert describe_failure(stored) == ("PermanentDeliveryError: Webhook-Host 'amt.invalid' "
                                            "zeigt auf 10.0.0.1 (privat): nicht erlaubt.")
    with english(app):
        assert describe_failure(stored) == ("PermanentDeliveryError: Webhook host 'amt.invalid' "
                                            "points to 10.0.0.1 (private): not allowed.")


def test_the_exception_itself_reads_german_in_logs_and_tracebacks():
    assert str(refused()) == ("Webhook-Host 'amt.invalid' zeigt auf 10.0.0.1 (privat): "
                              "nicht erlaubt.")


@pytest.mark.parametrize("stored", [
    "RuntimeError: Datenbank weg",  # another exception: its text as it was
    "TransportError: Demo-Kanal antwortet nicht.",  # a channel raising plain text
    "{kaputt",  # looks like JSON but is not
    json.dumps({"msgid": 3}),  # JSON, but no record of ours
])
def test_plain_or_foreign_text_is_shown_as_stored(app, stored):
    with english(app):
        assert describe_failure(stored) == stored


def test_plain_text_raised_by_a_channel_is_stored_as_before():
    assert failure_record(TransportError("Demo-Kanal antwortet nicht.")) == (
        "TransportError: Demo-Kanal antwortet nicht.")
    assert failure_record(OSError("kaputt")) == "OSError: kaputt"


def test_a_huge_parameter_is_cut_and_the_record_stays_json():
    stored = failure_record(TransportError(_l("Webhook %(host)s: %(error)s"), host="h",
                                           error="x" * 10_000))
    assert len(stored) <= LIMIT and json.loads(stored)["msgid"] == "Webhook %(host)s: %(error)s"


def test_a_translation_that_lost_its_placeholder_falls_back_to_german(app, monkeypatch):
    stored = failure_record(refused())
    def lost_placeholder(msgid, **params):
        raise KeyError("missing")  # what `"%(missing)s" % params` raises

    monkeypatch.setattr("mailgateway.reasons._", lost_placeholder)
    with english(app):
        assert "zeigt auf 10.0.0.1" in describe_failure(stored)


def test_a_bad_destination_is_described_in_the_readers_language(app):
    with english(app):
        problem = destination_problem("abfall", "webhook", "http://amt.invalid/", app.config)
        unknown = destination_problem("abfall", "fax", "", app.config)
    assert problem == "Webhook 'http://amt.invalid/': only https is allowed."
    assert unknown.startswith("Unknown channel “fax” (known: ")
    with app.test_request_context():
        assert destination_problem("abfall", "webhook", "http://amt.invalid/", app.config) == (
            "Webhook 'http://amt.invalid/': nur https ist erlaubt.")


def test_an_address_refusal_names_its_reason_as_a_marked_message():
    import ipaddress

    assert str(address_refusal(ipaddress.ip_address("10.0.0.1"))) == "privat"


def test_a_number_parameter_stays_a_number_so_a_d_placeholder_formats(app):
    error = TransportError(_l("Der Server antwortete %(status)d."), status=503)
    assert str(error) == "Der Server antwortete 503."
    assert json.loads(failure_record(error))["params"] == {"status": 503}

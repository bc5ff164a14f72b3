"""A channel is one plug-in: label, defaults, destination check and delivery, from its registry.

The demo channels live in a fresh registry given to a test-only app (a sibling of the session
app on the same database and queue); the product's registry never sees them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask, current_app
from sqlalchemy import select

from buergerbuero.models import Case, OutboxMessage, OutboxStatus
from common.db import utcnow
from common.registry import Registry, RegistryError
from mailgateway import transports as channels
from mailgateway.exceptions import PermanentDeliveryError, TransportError
from mailgateway.relay import relay_once
from mailgateway.transports import Accepted, Parcel, Transport
from mailgateway.transports.postfach import PostfachTransport

from .. import support

ADMIN = ("admin@example.org", "Demo-Passwort-2026")


class FailingDemo(Transport):
    """A channel whose receiver is always down (or, when so configured, refuses for good)."""

    label = "Demo-Kanal (fällt aus)"
    defaults = {"MAILGATEWAY_DEMO_FAILING_FOR_GOOD": False}

    def deliver(self, parcel: Parcel) -> Accepted:
        """Fail the way the configuration says."""
        if current_app.config["MAILGATEWAY_DEMO_FAILING_FOR_GOOD"]:
            raise PermanentDeliveryError("Demo-Kanal lehnt die Nachricht für immer ab.")
        raise TransportError(f"Demo-Kanal antwortet nicht ({parcel.message_id}).")


class FaxDemo(Transport):
    """A channel with a destination check that reads its own config default."""

    label = "Fax (Demo)"
    defaults = {"MAILGATEWAY_DEMO_FAX_PREFIX": "+49"}

    def check_destination(self, key: str, address: str, config) -> None:
        """Accept only numbers under the configured prefix."""
        if not address.startswith(config["MAILGATEWAY_DEMO_FAX_PREFIX"]):
            raise PermanentDeliveryError(f"Amt {key!r}: {address!r} ist keine Faxnummer.")

    def deliver(self, parcel: Parcel) -> Accepted:
        """Pretend the fax went through."""
        return Accepted(at=utcnow(), detail=f"Fax an {parcel.department.address}")


def demo_registry() -> Registry[Transport]:
    """A fresh registry: the platform's Postfach and the two demo channels."""
    registry: Registry[Transport] = Registry("transport")
    registry.register("postfach")(PostfachTransport)
    registry.register("demo-failing")(FailingDemo)
    registry.register("demo-fax")(FaxDemo)
    return registry


@pytest.fixture
def demo_app(app, request):
    """A test-only app with the demo registry; config overrides come from the test's marker."""
    overrides = getattr(request, "param", {})
    with support.sibling_app(app, MAILGATEWAY_MAX_ATTEMPTS=2, **overrides) as sibling:
        channels.init_app(sibling, demo_registry())
        yield sibling


def file_case(client, db_session) -> OutboxMessage:
    """File one dog-tax application through ``client``; return its outbox row."""
    support.register(client)
    reference = support.file_hundesteuer(client)
    case = db_session.scalar(select(Case).where(Case.reference == reference))
    return db_session.scalar(select(OutboxMessage).where(OutboxMessage.case_id == case.id))


def outbox_row(db_session, outbox_id: int) -> OutboxMessage:
    """Read the row as committed by the worker."""
    support.fresh(db_session)
    return db_session.get(OutboxMessage, outbox_id)


def test_a_failing_demo_channel_is_retried_then_failed_with_its_error(
        demo_app, redis_conn, db_session, run_gateway, steueramt_on_demo_channel):
    outbox = file_case(demo_app.test_client(), db_session)
    run_gateway(demo_app)
    row = outbox_row(db_session, outbox.id)
    assert row.status is OutboxStatus.PENDING and row.attempts == 1
    assert row.last_error == f"TransportError: Demo-Kanal antwortet nicht ({row.message_id})."
    with demo_app.app_context():
        assert relay_once(now=utcnow() + dt.timedelta(hours=1)) >= 1  # past every grace
    run_gateway(demo_app)
    row = outbox_row(db_session, outbox.id)
    assert row.status is OutboxStatus.FAILED and row.attempts == 2
    assert "Demo-Kanal antwortet nicht" in row.last_error and row.delivered_at is None


@pytest.mark.parametrize("demo_app", [{"MAILGATEWAY_DEMO_FAILING_FOR_GOOD": True}],
                         indirect=True)
def test_instance_config_overrides_a_channel_default_and_a_refusal_fails_at_once(
        demo_app, redis_conn, db_session, run_gateway, steueramt_on_demo_channel):
    outbox = file_case(demo_app.test_client(), db_session)
    run_gateway(demo_app)
    row = outbox_row(db_session, outbox.id)
    assert row.status is OutboxStatus.FAILED and row.attempts == 1
    assert row.last_error == ("PermanentDeliveryError: Demo-Kanal lehnt die Nachricht für "
                              "immer ab.")


def test_a_new_channel_offers_its_label_and_checks_its_destinations_in_the_admin_form(
        demo_app, app, redis_conn):
    client = demo_app.test_client()
    support.login(client, *ADMIN)
    page = client.get("/verwaltung/aemter/neu").get_data(as_text=True)
    assert '<option value="demo-fax">Fax (Demo)</option>' in page
    refused = support.post_form(client, "/verwaltung/aemter/neu", {
        "key": "fax", "name": "Faxamt", "channel": "demo-fax", "address": "0611 123",
        "deadline_days": "7", "fallback": "", "fingerprint": "A" * 40, "public_key": "x"})
    assert refused.status_code == 400
    assert "Amt &#39;fax&#39;: &#39;0611 123&#39; ist keine Faxnummer." in refused.get_data(
        as_text=True)
    # the session app's channels are the product's: the demo never reached them
    assert "demo-fax" not in channels.transports and "demo-fax" not in channels.app_transports(app)


def test_every_built_in_channel_has_a_label_and_its_defaults_in_the_app_config(app):
    for identifier in channels.transports:
        transport = channels.transports[identifier]
        assert transport.label and transport.identifier == identifier
        assert all(key in app.config for key in transport.defaults)
    assert app.config["MAILGATEWAY_SMTP_PORT"] == 25
    assert app.config["MAILGATEWAY_WEBHOOK_ALLOWED"] == []


def test_instance_config_wins_over_channel_defaults_and_list_defaults_are_not_shared():
    first, second = Flask("erste"), Flask("zweite")
    first.config["MAILGATEWAY_SMTP_PORT"] = 2525
    channels.init_app(first)
    channels.init_app(second)
    assert first.config["MAILGATEWAY_SMTP_PORT"] == 2525
    assert second.config["MAILGATEWAY_SMTP_PORT"] == 25
    first.config["MAILGATEWAY_WEBHOOK_ALLOWED"].append("https://amt.example/")
    assert second.config["MAILGATEWAY_WEBHOOK_ALLOWED"] == []


class Unlabelled(Transport):
    """A channel that forgot its German name."""


class Misnamed(Transport):
    """A channel whose default would land in another's namespace."""

    label = "Falsch benannt"
    defaults = {"MAILGATEWAY_SMTP_HOST": "andere.example"}


@pytest.mark.parametrize(("plugin", "message"), [
    (Unlabelled, "transport 'ohne-name' has no label"),
    (Misnamed, "config defaults must be named MAILGATEWAY_OHNE_NAME_\\*, "
               "not MAILGATEWAY_SMTP_HOST"),
])
def test_a_channel_without_label_or_with_foreign_defaults_is_refused_when_configured(
        plugin, message):
    registry: Registry[Transport] = Registry("transport")
    registry.register("ohne-name")(plugin)
    flask_app = Flask("test")
    with pytest.raises(RegistryError, match=message):
        channels.init_app(flask_app, registry)
    assert "MAILGATEWAY_SMTP_HOST" not in flask_app.config

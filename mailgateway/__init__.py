"""The De-Mail-style gateway: outbox, jobs, envelopes, transports, receipts, relay.

This root is the gateway's one door: the web app imports what it needs from here (and queries
through `mailgateway.models`); the gateway's own modules import each other directly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

from signing import ReceiptFonts

from . import signers
from .bundle import BundleFile, evidence_bundle
from .bundle_check import MAX_BUNDLE_BYTES, BundleVerdict, check_bundle
from .destinations import destination_problem
from .exceptions import GatewayError, PermanentDeliveryError, QueueUnavailable, TransportError
from .keys import GatewayKeys, gateway_keys
from .letters import preview_letter
from .models import OutboxKind
from .opening import OpenedEnvelope, delivered_entry, open_entry, open_unread
from .outbox import enqueue_after_commit, listen_for_commits, post
from .payloads import (
    CASE_DELIVERIES,
    Applicant,
    CasePayload,
    CopyPayload,
    DecisionPayload,
    Fee,
    Forwarding,
    ForwardPayload,
    Letter,
    MessagePayload,
    Note,
    Payload,
    Query,
    QueryPayload,
    ReplyPayload,
    Section,
    Service,
    SubmissionPayload,
    WithdrawalPayload,
    payload_for,
)
from .queue import redis_connection
from .reasons import describe_failure
from .receipts import LABELS as RECEIPT_LABELS
from .receipts import TITLES as RECEIPT_TITLES
from .redis_health import redis_warnings
from .relay import relay_once, run_relay
from .resident_box import open_resident_entry, recipient_of, resident_entry
from .retries import retry_failed
from .sealing import document_fonts, seal_pdf
from .state import GatewayState, session, state, state_of
from .status import gateway_status
from .transports import app_transports, channel_label
from .transports import init_app as init_transports
from .verification import Verdict, check_pdf, check_receipt
from .worker import run_worker

__all__ = [
    "Applicant", "CASE_DELIVERIES", "CasePayload", "CopyPayload", "DecisionPayload", "Fee",
    "ForwardPayload", "Forwarding", "GatewayError", "GatewayKeys", "GatewayState", "Letter",
    "MessagePayload", "Note", "OpenedEnvelope", "OutboxKind", "Payload",
    "PermanentDeliveryError", "Query", "QueryPayload", "QueueUnavailable", "RECEIPT_LABELS",
    "RECEIPT_TITLES", "ReplyPayload", "Section", "Service", "SubmissionPayload",
    "TransportError", "Verdict", "WithdrawalPayload", "open_resident_entry", "recipient_of",
    "resident_entry",
    "check_pdf", "check_receipt", "delivered_entry", "describe_failure", "destination_problem",
    "enqueue_after_commit",
    "gateway_keys", "gateway_status", "init_app", "open_entry", "open_unread", "payload_for",
    "post", "preview_letter", "redis_connection", "redis_warnings", "relay_once",
    "retry_failed", "run_relay",
    "run_worker", "session", "state", "state_of", "app_transports", "channel_label",
]
# the case archive and its evidence bundle
__all__ += ["BundleFile", "BundleVerdict", "MAX_BUNDLE_BYTES", "check_bundle", "document_fonts",
            "evidence_bundle", "seal_pdf"]


def init_app(app: Flask, session_factory: Callable[[], Any]) -> None:
    """Set the gateway's config defaults and its per-app state."""
    instance = Path(app.instance_path)
    app.config.setdefault("MAILGATEWAY_GNUPG_HOME", str(instance / "gnupg"))
    app.config.setdefault("MAILGATEWAY_KEYS_FILE", str(instance / "keys.json"))
    app.config.setdefault("MAILGATEWAY_QUEUE", "gateway")
    app.config.setdefault("MAILGATEWAY_JOB_TIMEOUT", 120)
    app.config.setdefault("MAILGATEWAY_MAX_ATTEMPTS", 8)
    app.config.setdefault("MAILGATEWAY_BACKOFF_SECONDS", 30)
    app.config.setdefault("MAILGATEWAY_RELAY_GRACE_SECONDS", 30)
    app.config.setdefault("MAILGATEWAY_STUCK_SECONDS", 300)
    app.config.setdefault("SIGNING_PKI_DIR", str(instance / "pki"))
    fonts = ReceiptFonts()  # the receipt's TrueType files; Debian's DejaVu by default
    app.config.setdefault("SIGNING_PDF_FONT", str(fonts.regular))
    app.config.setdefault("SIGNING_PDF_FONT_BOLD", str(fonts.bold))
    app.config.setdefault("SIGNING_PDF_FONT_FALLBACK", str(fonts.fallback))
    init_transports(app)  # every channel's label checked, its defaults set
    signers.init_app(app)  # SIGNING_SEAL_SIGNER, SIGNING_RECEIPT_SIGNER, checked
    app.extensions["mailgateway"] = GatewayState(session_factory=session_factory)
    listen_for_commits()


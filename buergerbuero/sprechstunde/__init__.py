"""The Digitale Sprechstunde: consultation hours a department publishes, the slots residents
book, and the live conversation during the slot in the case's message box.

A booking becomes a case like an application, so its messages travel through the gateway with
their receipts and it is archived like any case.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("sprechstunde", __name__)

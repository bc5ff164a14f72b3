"""The administrators' area: services, departments, staff accounts and the gateway."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import (  # noqa: E402,F401
    accounts,
    archive,
    audit_log,
    departments,
    figures,
    gateway,
    legal_pages,
    processing_record,
    services,
    views,
)

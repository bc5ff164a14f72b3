"""The administrators' area: services, departments, staff accounts and the gateway."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import (  # noqa: E402,F401
    accounts,
    archive,
    departments,
    figures,
    gateway,
    legal_pages,
    services,
    views,
)

"""The administrators' area: services, departments, staff accounts and the gateway."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import accounts, departments, figures, gateway, services, views  # noqa: E402,F401

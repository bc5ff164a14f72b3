"""The administrators' area: services, departments and the gateway at a glance."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import departments, figures, gateway, services, views  # noqa: E402,F401 - their routes join bp

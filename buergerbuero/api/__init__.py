"""Machine-readable endpoints (health, gateway status) for monitoring."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from . import views  # noqa: E402,F401 - its routes join bp

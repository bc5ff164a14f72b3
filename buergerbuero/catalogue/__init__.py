"""The public catalogue of services (Leistungen) and the site's fixed pages."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__)

from . import verify, views  # noqa: E402,F401 - their routes join bp

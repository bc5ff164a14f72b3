"""WSGI entry point for gunicorn: `gunicorn buergerbuero.core.wsgi:app`."""

from buergerbuero import create_app

app = create_app()

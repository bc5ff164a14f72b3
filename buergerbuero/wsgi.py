"""WSGI entry point for gunicorn: `gunicorn buergerbuero.wsgi:app`."""

from buergerbuero import create_app

app = create_app()

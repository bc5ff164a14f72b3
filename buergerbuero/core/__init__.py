"""Plumbing of the web app: configuration, extensions, errors, templating, entry points."""

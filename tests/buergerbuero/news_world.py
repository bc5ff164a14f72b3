"""The matrix's news: a published item with an attached PDF, and fresh ones for the requests
that use them up (withdrawing an item, removing a file)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from buergerbuero.core import file_crypto
from buergerbuero.core.extensions import db
from buergerbuero.models import NewsAttachment
from buergerbuero.public.news import slug_of
from buergerbuero.public.news_files import files_dir

from .. import support
from .newsroom import add_item


def add_news(app: Flask, params: dict[str, Any]) -> None:
    """Publish the matrix's item with a file; put post_id, post_slug, file_token in params."""
    post_id = add_item(app, title="Matrix-Meldung")
    params.update(post_id=post_id, post_slug=slug_of("Matrix-Meldung"),
                  file_token=attached_file(app, post_id))


def attached_file(app: Flask, post_id: int) -> str:
    """Attach a small PDF to the item (row and file); return its token."""
    content = support.small_pdf("Aushang")
    with app.app_context():
        attachment = NewsAttachment(
            token=secrets.token_urlsafe(16), item_id=post_id, filename="aushang.pdf",
            media_type="application/pdf", size=len(content),
            sha256=hashlib.sha256(content).hexdigest(), storage_name=secrets.token_urlsafe(32))
        file_crypto.write_new(files_dir() / attachment.storage_name, content)
        db.session.add(attachment)
        db.session.commit()
        return attachment.token


def fresh_item(world: Any, role: str, client: FlaskClient, token: str,
               params: dict[str, Any]) -> tuple[FlaskClient, str, dict[str, Any]]:
    """Withdrawing ends an item's publication: every role gets a published item of its own."""
    return client, token, {**params, "post_id": add_item(world.app, title="Matrix-Meldung")}


def fresh_file(world: Any, role: str, client: FlaskClient, token: str,
               params: dict[str, Any]) -> tuple[FlaskClient, str, dict[str, Any]]:
    """Removing deletes the file: every role gets a file of the matrix's item of its own."""
    return client, token, {**params, "file_token": attached_file(world.app, params["post_id"])}

"""Initialise an instance: secret key, files' key, schema, development PKI and keys,
departments, demo data."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from common.db import utcnow
from signing import Keyring, create_dev_pki

from .auth import staff
from .catalogue import definitions
from .catalogue.departments import sync_departments
from .core import file_crypto, migrate
from .core.extensions import db
from .core.labels import department_name, label
from .models import Department, Role, User
from .public import demo as public_demo
from .sprechstunde import demo as sprechstunde_demo

DEMO_PASSWORD = "Demo-Passwort-2026"
DEMO_SETUP = staff.Actor(None, via="init-instance")


def ensure_secret_key(instance: Path) -> None:
    """Write instance/config.py with a random SECRET_KEY unless it exists."""
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    config = instance / "config.py"
    if not config.exists():
        # Owner-only from its creation, whatever the umask: it holds the session signing key.
        descriptor = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(f"SECRET_KEY = {secrets.token_hex(32)!r}\n")


def ensure_gateway_key(app: Flask, keyring: Keyring) -> str:
    """Return the gateway's fingerprint, generating the key and keys.json on first run."""
    keys_file = Path(app.config["MAILGATEWAY_KEYS_FILE"])
    if keys_file.exists():
        fingerprint = json.loads(keys_file.read_text("utf-8"))["gateway"]
        if keyring.has_secret_key(fingerprint):
            return fingerprint
    fingerprint = keyring.generate_key(f"Poststelle {app.config['MUNICIPALITY']}",
                                       "poststelle@gateway.invalid")
    keys_file.write_text(json.dumps({"gateway": fingerprint}, indent=2), "utf-8")
    return fingerprint


def demo_accounts(departments: list[Department]) -> list[tuple[str, str, Role, Department | None]]:
    """Return e-mail, name, role and department of every demo account (the README lists them)."""
    wanted = [("buergerin@example.org", "Erika Mustermann", Role.RESIDENT, None),
              ("admin@example.org", "Anna Admin", Role.ADMIN, None),
              ("redaktion@example.org", "Rita Redaktion", Role.EDITOR, None)]
    # A display name is the person's own data, stored as written (here: German demo data).
    return wanted + [(f"{d.key}@example.org", f"Sachbearbeitung {d.name}",  # untranslated: data
                      Role.CASEWORKER, d) for d in departments]


def demo_users(departments: list[Department]) -> list[tuple[str, str]]:
    """Create the demo accounts (resident, one case worker per department, admin, editor).

    Staff accounts go through the same rules as every other (`auth.staff`), without a link or
    a mail: they get the demo password instead.
    """
    wanted = demo_accounts(departments)
    for email, name, role, department in wanted:
        if db.session.scalar(select(User).where(User.email == email)) is not None:
            continue
        if role is Role.RESIDENT:
            user = User(email=email, display_name=name, role=role, email_confirmed_at=utcnow())
            db.session.add(user)
        else:
            profile = staff.Profile(name, email, role, (department.key,) if department else ())
            user, _secret = staff.create_account(db.session, profile, DEMO_SETUP,
                                                 send_link=False)
        user.set_password(DEMO_PASSWORD)
    # What `make run` prints: the role and department as the reader (the CLI's language) reads.
    return [(email, f"{label(role)} ({department_name(d)})" if d else label(role))
            for email, _, role, d in wanted]


def publish_services(directory: Path) -> list[str]:
    """Publish every definition in the folder; return what was newly published."""
    published = []
    for path in definitions.definition_files(directory):
        row, created = definitions.publish_source(db.session, path.read_text("utf-8"), str(path))
        if created:
            published.append(f"{row.slug}@{row.version}")
    return published


def init_instance(app: Flask, *, demo: bool = True) -> list[tuple[str, str]]:
    """Make the instance ready to run; idempotent. Return the demo logins."""
    ensure_secret_key(Path(app.instance_path))
    file_crypto.ensure_key(app)  # the files' key, apart from the files (docs/privacy.md)
    migrate.upgrade(app)
    create_dev_pki(Path(app.config["SIGNING_PKI_DIR"]), app.config["MUNICIPALITY"])
    services = Path(app.config["SERVICES_DIR"])
    # The block ends the gpg-agent that generating the key started in this process.
    with Keyring(Path(app.config["MAILGATEWAY_GNUPG_HOME"])) as keyring:
        ensure_gateway_key(app, keyring)
        departments = sync_departments(db.session, services / "departments.yaml", keyring)
    db.session.flush()
    logins = demo_users(departments) if demo else []
    publish_services(services)
    if demo:
        db.session.flush()
        public_demo.seed_news(db.session)  # news and announcements by the demo editor
        sprechstunde_demo.seed_demo(db.session)  # the Bürgerreferat's consultation hours
        public_demo.seed_council(db.session)  # Gremien und Sitzungen for the public pages
    db.session.commit()
    return logins

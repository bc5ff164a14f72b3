"""The instance is owner-only from the first write: folders 0700, files 0600, the SQLite
database with its -wal and -shm files included; what an older version left open is tightened."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from buergerbuero import create_app
from buergerbuero.core.extensions import db
from buergerbuero.instance_setup import init_instance

from .. import support


def readable_by_others(root: Path) -> list[str]:
    """Return every folder or file below root that group or others may access, with its mode."""
    found = []
    for folder, dirs, files in os.walk(root):
        for path in [Path(folder)] + [Path(folder, name) for name in dirs + files]:
            info = path.lstat()
            regular = stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)
            if regular and stat.S_IMODE(info.st_mode) & 0o077:
                found.append(f"{path.relative_to(root)} {oct(stat.S_IMODE(info.st_mode))}")
    return found


def instance_app(app, folder: Path):
    """Build an app on its own instance folder with its own SQLite database inside it."""
    return create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "REDIS_URL": app.config["REDIS_URL"],
        "RATELIMIT_STORAGE_URI": "memory://", "MAILGATEWAY_QUEUE": app.config["MAILGATEWAY_QUEUE"],
        "DATABASE_URL": f"sqlite:///{folder / 'buergerbuero.sqlite3'}",
    }, instance_path=str(folder))


def test_an_initialised_instance_and_its_database_after_a_write_are_owner_only(
        app, tmp_path, redis_conn):
    folder = tmp_path / "instance"
    fresh = instance_app(app, folder)
    try:
        with fresh.app_context():
            init_instance(fresh, demo=False)
        support.register(fresh.test_client())  # a real write: the WAL and its index appear
        assert (folder / "buergerbuero.sqlite3-wal").exists()
        assert (folder / "buergerbuero.sqlite3-shm").exists()
        assert (folder / "config.py").exists()  # the SECRET_KEY init_instance wrote
        assert readable_by_others(folder) == []
    finally:
        with fresh.app_context():
            db.engine.dispose()
        # init_instance generated keys: end the gpg-agent that gpg started for this home
        subprocess.run(["gpgconf", "--homedir", str(folder / "gnupg"), "--kill", "all"],
                       check=False)
        support.rebind_limiter(app)


def test_what_an_older_version_left_readable_is_tightened_at_start_up(app, tmp_path):
    folder = tmp_path / "instance"
    (folder / "uploads").mkdir(parents=True, mode=0o755)
    for name in ("buergerbuero.sqlite3", "buergerbuero.sqlite3-wal", "uploads/abc", "keys.json"):
        (folder / name).write_bytes(b"x")
        (folder / name).chmod(0o644)
    folder.chmod(0o755)
    (folder / "uploads").chmod(0o755)
    try:
        instance_app(app, folder)
        assert readable_by_others(folder) == []
    finally:
        support.rebind_limiter(app)

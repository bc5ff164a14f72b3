"""Owner-only files: the instance holds answers with IBANs, password hashes, login-session ids and
private keys, so its folders are 0700 and its files 0600, from the first write on."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

OWNER_ONLY_UMASK = 0o077


def restrict_umask() -> None:
    """Make every file and folder this process creates owner-only (SQLite's -wal/-shm too)."""
    current = os.umask(OWNER_ONLY_UMASK)
    os.umask(current | OWNER_ONLY_UMASK)


def private_paths(app: Flask) -> list[Path]:
    """Return the instance folder and what may be configured outside it (uploads, keys, DB)."""
    config = app.config
    paths = [Path(app.instance_path)]
    paths += [Path(config[key]) for key in ("UPLOADS_DIR", "MAILGATEWAY_GNUPG_HOME",
                                             "SIGNING_PKI_DIR", "MAILGATEWAY_KEYS_FILE",
                                             "FILES_ENCRYPTION_KEY_FILE", "AUDIT_SEAL_FILE")
              if config.get(key)]
    return paths + sqlite_files(config.get("DATABASE_URL", ""))


def sqlite_files(url: str) -> list[Path]:
    """Return an SQLite database file with its journal, -wal and -shm files; none for others."""
    if not url.startswith("sqlite"):
        return []
    database = make_url(url).database
    if not database or database == ":memory:":
        return []
    return [Path(database + suffix) for suffix in ("", "-journal", "-wal", "-shm")]


def tighten(paths: Iterable[Path]) -> list[str]:
    """Make existing folders 0700 and files 0600 below each path; return what could not be."""
    failures = []
    for path in paths:
        for entry in walk(path):
            try:
                owner_only(entry)
            except OSError as exc:
                failures.append(f"{entry}: {exc.strerror}")
    return failures


def walk(path: Path) -> Iterable[Path]:
    """Yield the path and, if it is a folder, everything below it (symbolic links not followed)."""
    if not path.exists() or path.is_symlink():
        return
    yield path
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            yield from (Path(root, name) for name in dirs + files)


def owner_only(path: Path) -> None:
    """Remove group and other permissions from a folder or regular file (sockets are left)."""
    info = path.lstat()
    kept = stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)
    if kept and stat.S_IMODE(info.st_mode) & OWNER_ONLY_UMASK:
        path.chmod(stat.S_IMODE(info.st_mode) & ~OWNER_ONLY_UMASK)


def init_app(app: Flask) -> None:
    """Tighten what an earlier version or another tool left readable; warn where it cannot."""
    for failure in tighten(private_paths(app)):
        app.logger.warning("cannot make owner-only: %s", failure)

"""The README stays true to the code: every demo login, no links out of the repository."""

from __future__ import annotations

import re
from pathlib import Path

from buergerbuero.instance_setup import DEMO_PASSWORD, demo_accounts
from buergerbuero.models import Department, Role

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")
ROLES = {Role.RESIDENT: "resident", Role.CASEWORKER: "case worker", Role.ADMIN: "administrator"}


def shipped_departments() -> list[Department]:
    from buergerbuero.departments import read_departments

    items = read_departments(ROOT / "services" / "departments.yaml")
    return [Department(key=item["key"], name=item["name"]) for item in items]


def readme_accounts() -> dict[str, str]:
    """Return the README's demo table: e-mail → role cell."""
    return dict(re.findall(r"^\| (\S+@example\.org) \| ([^|]+?) \|$", README, re.MULTILINE))


def test_the_readme_lists_every_demo_login_with_its_role_and_department():
    listed = readme_accounts()
    expected = {email: ROLES[role] + (f", {department.name}" if department else "")
                for email, _, role, department in demo_accounts(shipped_departments())}
    assert listed == expected
    assert f"password `{DEMO_PASSWORD}`" in README


def test_the_readme_names_the_port_setting_and_links_nothing_outside_the_repository():
    assert "`PORT`" in README
    targets = re.findall(r"\]\(([^)]+)\)|`(\.\./[^`]+)`", README)
    assert not [t for pair in targets for t in pair if t.startswith("../")]

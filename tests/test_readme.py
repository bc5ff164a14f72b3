"""The README and docs/ stay true to the code: every demo login, links only to files that exist."""

from __future__ import annotations

import re
from pathlib import Path

from buergerbuero.instance_setup import DEMO_PASSWORD, demo_accounts
from buergerbuero.models import Department, Role
from forms.texts import Text

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")
ROLES = {Role.RESIDENT: "resident", Role.CASEWORKER: "case worker", Role.ADMIN: "administrator",
         Role.EDITOR: "editor"}
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # https:, mailto:, …
CODE = re.compile(r"^```.*?^```|`[^`\n]*`", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def shipped_departments() -> list[Department]:
    from buergerbuero.catalogue.departments import read_departments

    items = read_departments(ROOT / "services" / "departments.yaml")
    return [Department(key=item["key"], name=Text.of(item["name"]).de) for item in items]


def readme_accounts() -> dict[str, str]:
    """Return the README's demo table: e-mail → role cell."""
    return dict(re.findall(r"^\| (\S+@example\.org) \| ([^|]+?) \|$", README, re.MULTILINE))


def links(text: str) -> list[str]:
    """Return the targets of the Markdown links in the text, code spans and blocks left out."""
    return LINK.findall(CODE.sub("", text))


def anchors(text: str) -> set[str]:
    """Return the anchors of the headings as GitHub makes them ("## A b-c" → "a-b-c")."""
    headings = re.findall(r"^#{1,6} (.+?)\s*$", CODE.sub("", text), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def link_problems(document: Path) -> list[str]:
    """Return every link of the document that leaves the repository or finds nothing."""
    problems = []
    for target in links(document.read_text("utf-8")):
        if EXTERNAL.match(target):
            problems.append(f"{document.name}: {target} is outside the repository")
            continue
        path, _, anchor = target.partition("#")
        file = (document.parent / path).resolve() if path else document
        if not file.is_relative_to(ROOT) or not file.exists():
            problems.append(f"{document.name}: {target} is no file of the repository")
        elif anchor and anchor not in anchors(file.read_text("utf-8")):
            problems.append(f"{document.name}: {target} names no heading of {file.name}")
    return problems


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


def test_every_link_in_the_readme_and_the_docs_points_to_a_file_of_the_repository():
    assert len(DOCUMENTS) > 1, "docs/ holds no Markdown file"
    problems = [problem for document in DOCUMENTS for problem in link_problems(document)]
    assert not problems, "\n".join(problems)

"""The gateway has one door: the web app imports `mailgateway` and `mailgateway.models` only, no
domain module imports a blueprint, and the gateway's modules do not fetch each other's parts
through the package root."""

from __future__ import annotations

import ast
from pathlib import Path

import buergerbuero
import mailgateway

WEB_APP = Path(buergerbuero.__file__).parent
GATEWAY = Path(mailgateway.__file__).parent
DOORS = {"mailgateway", "mailgateway.models"}
BLUEPRINTS = {"admin", "api", "auth", "cases", "catalogue", "privacy", "public", "sprechstunde",
              "workbench"}
COMPOSERS = {"__init__.py", "instance_setup.py"}
"""Assemble every area, so they import them: create_app mounts each blueprint, init_instance loads
the catalogue's departments and services."""


def imported_modules(path: Path, package: str) -> set[str]:
    """Return the absolute names of the modules (or packages) a source file imports."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            prefix = ".".join(base) if node.level else ""
            module = ".".join(p for p in (prefix, node.module or "") if p)
            names.add(module)
            names.update(f"{module}.{a.name}" for a in node.names if node.level and not node.module)
    return names


def module_name(path: Path, root: Path) -> str:
    """Return a file's package name (its own for an __init__, its package's otherwise)."""
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] != "__init__" else parts)


def sources(root: Path) -> list[Path]:
    """Return the package's Python files, migrations left out (they never import the gateway)."""
    return [p for p in sorted(root.rglob("*.py")) if "migrations" not in p.parts]


def test_the_web_app_uses_the_gateway_through_its_root_and_models_only():
    crossings = {(str(p.relative_to(WEB_APP)), name) for p in sources(WEB_APP)
                 for name in imported_modules(p, module_name(p, WEB_APP))
                 if name.startswith("mailgateway") and name not in DOORS}
    assert crossings == set()


def test_no_module_outside_a_blueprint_imports_one():
    loose = [p for p in sources(WEB_APP) if p.relative_to(WEB_APP).parts[0] not in BLUEPRINTS
             and str(p.relative_to(WEB_APP)) not in COMPOSERS]
    crossings = {(p.name, name) for p in loose
                 for name in imported_modules(p, module_name(p, WEB_APP))
                 if name.split(".")[:2] in [["buergerbuero", b] for b in BLUEPRINTS]}
    assert crossings == set()


def test_the_gateways_modules_import_each_other_not_the_package_root():
    inner = [p for p in sources(GATEWAY) if p.name != "__init__.py" or p.parent != GATEWAY]
    through_root = {(str(p.relative_to(GATEWAY)), name) for p in inner
                    for name in imported_modules(p, module_name(p, GATEWAY))
                    if name == "mailgateway"}
    assert through_root == set()

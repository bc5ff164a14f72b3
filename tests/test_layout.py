"""The tests mirror the packages: a folder per production package, helpers in support modules.

Shared helpers live in support modules or a conftest.py, never in a `test_` module: importing one
ties two test files together, and a test function taken along would run twice.
"""

from __future__ import annotations

import ast
import configparser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BESIDE_THE_PACKAGES = {"browser"}
"""Test folders that mirror no package: what a person does in the browser, across all of them."""


def production_packages(root: Path) -> set[str]:
    """Return the production packages setup.cfg installs (its find include, `name*` patterns)."""
    config = configparser.ConfigParser()
    config.read(root / "setup.cfg", encoding="utf-8")
    patterns = config["options.packages.find"]["include"].split()
    return {pattern.rstrip("*") for pattern in patterns if pattern.rstrip("*").isidentifier()}


def imported_parts(tree: ast.AST) -> list[tuple[int, str]]:
    """Return (line, dotted name) of every module or name an import statement takes."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found += [(node.lineno, ".".join(filter(None, (node.module, alias.name))))
                      for alias in node.names]
    return found


def imports_of_test_modules(tests: Path) -> list[str]:
    """Name every import, in any file under the tests folder, that takes from a `test_` module."""
    found = []
    for path in sorted(tests.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(tests.parent)}:{line} imports {name}"
                  for line, name in imported_parts(tree)
                  if any(part.startswith("test_") for part in name.split("."))]
    return found


def folder_problems(root: Path) -> list[str]:
    """Name each production package without its tests folder and each folder mirroring none."""
    packages, tests = production_packages(root), root / "tests"
    folders = {p.name for p in tests.iterdir() if (p / "__init__.py").is_file()}
    missing = [f"{package}/ has no tests/{package}/ with a test_ module" for package in
               sorted(packages) if not any((tests / package).glob("test_*.py"))
               or not (tests / package / "__init__.py").is_file()]
    stray = [f"tests/{folder}/ mirrors no production package" for folder in
             sorted(folders - packages - BESIDE_THE_PACKAGES)]
    return missing + stray


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write a small demo tree under root (relative path → source) and return root."""
    for name, source in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(source, encoding="utf-8")
    return root


def test_no_file_under_tests_imports_a_test_module():
    found = imports_of_test_modules(ROOT / "tests")
    assert not found, "move the helpers to a support module or conftest.py:\n" + "\n".join(found)


def test_every_production_package_has_its_tests_folder_and_no_folder_mirrors_none():
    assert production_packages(ROOT) == {"buergerbuero", "forms", "signing", "mailgateway",
                                         "common"}
    assert folder_problems(ROOT) == []


@pytest.mark.parametrize("importer", [
    "from .test_delivery import filed_case\n",
    "from . import test_delivery\n",
    "from ..gateway.test_delivery import filed_case\n",
    "import tests.gateway.test_delivery\n",
    "def later():\n    from tests.gateway import test_delivery\n",
])
def test_an_import_from_a_test_module_is_named(tmp_path, importer):
    tests = write_tree(tmp_path, {"tests/__init__.py": "", "tests/gateway/__init__.py": "",
                                  "tests/gateway/test_delivery.py": "",
                                  "tests/gateway/workers.py": importer})
    assert [found.split(" imports ")[0] for found in imports_of_test_modules(tests / "tests")] == [
        f"tests/gateway/workers.py:{importer.count(chr(10))}"]


def test_a_package_without_tests_and_a_folder_without_package_are_named(tmp_path):
    root = write_tree(tmp_path, {
        "setup.cfg": "[options.packages.find]\ninclude =\n    shop*\n    stock*\nexclude =\n",
        "tests/__init__.py": "", "tests/shop/__init__.py": "", "tests/shop/test_cart.py": "",
        "tests/app/__init__.py": "", "tests/browser/__init__.py": "",
    })
    assert folder_problems(root) == ["stock/ has no tests/stock/ with a test_ module",
                                     "tests/app/ mirrors no production package"]

"""The production packages' import graph, read with `ast`: no module cycle, the dependency rule.

Every import counts, also one inside a function (moving an import into a function hides a
cycle from Python but not from the design); only imports under `if TYPE_CHECKING:` are left out.
"""

from __future__ import annotations

import ast
from collections import deque
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("buergerbuero", "forms", "signing", "mailgateway", "common")
MAY_IMPORT = {
    "buergerbuero": {"forms", "signing", "mailgateway", "common"},
    "mailgateway": {"signing", "common"},
    "forms": {"common"},
    "signing": {"common"},
    "common": set(),
}
"""The design's rule: the other project packages each package may use (common is the floor)."""


def modules_under(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Map every importable module's dotted name to its file (folders without __init__ skipped)."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            folders = [root.joinpath(*parts[:i]) for i in range(1, len(parts))]
            if all((folder / "__init__.py").is_file() for folder in folders):
                found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def is_type_checking(node: ast.AST) -> bool:
    """Say whether the node is `if TYPE_CHECKING:` (its body never runs)."""
    test = getattr(node, "test", None) if isinstance(node, ast.If) else None
    return getattr(test, "id", getattr(test, "attr", None)) == "TYPE_CHECKING"


def import_nodes(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Return every import statement of the tree, at any depth, except TYPE_CHECKING-only ones."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif is_type_checking(node):
            pending.extend(node.orelse)  # type: ignore[attr-defined]
        else:
            pending.extend(ast.iter_child_nodes(node))
    return found


def named_modules(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """Return the dotted names the statement imports (`from x import y`: x.y and x)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        anchor = module.split(".")[: len(module.split(".")) - node.level + is_package]
        base = ".".join([*anchor, *([base] if base else [])])
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def ancestors(name: str) -> list[str]:
    """Return the packages Python imports before the module itself: a.b.c → a, a.b."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def dependencies(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Return the project modules that importing (or running) the module imports.

    Importing a.b.c runs a and a.b first, so those count too; the module's own ancestors do not:
    Python always starts them before the module, so `from . import bp` in a package's view
    module only reads what its `__init__` defined above the line that imports the view.
    """
    is_package = path.name == "__init__.py"
    names = set()
    for node in import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        for name in named_modules(node, module, is_package):
            names.update([name, *ancestors(name)] if name in known else [])
    return names - {module, *ancestors(module)}


def import_graph(root: Path, packages: tuple[str, ...] = PACKAGES) -> dict[str, set[str]]:
    """Return the graph module → the project modules it imports."""
    known = modules_under(root, packages)
    return {module: dependencies(module, path, known) for module, path in known.items()}


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the graph's strongly connected components (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def shortest_cycle(graph: dict[str, set[str]], members: list[str]) -> list[str]:
    """Return one shortest cycle through the component's first member, start repeated at the end."""
    start, inside = members[0], set(members)
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in sorted(graph[node] & inside):
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if target not in came_from:
                came_from[target] = node
                queue.append(target)
    return [start, start]


def cycles(graph: dict[str, set[str]]) -> list[str]:
    """Describe each import cycle: one shortest loop, and the whole component if it is larger."""
    described = []
    for members in strongly_connected(graph):
        if len(members) > 1 or members[0] in graph[members[0]]:
            loop = shortest_cycle(graph, members)
            rest = f" (component: {', '.join(members)})" if len(members) > len(loop) - 1 else ""
            described.append(" → ".join(loop) + rest)
    return described


def breaks_rule(module: str, target: str) -> bool:
    """Say whether the import leaves the importer's package for one it may not use."""
    source, destination = module.split(".")[0], target.split(".")[0]
    return destination != source and destination not in MAY_IMPORT[source]


def rule_breaks(graph: dict[str, set[str]]) -> list[str]:
    """Describe each import that crosses the packages' dependency rule."""
    return [f"{module} imports {target}" for module, targets in sorted(graph.items())
            for target in sorted(targets) if breaks_rule(module, target)]


APP = "buergerbuero"
FLOOR = ("core", "models")
"""The web app's floor: plumbing and tables, which import no area (every area may import them)."""
NOT_AREAS = {*FLOOR, "migrations"}


def imported_names(module: str, path: Path) -> set[str]:
    """Return every dotted name the module's imports name, modules and the names taken from them."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {name for node in import_nodes(tree) for name in named_modules(node, module, is_package)}


def area_of(name: str, areas: set[str]) -> str | None:
    """Return the area a dotted name lies in (buergerbuero.cases.views → buergerbuero.cases)."""
    return next((area for area in areas if is_within(name, {area})), None)


def area_privates(names: dict[str, set[str]], areas: set[str]) -> dict[str, set[str]]:
    """Map each area to what no other area may import: its bp, its forms and its views modules.

    A views module is one that takes its area's `bp` (`from . import bp`) to add routes to it.
    """
    privates: dict[str, set[str]] = {}
    for module, imported in names.items():
        area = area_of(module, areas)
        if area is not None:
            own = privates.setdefault(area, {f"{area}.bp", f"{area}.forms"})
            own.update([module] if f"{area}.bp" in imported else [])
    return privates


def is_within(name: str, prefixes: set[str]) -> bool:
    """Say whether the dotted name is one of the prefixes or lies below one."""
    return any(name == prefix or name.startswith(f"{prefix}.") for prefix in prefixes)


def area_break(module: str, target: str, privates: dict[str, set[str]], app: str) -> str | None:
    """Describe how one import breaks the web app's rule, or return None if it keeps it."""
    source, destination = area_of(module, set(privates)), area_of(target, set(privates))
    if destination is None or destination == source:
        return None
    if is_within(module, {f"{app}.{floor}" for floor in FLOOR}):
        return f"{module} imports {target} (core and models import no area)"
    if source is not None and is_within(target, privates.get(destination, set())):
        return f"{module} imports {target} (another area's views, forms or bp)"
    return None


def area_rule_breaks(root: Path, app: str = APP) -> list[str]:
    """Describe each import inside the web app that breaks its dependency rule (areas.md)."""
    known = modules_under(root, (app,))
    names = {module: imported_names(module, path) for module, path in known.items()}
    areas = {module for module, path in known.items() if module.count(".") == 1
             and path.name == "__init__.py" and module.split(".")[1] not in NOT_AREAS}
    privates = area_privates(names, areas)
    found = (area_break(module, target, privates, app)
             for module in sorted(names) for target in sorted(names[module]))
    return [described for described in found if described is not None]


def write_package(root: Path, files: dict[str, str]) -> Path:
    """Write a small demo package tree under root (relative path → source) and return root."""
    for name, source in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(source, encoding="utf-8")
    return root


def test_the_production_packages_have_no_import_cycle():
    found = cycles(import_graph(ROOT))
    assert not found, "import cycles:\n" + "\n".join(found)


def test_the_production_packages_keep_the_dependency_rule():
    found = rule_breaks(import_graph(ROOT))
    assert not found, "dependency rule broken:\n" + "\n".join(found)


def test_the_graph_counts_package_inits_and_imports_inside_functions():
    graph = import_graph(ROOT)
    assert "buergerbuero.cases.views" in graph["buergerbuero.cases"]
    cases = graph["buergerbuero.cases.submission"]  # from ..catalogue.definitions runs catalogue
    assert {"buergerbuero.catalogue", "buergerbuero.catalogue.definitions"} <= cases
    assert "mailgateway" in graph["buergerbuero"]  # imported inside create_app


@pytest.mark.parametrize("importer", [
    "from .b import thing\n",
    "def later():\n    from . import b\n",
    "import demo.b\n",
    "from demo import b\n",
])
def test_a_cycle_is_found_however_the_import_is_written(tmp_path, importer):
    root = write_package(tmp_path, {"demo/__init__.py": "", "demo/a.py": importer,
                                    "demo/b.py": "from demo.a import x\n"})
    assert cycles(import_graph(root, ("demo",))) == ["demo.a → demo.b → demo.a"]


def test_a_cycle_through_another_areas_package_init_is_found(tmp_path):
    root = write_package(tmp_path, {
        "demo/__init__.py": "", "demo/one/__init__.py": "from . import views\n",
        "demo/one/views.py": "from ..two.tools import helper\n", "demo/one/tools.py": "",
        "demo/two/__init__.py": "from . import views\n", "demo/two/tools.py": "",
        "demo/two/views.py": "from ..one.tools import helper\n",
    })
    assert cycles(import_graph(root, ("demo",))) == [
        "demo.one → demo.one.views → demo.two → demo.two.views → demo.one"]


def test_a_package_init_importing_the_views_that_read_its_bp_is_no_cycle(tmp_path):
    root = write_package(tmp_path, {
        "demo/__init__.py": "", "demo/area/__init__.py": "bp = 1\nfrom . import views\n",
        "demo/area/views.py": "from . import bp\n",
    })
    assert cycles(import_graph(root, ("demo",))) == []


def test_type_checking_imports_are_left_out(tmp_path):
    root = write_package(tmp_path, {
        "demo/__init__.py": "", "demo/b.py": "from demo.a import x\n",
        "demo/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import b\n",
    })
    assert cycles(import_graph(root, ("demo",))) == []


def test_an_import_across_the_dependency_rule_is_named(tmp_path):
    root = write_package(tmp_path, {"forms/__init__.py": "import signing.verify\n",
                                    "signing/__init__.py": "", "signing/verify.py": ""})
    assert rule_breaks(import_graph(root, ("forms", "signing"))) == [
        "forms imports signing", "forms imports signing.verify"]


def test_the_web_app_keeps_its_area_rule():
    found = area_rule_breaks(ROOT)
    assert not found, "the web app's dependency rule broken:\n" + "\n".join(found)


AREA_DEMO = {
    "shop/__init__.py": "def create_app():\n    from . import orders\n",
    "shop/core/__init__.py": "", "shop/core/cli.py": "from ..orders import pricing\n",
    "shop/models/__init__.py": "", "shop/orders/pricing.py": "", "shop/orders/forms.py": "",
    "shop/orders/__init__.py": "bp = 1\nfrom . import pages\n",
    "shop/orders/pages.py": "from . import bp\nfrom .forms import OrderForm\n",
    "shop/billing/__init__.py": "",
    "shop/billing/views.py": ("from ..core import cli\nfrom ..orders import bp\n"
                              "from ..orders.forms import OrderForm\n"
                              "from ..orders.pages import show\n"
                              "from ..orders.pricing import price\n"),
}


def test_an_import_across_the_area_rule_is_named(tmp_path):
    root = write_package(tmp_path, AREA_DEMO)
    private = " (another area's views, forms or bp)"
    assert area_rule_breaks(root, "shop") == [
        *(f"shop.billing.views imports shop.orders.{name}{private}"
          for name in ("bp", "forms", "forms.OrderForm", "pages", "pages.show")),
        *(f"shop.core.cli imports {name} (core and models import no area)"
          for name in ("shop.orders", "shop.orders.pricing")),
    ]


@pytest.mark.parametrize(("module", "line", "broken"), [
    ("workbench/views.py", "from ..cases.views import own_case\n",
     "buergerbuero.workbench.views imports buergerbuero.cases.views"),
    ("core/labels.py", "from ..catalogue import definitions\n",
     "buergerbuero.core.labels imports buergerbuero.catalogue"),
])
def test_a_copy_of_the_app_with_one_bad_import_breaks_the_area_rule(tmp_path, module, line,
                                                                     broken):
    for path in (ROOT / APP).rglob("*.py"):
        (tmp_path / path.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path.relative_to(ROOT)).write_text(path.read_text("utf-8"), "utf-8")
    assert area_rule_breaks(tmp_path) == []
    with (tmp_path / APP / module).open("a", encoding="utf-8") as handle:
        handle.write(line)
    assert any(found.startswith(f"{broken} (") for found in area_rule_breaks(tmp_path))

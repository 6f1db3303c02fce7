"""The layers keep to one direction: screens and widgets never import the app module nor call its private
methods; widgets never import the store; the domain never imports Textual or SQLModel; the store never
imports Textual; and no module of coach imports one that imports it back, however indirectly (STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "coach"


def _modules(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (PACKAGE / folder).rglob("*.py"))


def _absolute(node: ast.ImportFrom, path: Path) -> str:
    """`from ..app import X` in coach/screens/home.py -> "coach.tui.app"."""
    if not node.level:
        return node.module or ""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)[: -node.level]
    return ".".join(parts + ([node.module] if node.module else []))


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The nodes under `if TYPE_CHECKING:` (imports for annotations only, never run)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test):
            skipped.update(id(inner) for statement in node.body for inner in ast.walk(statement))
    return skipped


def imported_modules(source: str, path: Path, *, type_checking: bool = True) -> set[str]:
    """Every module a file imports, wherever in the file (inside functions too), and `importlib`
    strings; `from coach.tui import app` counts as importing coach.tui.app. With `type_checking=False`,
    not the imports under `if TYPE_CHECKING:`."""
    found: set[str] = set()
    tree = ast.parse(source)
    skipped = set() if type_checking else _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, path)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def private_app_uses(source: str) -> list[str]:
    """`self.app._x`, `app._x`, `self.screen.app._x`: reaching into the app's private parts."""
    uses = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")):
            continue
        owner = node.value
        if (isinstance(owner, ast.Attribute) and owner.attr == "app") or (isinstance(owner, ast.Name) and owner.id == "app"):
            uses.append(f"line {node.lineno}: .app.{node.attr}")
    return uses


def module_name(path: Path) -> str:
    """coach/store/engine/db.py -> "coach.store.engine.db"; coach/store/__init__.py -> "coach.store"."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(sources: dict[str, tuple[str, Path]]) -> dict[str, set[str]]:
    """Module -> the modules of `sources` it imports when it runs (function-level imports included,
    `TYPE_CHECKING` ones not). `sources` maps a module's name to its source and path."""
    graph: dict[str, set[str]] = {}
    for name, (source, path) in sources.items():
        imported = imported_modules(source, path, type_checking=False)
        graph[name] = {other for other in imported if other in sources and other != name}
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every set of modules that import each other, directly or through others (Tarjan's strongly
    connected components of more than one module), each as a path round the circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(start: str) -> None:  # iterative, so a long chain cannot overflow the stack
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.append(member)
                        if member == node:
                            break
                    if len(members) > 1:
                        circles.append(_round_path(graph, set(members)))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return circles


def _round_path(graph: dict[str, set[str]], members: set[str]) -> list[str]:
    """A path through `members` from the first back to itself (what to read to see the circle)."""
    first = min(members)
    paths = {first: [first]}
    queue = [first]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & members):
            if target == first:
                return paths[node] + [first]
            if target not in paths:
                paths[target] = paths[node] + [target]
                queue.append(target)
    return sorted(members)  # (not reached: a strongly connected set always leads back)


def _imports(module: str, imported: set[str]) -> bool:
    return any(name == module or name.startswith(module + ".") for name in imported)


UI_MODULES = _modules("screens", "widgets")


@pytest.mark.parametrize("path", UI_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_screens_and_widgets_never_import_the_app_nor_call_its_private_methods(path: Path):
    source = path.read_text(encoding="utf-8")
    assert not _imports("coach.tui.app", imported_modules(source, path)), f"{path.name} imports coach.tui.app"
    assert private_app_uses(source) == [], f"{path.name} reaches into the app's private methods"


def test_the_scan_sees_every_way_of_reaching_the_app():
    """The checks above would fail on each of these (so a passing run means something)."""
    home = PACKAGE / "screens" / "home.py"
    for source in (
        "from coach.tui.app import PLACES",
        "def f():\n    from coach.tui.app import SCREENS_BY_NAME",
        "import coach.tui.app",
        "from coach.tui import app",
        "from ..tui.app import PLACES",
        "from ..tui import app",
        "import importlib\nimportlib.import_module('coach.tui.app')",
    ):
        assert _imports("coach.tui.app", imported_modules(source, home)), source
    assert not _imports("coach.tui.app", imported_modules("from coach.tui.places import PLACES", home))
    assert not _imports("coach.tui.app", imported_modules("from coach.tui import apply", home))
    assert private_app_uses("self.app._apply_mouse(True)") == ["line 1: .app._apply_mouse"]
    assert private_app_uses("def f(app):\n    return app._driver") == ["line 2: .app._driver"]
    assert private_app_uses("self.app.setting_changed(1)\nself._private()") == []


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [("domain", ("textual", "sqlmodel", "sqlalchemy")), ("store", ("textual",)),
     ("plain", ("textual", "coach.tui", "coach.screens", "coach.widgets"))],  # the plain prompts (issue 26)
)
def test_lower_layers_never_import_the_ui(folder: str, forbidden: tuple[str, ...]):
    for path in _modules(folder):
        imported = imported_modules(path.read_text(encoding="utf-8"), path)
        for module in forbidden:
            assert not _imports(module, imported), f"{path.relative_to(PACKAGE)} imports {module}"


def test_widgets_never_import_the_store():
    """A widget gets what it keeps from its screen (coach.widgets.form_draft's DraftShelf), never from the store."""
    for path in _modules("widgets"):
        imported = imported_modules(path.read_text(encoding="utf-8"), path, type_checking=False)
        assert not _imports("coach.store", imported), f"{path.relative_to(PACKAGE)} imports the store"


def test_no_import_circles():
    sources = {module_name(path): (path.read_text(encoding="utf-8"), path) for path in PACKAGE.rglob("*.py")}
    circles = import_circles(import_graph(sources))
    assert circles == [], "import circles: " + "; ".join(" -> ".join(circle) for circle in circles)


def test_the_circle_scan_sees_circles_however_they_are_made():
    """The check above would fail on each of these (so a passing run means something)."""
    store = PACKAGE / "store"

    def circles(files: dict[str, str]) -> list[list[str]]:
        sources = {}
        for relative, source in files.items():
            path = store / relative
            sources[module_name(path)] = (source, path)
        return import_circles(import_graph(sources))

    lower = "engine/cipher.py"
    upper = "engine/guard.py"
    assert circles({upper: "from coach.store.engine.cipher import connect", lower: "X = 1"}) == []
    assert circles({upper: "from coach.store.engine.cipher import connect",
                    lower: "def f():\n    from coach.store.engine.guard import readonly_uri"}) == [
        ["coach.store.engine.cipher", "coach.store.engine.guard", "coach.store.engine.cipher"]]
    assert circles({upper: "from .cipher import connect", lower: "from . import guard"}) != []
    assert circles({upper: "import coach.store.engine.cipher", lower: "import coach.store.engine.guard"}) != []
    # three modules round a circle, the last one through the package's __init__
    assert circles({"a.py": "from coach.store.b import X", "b.py": "from coach.store.c import X",
                    "c.py": "from coach.store import Y", "__init__.py": "from coach.store.a import Z"}) == [
        ["coach.store", "coach.store.a", "coach.store.b", "coach.store.c", "coach.store"]]
    # an import for annotations only is no circle
    assert circles({upper: "from coach.store.engine.cipher import connect",
                    lower: "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from coach.store.engine.guard import X"}) == []

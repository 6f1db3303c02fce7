"""The layers keep to one direction: screens and widgets never import the app module nor call its private
methods; the domain never imports Textual or SQLModel; the store never imports Textual (STYLE.md)."""

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


def imported_modules(source: str, path: Path) -> set[str]:
    """Every module a file imports, wherever in the file (inside functions too), and `importlib`
    strings; `from coach.tui import app` counts as importing coach.tui.app."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
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

"""The test tiers: a tier's folder marks its tests, so `make check` (`-m "not slow and not postgresql"` over the
fast folders) leaves the slow, browser and PostgreSQL tests out wherever they live, as README says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import TESTS, pytest_collection_modifyitems

ROOT = TESTS.parent


class _Item:
    """As much of a pytest Item as the tier marking reads."""

    def __init__(self, path: Path, fixturenames: tuple[str, ...] = ()) -> None:
        self.path = path
        self.fixturenames = fixturenames
        self.markers: set[str] = set()

    def add_marker(self, marker: pytest.MarkDecorator) -> None:
        self.markers.add(marker.name)


@pytest.mark.parametrize(
    ("folder", "expected"),
    [("slow", {"slow"}), ("browser", {"browser"}), ("postgresql", {"postgresql"}),
     ("unit", set()), ("cli", set()), ("tui", set()), ("snapshots", set())],
)
def test_a_tiers_folder_marks_its_tests(folder: str, expected: set[str]):
    item = _Item(TESTS / folder / "test_x.py")
    pytest_collection_modifyitems([item])  # type: ignore[list-item]
    assert item.markers == expected


def test_a_test_asking_for_the_server_itself_is_in_the_postgresql_tier():
    direct, through_engine = _Item(TESTS / "cli" / "test_x.py", ("pg_server",)), _Item(
        TESTS / "unit" / "test_x.py", ("pg_server", "engine"))
    pytest_collection_modifyitems([direct, through_engine])  # type: ignore[list-item]
    assert direct.markers == {"postgresql"} and through_engine.markers == set()


def test_the_postgresql_run_of_a_both_engines_test_is_marked():
    """The parametrisation `both_engines` asks for: ids sqlite and postgresql, the second marked."""
    from tests.conftest import pytest_generate_tests

    calls = []

    class _Metafunc:
        fixturenames = ("engine", "store")

        class definition:  # noqa: N801 - as pytest names it
            @staticmethod
            def get_closest_marker(name: str):
                return object() if name == "both_engines" else None

        @staticmethod
        def parametrize(name, params, **_kwargs):
            calls.append((name, [(p.id, [m.name for m in p.marks]) for p in params]))

    pytest_generate_tests(_Metafunc)  # type: ignore[arg-type]
    assert calls == [("engine", [("sqlite", []), ("postgresql", ["postgresql"])])]


def test_make_check_is_what_readme_says():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    check = re.search(r"^CHECK := (.+)$", makefile, re.M)
    assert check is not None
    assert f"pytest -n auto --dist loadfile {check.group(1)}" in readme
    assert re.search(r"^check: .*\n\t\$\(BIN\)/python -m pytest -n \$\(WORKERS\) --dist loadfile \$\(CHECK\)$", makefile, re.M)
    assert "tests/slow" not in check.group(1) and "tests/browser" not in check.group(1)

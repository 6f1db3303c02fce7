"""The README's "Using PostgreSQL", claim by claim, as a person meets it, on a real server (issue 18)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.postgresql.test_postgres_server import coach, one_plain_line, pg_url  # noqa: F401 - pg_url is a fixture

ROOT = Path(__file__).resolve().parents[2]


def _demo_export(tmp_path: Path, days: int = 40) -> tuple[Path, Path]:
    source = tmp_path / "source.db"
    assert coach("demo", "--days", str(days), "--save", str(source)).returncode == 0
    export = tmp_path / "source.json"
    assert coach("--db", str(source), "export", "-o", str(export)).returncode == 0
    return source, export


def test_the_readme_has_the_section_this_file_tests():
    readme = (ROOT / "README.md").read_text()
    assert "## Using PostgreSQL" in readme and "pip install 'coach[postgres]'" in readme
    assert "any SQLAlchemy URL works" not in readme  # the old claim, untrue for anything but these two


def test_the_postgres_extra_is_psycopg_3():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(req.replace(" ", "").startswith("psycopg[binary]>=3") for req in extras["postgres"])


def test_without_psycopg_a_postgresql_url_says_what_to_install():
    code = ("import sys; sys.modules['psycopg'] = None\n"
            "from coach.cli.main import run_cli\n"
            "run_cli(['--db', 'postgresql+psycopg://sam@db.example.org/coach', 'status'])\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    one_plain_line(result, "PostgreSQL support is not installed: pip install 'coach[postgres]'")


def test_libpq_spelling_and_coach_db_work_too(pg_url):  # noqa: F811 - the fixture
    libpq = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    result = coach("status", env={"COACH_DB": libpq})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("day 1")


def test_everything_works_as_on_a_file_and_an_export_moves_back_to_a_file(pg_url, tmp_path):  # noqa: F811
    """The first open sets up the tables; import, status, stats, report and export work; the export equals
    the file's and imports into a new file, which exports the same again."""
    source, export = _demo_export(tmp_path)
    imported = coach("--db", pg_url, "import", str(export))
    assert imported.returncode == 0 and imported.stdout.startswith("Imported "), imported.stderr
    for args in (["status"], ["stats", "--json"], ["report", "-o", str(tmp_path / "r.html")]):
        result = coach("--db", pg_url, *args)
        assert result.returncode == 0, (args, result.stderr)
    assert "<html" in (tmp_path / "r.html").read_text().lower()
    from_server = coach("--db", pg_url, "export")
    assert from_server.returncode == 0 and from_server.stdout == export.read_text()
    back = tmp_path / "back.db"
    (tmp_path / "server.json").write_text(from_server.stdout)
    assert coach("--db", str(back), "import", str(tmp_path / "server.json")).returncode == 0
    assert coach("--db", str(back), "export").stdout == export.read_text()


def test_two_computers_on_one_journal(pg_url, tmp_path):  # noqa: F811
    """While another coach (another process, as on a second computer) writes a stream of days, this one
    answers today's check-in in the app: nothing either saved is lost, and `coach status` elsewhere shows
    today's answers straight away."""
    import asyncio

    from coach.tui.app import make_app
    from coach.domain.days import local_now
    from coach.paths import resolve_db
    from coach.store.engine.db import open_store
    from tests.conftest import settle, wait_until

    store = open_store(resolve_db(pg_url))
    stop = tmp_path / "stop"
    other = subprocess.Popen([sys.executable, str(ROOT / "tests" / "writer_driver.py"), pg_url, "write-until", "a",
                              str(stop)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    async def answer_here() -> None:
        app = make_app(lambda: store, start="session", clock=local_now)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("3", "tab", "7")  # pain 3, tolerability 7
            await pilot.app.workers.wait_for_complete()
            await wait_until(pilot, lambda: "✓ saved" in str(app.screen.query_one("#saved").content), "saved")

    from sqlalchemy import text

    def written_there() -> int:
        with store.session() as db:
            return db.execute(text("SELECT count(*) FROM exercise_run WHERE exercise_id LIKE 'a-%'")).scalar_one()

    try:
        import time

        deadline = time.monotonic() + 120
        while written_there() == 0:  # the other computer is writing before this one starts (a loaded machine)
            assert other.poll() is None and time.monotonic() < deadline, "the other writer did not start"
            time.sleep(0.05)
        asyncio.run(answer_here())
    finally:
        stop.touch()
        out, err = other.communicate(timeout=120)
    assert other.returncode == 0, err
    written = int(out.split()[-1])
    assert written > 0
    elsewhere = coach("--db", pg_url, "status")
    assert elsewhere.returncode == 0 and "tolerability 7/10" in elsewhere.stdout, elsewhere.stdout
    runs = written_there()
    store.close()
    assert runs == written


@pytest.mark.parametrize("command", ["backup", "encrypt", "decrypt"])
def test_the_readme_names_what_file_only_commands_say(command, pg_url):  # noqa: F811
    readme = (ROOT / "README.md").read_text()
    err = coach("--db", pg_url, command).stderr
    if command == "backup":
        assert "pg_dump -Fc -f coach.dump" in err and "`pg_dump -Fc -f coach.dump" in readme
    else:
        assert "SQLite journal file only" in err and "nothing was changed" in err

"""Facilitator mode: `coach demo` never opens real data, and projector mode looks and behaves as promised."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Static
from typer.testing import CliRunner

from coach.tui import launch
from coach.cli.main import app as cli_app
from coach.tui.messages import SettingChanged
from coach.paths import default_db_path, resolve_db
from coach.store.engine.db import open_store
from coach.tui.themes import HIDDEN_IN_PROJECTOR
from tests.conftest import FIXED_NOW, palette_results_ready, wait_until

runner = CliRunner()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _real_databases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A database at the default location and one named by COACH_DB, each with a session in it."""
    from coach.store.repo import start_or_resume_session

    paths = [default_db_path(), tmp_path / "env.db"]
    for path in paths:
        store = open_store(resolve_db(str(path)))
        with store.session() as db:
            start_or_resume_session(db, FIXED_NOW.date(), FIXED_NOW)
        store.close()
    monkeypatch.setenv("COACH_DB", str(paths[1]))
    return paths


def test_coach_demo_never_opens_the_real_database(tmp_path, monkeypatch):
    real = _real_databases(tmp_path, monkeypatch)
    before = {p: (_digest(p), p.stat().st_mtime_ns) for p in real}
    seen: dict[str, object] = {}

    def run_headless(app, **_options) -> int:
        async def visit(pilot):
            store = await pilot.app.wait_for_store()
            await pilot.app.workers.wait_for_complete()
            seen["in_memory"] = store.target.in_memory
            seen["projector"] = pilot.app.projector
            seen["day_count"] = str(pilot.app.screen.query_one("#day-count", Static).render())
            pilot.app.exit()

        app.run(headless=True, auto_pilot=visit, size=(100, 30))
        return app.return_code or 0

    monkeypatch.setattr(launch, "_run", run_headless)
    result = runner.invoke(cli_app, ["--db", str(real[1]), "demo", "--projector", "--days", "30"])
    assert result.exit_code == 0, result.output
    assert seen["in_memory"] is True and seen["projector"] is True
    assert "practised so far" in seen["day_count"]
    assert {p: (_digest(p), p.stat().st_mtime_ns) for p in real} == before
    assert not any(p.name.endswith(".bak") for p in tmp_path.rglob("*"))


def test_demo_save_writes_n_days_and_refuses_to_overwrite(tmp_path, monkeypatch):
    real = _real_databases(tmp_path, monkeypatch)
    before = {p: _digest(p) for p in real}
    target = tmp_path / "out" / "demo.db"
    target.parent.mkdir()
    result = runner.invoke(cli_app, ["demo", "--days", "45", "--save", str(target)])
    assert result.exit_code == 0, result.output
    assert "45 days" in result.stdout
    store = open_store(resolve_db(str(target)))
    try:
        from sqlalchemy import func
        from sqlmodel import select

        from coach.store.models import DailySession

        with store.session() as db:
            first, last = db.exec(select(func.min(DailySession.day), func.max(DailySession.day))).one()
        assert (last - first).days <= 44
    finally:
        store.close()
    saved = _digest(target)
    again = runner.invoke(cli_app, ["demo", "--days", "45", "--save", str(target)])
    assert again.exit_code == 2
    assert again.stderr.count("\n") == 1 and "already exists" in again.stderr
    assert _digest(target) == saved
    assert {p: _digest(p) for p in real} == before


@pytest.mark.parametrize("days", ["0", "-3", "99999"])
def test_demo_days_out_of_range_is_exit_2(days):
    result = runner.invoke(cli_app, ["demo", "--days", days, "--save", "/nonexistent/x.db"])
    assert result.exit_code == 2
    assert "--days" in result.stderr and "Traceback" not in result.output


async def test_projector_theme_class_and_hidden_notes():
    app = launch.make_demo_app(projector=True, clock=lambda: FIXED_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.wait_for_store()
        await pilot.app.workers.wait_for_complete()
        assert app.theme == "projector"
        assert app.has_class("-projector")
        # The demo's words are invented: a room may read them. A person's own are hidden (see below).
        assert app.shown.plain("Slept badly again.", "words") == "Slept badly again."
        assert any(b.binding.action == "advance" and b.enabled for b in app.active_bindings.values())


async def test_projector_mode_on_own_data_hides_notes(make_test_app):
    app = make_test_app(projector=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.wait_for_store()
        await pilot.app.workers.wait_for_complete()
        assert app.theme == "projector"
        assert app.shown.plain("Slept badly again.", "words") == HIDDEN_IN_PROJECTOR
        assert app.shown.plain("", "words") == ""
        assert any(b.binding.action == "advance" and b.enabled for b in app.active_bindings.values())


async def test_outside_projector_mode_notes_show_and_space_is_not_bound(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        assert not app.projector and app.theme != "projector"
        assert app.shown.plain("Slept badly again.", "words") == "Slept badly again."
        assert not app.has_class("-projector")
        assert not any(b.binding.action == "advance" and b.enabled for b in app.active_bindings.values())


class _Steps(Screen[None]):
    """A screen with steps, as the player, learn cards and the session wizard have."""

    def __init__(self) -> None:
        super().__init__()
        self.step = 0

    def compose(self):
        yield Static("step 0", id="step")

    def action_advance(self) -> None:
        self.step += 1
        self.query_one("#step", Static).update(f"step {self.step}")


async def test_space_and_enter_advance_the_screen_in_projector_mode(make_test_app):
    app = make_test_app(projector=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        screen = _Steps()
        await app.push_screen(screen)
        await pilot.press("space", "enter", "space")
        assert screen.step == 3


async def test_space_does_not_advance_outside_projector_mode(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        screen = _Steps()
        await app.push_screen(screen)
        await pilot.press("space")
        assert screen.step == 0


def test_root_projector_option_reaches_the_app(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(launch, "launch_tui", lambda db, **kw: calls.append((db, kw)) or 0)
    result = runner.invoke(cli_app, ["--db", str(tmp_path / "x.db"), "--projector"])
    assert result.exit_code == 0
    assert calls == [(str(tmp_path / "x.db"), {"projector": True, "record": False})]
    assert runner.invoke(cli_app, ["--db", str(tmp_path / "x.db"), "--projector", "--record"]).exit_code == 0
    assert calls[-1] == (str(tmp_path / "x.db"), {"projector": True, "record": True})


async def test_next_key_is_hidden_where_it_would_do_nothing(make_test_app):
    app = make_test_app(projector=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await app.push_screen(Screen())  # nothing to advance, nothing focused
        await pilot.pause()
        assert not any(b.binding.action == "advance" and b.enabled for b in app.active_bindings.values())
        await app.push_screen(_Steps())
        await pilot.pause()
        assert any(b.binding.action == "advance" and b.enabled for b in app.active_bindings.values())


def test_coach_exercise_projector_runs_the_exercise_in_projector_mode(monkeypatch, tmp_path):
    seen: dict[str, object] = {}

    def run_headless(app, **_options) -> int:
        async def visit(pilot):
            await pilot.app.wait_for_store()
            await pilot.pause()
            seen.update(projector=pilot.app.projector, theme=pilot.app.theme, screen=type(pilot.app.screen).__name__)
            pilot.app.exit()

        app.run(headless=True, auto_pilot=visit, size=(80, 24))
        return 0

    monkeypatch.setattr(launch, "_run", run_headless)
    (tmp_path / "x.db").touch()  # a named database must exist (a mistyped path is refused)
    result = runner.invoke(cli_app, ["--db", str(tmp_path / "x.db"), "exercise", "paced-breathing", "--projector"])
    assert result.exit_code == 0, result.output
    assert seen == {"projector": True, "theme": "projector", "screen": "PracticeExerciseScreen"}


async def _demo(projector: bool = True, size=(100, 30)):
    return launch.make_demo_app(projector=projector, clock=lambda: FIXED_NOW)


@pytest.mark.parametrize(
    ("query", "screen_name"),
    [("Box breathing", "PracticeExerciseScreen"), ("Setbacks and flares", "LearnScreen")],
)
async def test_palette_jumps_to_any_exercise_or_card_in_projector_mode(query, screen_name):
    app = await _demo()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.wait_for_store()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*query)
        await wait_until(pilot, lambda: palette_results_ready(app, query), f"the palette to find {query!r}")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == screen_name
        assert app.theme == "projector"


async def test_space_turns_learn_cards_in_projector_mode():
    from coach.content import load_learn_cards
    from coach.screens.learn import LearnScreen

    cards = load_learn_cards()
    app = await _demo()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.wait_for_store()
        screen = LearnScreen(card_id=cards[0].id)
        await app.push_screen(screen)
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert screen.reading == 1


@pytest.mark.parametrize("projector", [True, False])
async def test_history_hides_personal_notes_in_projector_mode(projector):
    """The demo's history opened as if it were a person's own journal (not marked as the demo)."""
    from coach.tui.app import make_app
    from coach.demo.history import CHECKIN_NOTES, NOTICED, build_demo_store
    from coach.screens.history import DayScreen

    app = make_app(lambda: build_demo_store(now=FIXED_NOW), clock=lambda: FIXED_NOW, projector=projector)
    async with app.run_test(size=(100, 30)) as pilot:
        store = await pilot.app.wait_for_store()
        from sqlmodel import select

        from coach.store.models import CheckIn, DailySession, Reflection

        with store.session() as db:
            day = db.exec(
                select(DailySession.day)
                .join(CheckIn, CheckIn.session_id == DailySession.id)
                .join(Reflection, Reflection.session_id == DailySession.id)
                .where(CheckIn.note != "", Reflection.noticed != "")
            ).first()
        await app.push_screen(DayScreen(day))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        shown = "\n".join(str(s.render()) for s in app.screen.query(Static))
        notes = [n for n in (*CHECKIN_NOTES, *NOTICED) if n in shown]
        if projector:
            assert notes == [] and shown.count(HIDDEN_IN_PROJECTOR) >= 2
        else:
            assert len(notes) >= 2 and HIDDEN_IN_PROJECTOR not in shown


@pytest.mark.parametrize("key", ["space", "enter"])
async def test_one_key_on_home_starts_the_session_in_projector_mode(key):
    app = await _demo()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.wait_for_store()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(key)  # the focused "Start today's session" button
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "SessionScreen"


async def test_projector_theme_wins_over_a_stored_theme(store, make_test_app):
    from coach.store.repo import set_setting

    with store.session() as db:
        set_setting(db, "theme", "textual-light")
    app = make_test_app(projector=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.wait_for_store()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.theme == "projector"
        app.post_message(SettingChanged("reduced_motion", True))  # any later settings change keeps it too
        await pilot.pause()
        assert app.settings["reduced_motion"] is True
        assert app.theme == "projector"
    plain = make_test_app()
    async with plain.run_test(size=(80, 24)) as pilot:
        await pilot.app.wait_for_store()
        await pilot.app.workers.wait_for_complete()
        assert plain.theme == "textual-light"

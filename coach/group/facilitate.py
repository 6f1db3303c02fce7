"""`coach facilitate`: the group program's weekly agenda on the projector. Like `coach demo`, it never
resolves or opens the facilitator's own database: the app gets default settings and, should a screen
ask for a store at all, an empty one in memory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coach.content.program_weeks import ProgramWeek


def week_listing(weeks: list[ProgramWeek]) -> list[str]:
    """One plain line per week (pipes cleanly): number, planned length, title."""
    rows = [(str(week.week), f"{week.total_minutes} min", week.title) for week in weeks]
    head = ("WEEK", "LENGTH", "TITLE")
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(2)]
    return [f"{r[0]:>{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]}" for r in [head, *rows]]


def _empty_memory_store():  # noqa: ANN202 - a Store; the store package is imported only if asked for
    from coach.paths import resolve_db
    from coach.store.engine.db import open_store

    return open_store(resolve_db(":memory:"))


def make_facilitate_app(
    weeks: list[ProgramWeek],
    number: int,
    *,
    projector: bool = False,
    clock: Callable[[], float] | None = None,
    store_opener: Callable[[], Any] = _empty_memory_store,
):  # noqa: ANN201 - CoachApp, imported lazily
    """The app running one week's agenda. Settings are the defaults, given up front, so the app never
    needs a store to start; nothing here knows where the facilitator's journal is."""
    from coach.tui.app import make_app
    from coach.domain.setting_checks import NEEDS_CONTENT, settled
    from coach.store.queries.status import StartupSettings

    def agenda():  # noqa: ANN202 - AgendaScreen
        from coach.screens.facilitate import AgendaScreen

        if clock is None:
            return AgendaScreen(weeks, number)
        return AgendaScreen(weeks, number, clock=clock)

    settings = StartupSettings(settled({}, skip=NEEDS_CONTENT), frozenset())
    return make_app(store_opener, start=agenda, projector=projector, settings=settings)


def launch_facilitate(weeks: list[ProgramWeek], number: int, *, projector: bool = False) -> int:
    from coach.tui import launch

    return launch._run(make_facilitate_app(weeks, number, projector=projector))

"""The plain prompts' way into the journal: each answer written in its own transaction the moment it is given,
through the same store functions as the app's session wizard (coach.store.sessions, coach.store.exercises)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any


class DayJournal:
    """Today's session in the journal, for the plain prompts and `coach checkin/goal/reflect`."""

    def __init__(self, store: Any, day: date, now: Callable[[], datetime]) -> None:
        self.store, self.day, self.now = store, day, now

    def answers(self) -> Any:  # SessionAnswers
        """What today holds so far (an empty session if none was started)."""
        from coach.store.sessions import SessionAnswers, load_session

        with self.store.session() as db:
            loaded = load_session(db, self.day)
        return loaded or SessionAnswers(session_id=0, day=self.day, status="in_progress", current_step="checkin")

    def save(self, part: str, fields: dict[str, Any]) -> None:
        """Some answers of `part` (checkin, goal, reflection) in one transaction: all of them or none."""
        from coach.store.sessions import save_answers

        with self.store.session() as db:
            save_answers(db, self.day, self.now(), {part: fields})

    def move_to(self, step: str) -> None:
        """Where the day stands, as the wizard records it (reaching the summary finishes the day)."""
        from coach.store.sessions import set_current_step

        with self.store.session() as db:
            set_current_step(db, self.day, self.now(), step)

    def start(self) -> None:
        from coach.store.repo import start_or_resume_session

        with self.store.session() as db:
            start_or_resume_session(db, self.day, self.now())

    def peg_due(self) -> bool:
        """The PEG's three items are asked this week (or were already answered today)."""
        from coach.domain.session import peg_due
        from coach.store.repo import get_setting
        from coach.store.sessions import last_peg_day, load_session

        with self.store.session() as db:
            last = last_peg_day(db, self.day)
            weekday = get_setting(db, "peg_day")
            today = load_session(db, self.day)
        answered = today is not None and today.checkin.get("peg_pain") is not None
        return answered or peg_due(last, self.day, weekday)

    def setting(self, key: str) -> Any:
        from coach.store.repo import get_setting

        with self.store.session() as db:
            return get_setting(db, key)

    def ladder(self) -> list[tuple[int, str, int]]:
        from coach.store.sessions import active_ladder_items

        with self.store.session() as db:
            return active_ladder_items(db)

    def add_to_ladder(self, name: str, difficulty: int) -> None:
        from coach.store.sessions import save_goal_to_ladder

        with self.store.session() as db:
            save_goal_to_ladder(db, self.day, self.now(), name, difficulty)

    def step_day_in(self) -> int | None:
        from coach.store.queries.status import step_day_in

        with self.store.session() as db:
            return step_day_in(db.connection(), self.day)

    # --- an exercise run, saved as it goes --------------------------------------------------------
    def start_run(self, exercise_id: str, distress_before: int | None) -> int:
        from coach.store.exercises import create_exercise_run

        with self.store.session() as db:
            return create_exercise_run(db, exercise_id, self.now(), day=self.day, distress_before=distress_before)

    def update_run(self, run_id: int, **fields: Any) -> None:
        from coach.store.exercises import update_exercise_run

        with self.store.session() as db:
            update_exercise_run(db, run_id, **fields)

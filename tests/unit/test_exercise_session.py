"""The player's state machine with controlled time: phases, counts, pause, skip, finish."""

from __future__ import annotations

import pytest

from coach.content import load_exercises
from coach.domain.exercise_session import ExerciseSession, build_timeline, format_clock


@pytest.fixture
def paced():
    return load_exercises()["paced-breathing"]


@pytest.fixture
def senses():
    return load_exercises()["five-senses"]


def test_timeline_matches_the_exercise_length(paced, senses):
    for exercise in (paced, senses):
        for minutes in (None, 2, 10):
            timeline = build_timeline(exercise, minutes)
            assert timeline[0].start == 0
            assert all(a.end == b.start for a, b in zip(timeline, timeline[1:]))
            assert abs(timeline[-1].end - exercise.total_seconds_for(minutes)) < 1


def test_breathing_goes_through_prompts_then_in_and_out(paced):
    session = ExerciseSession(paced)
    assert session.current.kind == "prompt"
    assert session.current.text.startswith("Find a position")
    session.tick(24)  # three 8 s prompts
    assert (session.current.kind, session.current.phase, session.current.cycle) == ("breath", "in", 1)
    assert session.count == 1 and session.pacer_level == 0
    session.tick(2)
    assert session.count == 3 and 0.4 < session.pacer_level < 0.6
    session.tick(2)
    assert session.current.phase == "out" and session.count == 1 and session.pacer_level == 1
    session.tick(5.5)
    assert session.current.phase == "out" and session.count == 6 and session.pacer_level < 0.05
    session.tick(0.5)
    assert (session.current.phase, session.current.cycle) == ("in", 2)


def test_hold_out_keeps_the_shape_empty():
    box = load_exercises()["box-breathing"]
    session = ExerciseSession(box)
    session.tick(box.steps_seconds + 4)
    assert session.current.phase == "hold" and session.pacer_level == 1
    session.tick(8)
    assert session.current.phase == "hold out" and session.pacer_level == 0


def test_pause_stops_time_and_resume_carries_on(senses):
    session = ExerciseSession(senses)
    session.tick(10)
    session.pause()
    session.tick(100)
    assert session.position == 10 and session.practised == 10
    session.toggle_pause()
    assert not session.paused
    session.tick(5)
    assert session.position == 15 and session.seconds_completed == 15


def test_skip_moves_to_the_next_prompt_without_counting_as_practice(senses):
    session = ExerciseSession(senses)
    session.tick(3)
    session.skip()
    assert session.current.text.startswith("Find five things")
    assert session.position == 15 and session.seconds_completed == 3


def test_skip_in_breathing_moves_to_the_next_cycle(paced):
    session = ExerciseSession(paced)
    session.tick(24 + 5)  # into the breath out of cycle 1
    session.skip()
    assert (session.current.phase, session.current.cycle, session.in_segment) == ("in", 2, 0)


def test_skipping_past_the_last_prompt_completes(senses):
    session = ExerciseSession(senses)
    for _ in range(len(senses.steps)):
        assert not session.finished
        session.skip()
    assert session.finished and session.completed
    assert session.seconds_completed == 0


def test_running_to_the_end_completes_and_stops_counting(senses):
    session = ExerciseSession(senses)
    session.tick(10_000)
    assert session.finished and session.completed
    assert session.seconds_completed == senses.total_seconds_for()
    session.tick(10)
    assert session.seconds_completed == senses.total_seconds_for()


def test_finish_early_keeps_the_time_practised(senses):
    session = ExerciseSession(senses)
    session.tick(61.7)
    session.finish()
    assert session.finished and not session.completed
    assert session.seconds_completed == 61
    session.tick(30)
    session.skip()
    assert session.seconds_completed == 61 and not session.completed


def test_minutes_stretch_a_guided_exercise(senses):
    assert ExerciseSession(senses, minutes=8).total == pytest.approx(senses.total_seconds_for(8))
    assert ExerciseSession(senses, minutes=8).total > ExerciseSession(senses).total + 200


def test_time_cannot_run_backwards(senses):
    with pytest.raises(ValueError):
        ExerciseSession(senses).tick(-1)


def test_format_clock():
    assert format_clock(0) == "0:00"
    assert format_clock(65.9) == "1:05"
    assert format_clock(600) == "10:00"

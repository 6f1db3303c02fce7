"""The weekly agenda (domain): five parts in order, advancing, going back, and the session clock."""

from __future__ import annotations

import pytest

from coach.content.program_weeks import load_program
from coach.domain.agenda import Agenda, build_parts


@pytest.fixture
def week2():
    return load_program()[1]


def test_parts_follow_the_week(week2):
    parts = build_parts(week2, {"exposure-practice": "Exposure practice"}, "Five senses grounding")
    assert [p.kind for p in parts] == ["welcome", "learn", "practice", "discuss", "home"]
    assert [p.minutes for p in parts] == [10, 15, 10, 20, 5]
    assert parts[1].opens == tuple(week2.learn_cards)
    assert "Exposure practice" in parts[1].lines
    assert parts[2].opens == ("five-senses",) and parts[2].title.endswith("Five senses grounding")
    assert parts[3].lines == tuple(week2.discussion)
    assert parts[4].lines[:-1] == tuple(week2.home_practice) and parts[4].lines[-1].startswith("Closing round")
    assert parts[0].lines[-1].startswith("First, last week's home practice")


def test_advance_back_and_clock(week2):
    agenda = Agenda(build_parts(week2, {}, "X"), started_at=100.0)
    assert agenda.planned_minutes == 60
    assert agenda.back(101.0) is False and agenda.current == 0
    assert agenda.advance(160.0) is True and agenda.part.kind == "learn"
    assert agenda.elapsed(220.5) == 120 and agenda.part_elapsed(220.5) == 60
    for _ in range(3):
        agenda.advance(300.0)
    assert agenda.at_last_part and agenda.advance(400.0) is False and agenda.part.kind == "home"
    assert agenda.back(400.0) and agenda.part.kind == "discuss"
    assert agenda.planned_start_minute(3) == 35
    assert agenda.elapsed(50.0) == 0  # a clock that went backwards never shows negative time

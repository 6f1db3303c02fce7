"""Room pulse (domain): tallies per band, checked, and drawn as a small before/after chart."""

from __future__ import annotations

import pytest

from coach.domain.room_pulse import PulseError, RoomPulse, parse_tally


def test_parse_tally_counts_blanks_as_zero():
    assert parse_tally({"quiet": "3", "loud": " 5 ", "very-loud": ""}) == (3, 5, 0)


@pytest.mark.parametrize(
    ("raw", "message"),
    [({"quiet": "-1"}, "quiet"), ({"loud": "two"}, "loud"), ({"very-loud": "1000"}, "very loud"), ({}, "no hands")],
)
def test_bad_tallies_say_which_band(raw, message):
    with pytest.raises(PulseError, match=message):
        parse_tally(raw)


def test_before_then_after_and_the_chart():
    pulse = RoomPulse()
    assert pulse.chart() == [] and pulse.next_moment == "before"
    pulse.record("before", (1, 4, 5))
    assert pulse.next_moment == "after"
    pulse.record("after", (6, 3, 1))
    chart = pulse.chart(width=10)
    assert chart[0] == "Before (10 hands)" and chart[4] == "After (10 hands)"
    assert chart[1].endswith("█ 1") and chart[3].endswith("█" * 8 + " 5")
    assert chart[5].endswith("█" * 10 + " 6")
    with pytest.raises(ValueError):
        pulse.record("during", (1, 2, 3))

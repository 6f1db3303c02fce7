"""Typed settings: each key is checked before it is stored, and bad stored values fall back to defaults."""

from __future__ import annotations

import pytest

from coach.domain.preferences import care_team_lines
from coach.store.repo import set_setting
from coach.store.settings import DEFAULTS, SettingError, read_setting, read_settings, save_setting, validate_setting


# Run on SQLite and on a real PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.both_engines


def test_defaults_when_nothing_is_stored(store):
    with store.session() as db:
        values = read_settings(db)
    for key, value in DEFAULTS.items():
        assert values[key] == value


def test_saved_values_round_trip(store):
    with store.session() as db:
        save_setting(db, "theme", "projector")
        save_setting(db, "day_start_hour", "3")
        save_setting(db, "opioid_duration", "a_year_or_more")
        save_setting(db, "keymap", {"help": "F2, ctrl+e"})
        save_setting(db, "default_exercise", "box-breathing")
    with store.session() as db:
        values = read_settings(db)
    assert values["theme"] == "projector"
    assert values["day_start_hour"] == 3
    assert values["opioid_duration"] == "a_year_or_more"
    assert values["keymap"] == {"help": "f2,ctrl+e"}
    assert values["default_exercise"] == "box-breathing"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("day_start_hour", 24, "from 0 to 23"),
        ("day_start_hour", True, "from 0 to 23"),
        ("day_start_hour", "four", "from 0 to 23"),
        ("peg_day", 7, "from 0 to 6"),
        ("theme", "hot-pink", "one of"),
        ("opioid_duration", "forever", "one of"),
        ("reduced_motion", "yes", "true or false"),
        ("default_exercise", "juggling", "one of the exercises"),
        ("default_exercise_minutes", 31, "from 1 to 30"),
        ("keymap", {"help": "ctrl+"}, "is not a key"),
        ("keymap", ["help"], "map binding ids"),
        ("care_team", [{"role": "surgeon", "name": "A", "phone": "1"}], "role must be"),
        ("care_team", [{"role": "prescriber", "name": "A", "phone": "call me"}], "phone number"),
        ("nonsense", 1, "no setting called"),
    ],
)
def test_bad_values_are_refused_with_one_line(store, key, value, message):
    with pytest.raises(SettingError, match=message) as caught:
        validate_setting(key, value)
    assert "\n" not in str(caught.value)
    with store.session() as db:
        with pytest.raises(SettingError):
            save_setting(db, key, value)
    with store.session() as db:
        assert read_setting(db, key) == DEFAULTS.get(key)


def test_a_bad_stored_value_falls_back_to_the_default(store):
    with store.session() as db:
        set_setting(db, "day_start_hour", 99)
        set_setting(db, "theme", "gone-theme")
    with store.session() as db:
        values = read_settings(db)
        assert read_setting(db, "theme") == "textual-dark"
    assert values["day_start_hour"] == DEFAULTS["day_start_hour"]
    assert values["theme"] == "textual-dark"


def test_care_team_keeps_filled_rows_in_role_order():
    contacts = validate_setting(
        "care_team",
        [
            {"role": "physical_therapist", "name": "Sam Ortiz", "phone": ""},
            {"role": "pain_psychologist", "name": "", "phone": ""},
            {"role": "prescriber", "name": " Dr Lee ", "phone": "+1 (555) 010-0100"},
        ],
    )
    assert [c["role"] for c in contacts] == ["physical_therapist", "prescriber"]
    assert care_team_lines(contacts) == ["Prescriber: Dr Lee, +1 (555) 010-0100", "Physical therapist: Sam Ortiz"]


def test_every_offered_theme_exists_in_the_app():
    from coach.tui.app import make_app
    from coach.domain.preferences import THEME_CHOICES

    app = make_app(lambda: None)
    for name in THEME_CHOICES:
        assert name in app.available_themes, name


@pytest.mark.sqlite_only
def test_settings_are_read_before_the_app_starts_without_sqlmodel(store, db_path, tmp_path):
    """The launcher reads the settings with sqlite3: the mouse mode is set when the terminal starts,
    and the theme and keys are right in the first frame."""
    from coach.paths import resolve_db
    from coach.store.queries.status import quick_settings

    early = quick_settings(resolve_db(str(db_path)))
    assert early is not None and early.values["mouse"] is True and early.stored == frozenset()
    with store.session() as db:
        save_setting(db, "mouse", False)
        save_setting(db, "theme", "nord")
        save_setting(db, "keymap", {"help": "f2"})
        save_setting(db, "default_exercise", "paced-breathing")
    early = quick_settings(resolve_db(str(db_path)))
    with store.session() as db:
        assert early.values == read_settings(db)
    assert early.stored >= {"mouse", "theme", "keymap", "default_exercise"}
    missing = quick_settings(resolve_db(str(tmp_path / "missing.db")))
    assert missing is not None and missing.values["mouse"] is True and missing.values["onboarding_done"] is False
    assert not (tmp_path / "missing.db").exists()
    assert quick_settings(resolve_db(":memory:")) is None


@pytest.mark.sqlite_only
def test_a_bad_stored_setting_read_early_falls_back_like_the_store(store, db_path):
    """A hand-edited row (not JSON, or out of range) gives the default, as read_settings does."""
    import sqlite3

    from coach.paths import resolve_db
    from coach.store.queries.status import quick_settings

    with store.session() as db:
        save_setting(db, "day_start_hour", 5)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('peg_day', '9')")
        conn.execute("INSERT INTO setting (key, value) VALUES ('theme', 'not json')")
    conn.close()
    early = quick_settings(resolve_db(str(db_path)))
    assert early.values["day_start_hour"] == 5
    assert early.values["peg_day"] == DEFAULTS["peg_day"]
    assert early.values["theme"] == DEFAULTS["theme"]


def test_peg_day_setting_moves_the_weekly_peg_to_that_day():
    from datetime import date, timedelta

    from coach.domain.session import peg_due

    wednesday = date(2026, 11, 25)
    monday = date(2026, 11, 30)
    assert monday.weekday() == 0
    # Baseline on a Wednesday; with Monday chosen, the next PEG comes on Monday, then weekly.
    assert not peg_due(wednesday, monday - timedelta(days=4), weekday=0)  # Thursday
    assert peg_due(wednesday, monday, weekday=0)
    assert not peg_due(wednesday, monday, weekday=None)  # without the setting: 7 days after
    assert not peg_due(monday, monday + timedelta(days=1), weekday=0)
    assert peg_due(monday, monday + timedelta(days=7), weekday=0)
    # A PEG answered two days before the chosen day counts for that week.
    assert not peg_due(monday - timedelta(days=2), monday, weekday=0)


def test_usual_exercise_is_suggested_on_ordinary_days_only():
    from datetime import date

    from coach.domain.session import suggest_exercise

    ids = ["paced-breathing", "box-breathing", "body-scan", "noticing-sensation", "five-senses"]
    day = date(2026, 11, 25)
    assert suggest_exercise(ids, distress=3, pain=3, day=day, usual="body-scan") == "body-scan"
    # A loud alarm still gets something steadying, whatever the usual one is.
    assert suggest_exercise(ids, distress=8, pain=3, day=day, usual="body-scan") == "paced-breathing"
    # No usual exercise (or one no longer in the library): the daily rotation.
    rotating = suggest_exercise(ids, distress=3, pain=3, day=day)
    assert suggest_exercise(ids, distress=3, pain=3, day=day, usual="gone") == rotating


def test_no_preference_is_stored_as_none(store):
    with store.session() as db:
        save_setting(db, "default_exercise", "box-breathing")
        save_setting(db, "default_exercise", "")
        save_setting(db, "default_exercise_minutes", 0)
    with store.session() as db:
        values = read_settings(db)
    assert values["default_exercise"] is None and values["default_exercise_minutes"] is None


@pytest.mark.parametrize("phone", ["555-0101 ext. 23", "(555) 010-0100 x23", "+1 555 0101, ext 7", "555 0101 Extension 12"])
def test_a_phone_number_with_an_extension_is_accepted(phone):
    contacts = validate_setting("care_team", [{"role": "prescriber", "name": "Dr Lee", "phone": phone}])
    assert contacts[0]["phone"] == phone


@pytest.mark.parametrize("phone", ["ext. 23", "555-0101 ext.", "555-0101 ext. two", "555 x 1 x 2"])
def test_an_extension_alone_or_in_words_is_still_refused(phone):
    with pytest.raises(SettingError, match="phone number"):
        validate_setting("care_team", [{"role": "prescriber", "name": "Dr Lee", "phone": phone}])

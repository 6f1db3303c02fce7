"""Property tests (Hypothesis): every validator accepts exactly its range, and no input, from the
command line or to the domain functions, ends in a traceback."""

from __future__ import annotations

import math
import os
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import create_engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel
from typer.testing import CliRunner

from coach.cli.main import app
from coach.domain.days import coach_day
from coach.domain.mme import MMEError, load_mme_table, mme_per_day
from coach.paths import resolve_db
from coach.store import StoreError, models
from tests.conftest import FIXED_NOW

TABLES = [m for m in vars(models).values() if isinstance(m, type) and issubclass(m, SQLModel)
          and getattr(m, "__table__", None) is not None]

# A valid value for every required field of every table; a new required field must be added here.
REQUIRED = {
    "session_id": 1, "medication_id": 1, "exercise_id": "paced-breathing", "started_at": FIXED_NOW,
    "created_at": FIXED_NOW, "day": date(2026, 11, 25), "start_date": date(2026, 11, 1), "name": "Walk to the park",
    "difficulty": 40, "drug": "morphine", "strength": 10.0, "doses_per_day": 2.0, "key": "theme", "value": "x",
    "entity": "checkin", "entity_id": 1, "field": "pain", "edited_at": FIXED_NOW,
    "form": "taper-step", "updated_at": FIXED_NOW, "ladder_item_id": 1, "rated_at": FIXED_NOW,
}


def _base(model: type[SQLModel]) -> dict:
    missing = [n for n, f in model.model_fields.items() if f.is_required() and n not in REQUIRED]
    assert not missing, f"tests/slow/test_fuzz.py: add a valid value for {model.__name__}.{missing} to REQUIRED"
    return {n: REQUIRED[n] for n, f in model.model_fields.items() if f.is_required()}


def _bounds(field) -> tuple[float | None, float | None, bool, bool]:  # noqa: ANN001 - FieldInfo
    low = high = None
    low_open = high_open = False
    for m in field.metadata:
        if hasattr(m, "ge"):
            low = m.ge
        if hasattr(m, "gt"):
            low, low_open = m.gt, True
        if hasattr(m, "le"):
            high = m.le
        if hasattr(m, "lt"):
            high, high_open = m.lt, True
    return low, high, low_open, high_open


RANGED = [
    (model, name, _bounds(field))
    for model in TABLES
    for name, field in model.model_fields.items()
    if _bounds(field)[:2] != (None, None)
]


def _in_range(value: float, bounds) -> bool:  # noqa: ANN001
    low, high, low_open, high_open = bounds
    if low is not None and (value <= low if low_open else value < low):
        return False
    if high is not None and (value >= high if high_open else value > high):
        return False
    return True


def test_every_table_is_covered():
    assert {m.__name__ for m in TABLES} >= {"DailySession", "CheckIn", "ExerciseRun", "LadderItem", "ExposureGoal",
                                            "Reflection", "Medication", "TaperStep", "Setting", "CoachMeta"}
    assert len(RANGED) >= 20
    for model in TABLES:
        model.model_validate(_base(model))


@pytest.mark.parametrize(("model", "name", "bounds"), RANGED, ids=[f"{m.__name__}.{n}" for m, n, _ in RANGED])
@given(value=st.integers(min_value=-1_000_000, max_value=1_000_000))
@settings(max_examples=60, deadline=None)
def test_model_ranges_accept_exactly_their_range(model, name, bounds, value):
    data = _base(model) | {name: value}
    if _in_range(value, bounds):
        assert getattr(model.model_validate(data), name) == value
    else:
        with pytest.raises(ValidationError):
            model.model_validate(data)


@pytest.fixture(scope="module")
def sql_engine():
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


SQL_CHECKED = [(m, n, b) for m, n, b in RANGED if n not in ("difficulty",) or m is models.LadderItem]


@pytest.mark.parametrize(("model", "name", "bounds"), SQL_CHECKED, ids=[f"{m.__name__}.{n}" for m, n, _ in SQL_CHECKED])
@given(value=st.integers(min_value=-1000, max_value=1000))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_sqlite_checks_agree_with_the_models(sql_engine, model, name, bounds, value):
    """A row written around the models (an import, a hand edit) meets the same ranges in SQLite."""
    row = model.model_validate(_base(model)).model_dump()
    row[name] = value
    with sql_engine.connect() as conn:
        trans = conn.begin()
        try:
            if _in_range(value, bounds):
                conn.execute(model.__table__.insert().values(**row))
            else:
                with pytest.raises(IntegrityError):
                    conn.execute(model.__table__.insert().values(**row))
        finally:
            trans.rollback()


DRUGS = sorted(load_mme_table().drugs) + [a for d in load_mme_table().drugs.values() for a in d.aliases]


@given(
    drug=st.sampled_from(DRUGS) | st.text(max_size=30),
    dose=st.floats(allow_nan=True, allow_infinity=True),
    per_day=st.floats(allow_nan=True, allow_infinity=True),
)
@settings(max_examples=300, deadline=None)
def test_mme_per_day_gives_a_real_number_or_a_message(drug, dose, per_day):
    try:
        value = mme_per_day(drug, dose, per_day)
    except MMEError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert math.isfinite(value) and value >= 0
    assert math.copysign(1, value) == 1  # never "-0 MME/day"
    factor = load_mme_table().find(drug).factor
    assert value == pytest.approx(dose * per_day * factor, rel=1e-9, abs=0.01)


@given(
    moment=st.datetimes(min_value=datetime(1971, 1, 2), max_value=datetime(2200, 1, 1),
                        timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-5)),
                                                   timezone(timedelta(hours=13, minutes=45))])),
    hour=st.integers(min_value=-50, max_value=50),
)
def test_coach_day_is_today_or_yesterday(moment, hour):
    if not 0 <= hour <= 23:
        with pytest.raises(ValueError):
            coach_day(moment, hour)
        return
    day = coach_day(moment, hour)
    assert day == (moment.date() if moment.hour >= hour else moment.date() - timedelta(days=1))


# argv and environment variables cannot carry a NUL byte, so neither can --db / COACH_DB.
DB_TEXT = st.text(st.characters(blacklist_characters="\x00"), max_size=60)


@given(value=st.none() | DB_TEXT | st.sampled_from([":memory:", "sqlite://", "sqlite:///", "sqlite:///~/x.db",
                                                    "~/coach.db", "~nosuchuser/coach.db", "sqlite:///~nosuchuser/x.db",
                                                    "postgresql://u@h/db", "a://", "://"]))
def test_resolve_db_always_gives_a_target(value):
    target = resolve_db(value)
    if target.path is not None:
        assert target.url == f"sqlite:///{target.path.absolute()}"
        assert target.is_sqlite and not target.in_memory
    if value == ":memory:":
        assert target.in_memory
    elif value and "://" in value and not value.startswith("sqlite:///"):
        assert target.url == value and target.path is None
    assert target.describe()


TOKENS = st.sampled_from([
    "mme", "doctor", "backup", "exercise", "--db", "--per-day", "-n", "--help", "--version", "-o", "--output", "--",
    "--list", "--minutes", "-m", "paced-breathing", "Box breathing", "60", "0.5", "--days", "--json", "--format",
    "json", "csv", "zip", "out.json", "report.html",
    "morphine", "oxycodone", "fentanyl-patch", "buprenorphine", "10", "-5", "0", "-0", "nan", "inf", "1e400",
    "", " ", "x.db", ":memory:", "sqlite://", "sqlite:///", "postgresql://u@h/db", "/", ".", "~", "--db=",
])
ARGV = st.lists(TOKENS | st.text(st.characters(blacklist_characters="\x00"), max_size=12), max_size=7)
SUBCOMMANDS = st.sampled_from(["mme", "doctor", "backup", "exercise", "status", "stats", "export", "import", "report",
                               "session", "--help", "--version"])


@pytest.fixture
def cli_sandbox(tmp_path, monkeypatch):
    """Random argv may name no command: the TUI must then not start (it would wait for a terminal)."""
    import coach.tui.launch

    launched = []
    monkeypatch.setattr(coach.tui.launch, "launch_tui", lambda db=None, **kw: launched.append(db) or 0)
    monkeypatch.chdir(tmp_path)
    return launched


@given(before=st.lists(TOKENS, max_size=3), command=SUBCOMMANDS, after=ARGV)
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_cli_never_shows_a_traceback(cli_sandbox, before, command, after):
    argv = [*before, command, *after]
    result = CliRunner().invoke(app, argv)
    if isinstance(result.exception, StoreError):  # run_cli turns this into one line and exit code 2
        return
    assert result.exception is None or isinstance(result.exception, SystemExit), (argv, repr(result.exception))
    assert result.exit_code in (0, 1, 2), (argv, result.exit_code, result.output)
    assert "Traceback" not in result.output


def test_cli_sandbox_stops_the_tui(cli_sandbox):
    """The fixture above really replaces the TUI: an argv with no command reaches it."""
    result = CliRunner().invoke(app, ["--db", "x.db"])
    assert result.exit_code == 0 and cli_sandbox == ["x.db"]
    assert not os.path.exists("x.db")


# --- form validators of the ladder and the taper plan --------------------------------------------

FORM_TEXT = st.text(max_size=40) | st.sampled_from(
    ["", " ", "0", "100", "101", "-1", "1e3", "nan", "inf", "-inf", "1_000", "12,5", "٣", "2026-12-09", "2026-02-30"]
)


@given(name=st.text(max_size=260), difficulty=FORM_TEXT)
def test_ladder_item_form_gives_a_clean_item_or_a_reason(name, difficulty):
    from coach.domain.ladder import NAME_MAX, LadderInputError, parse_item

    try:
        clean, value = parse_item(name, difficulty)
    except LadderInputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert clean and clean == clean.strip() and len(clean) <= NAME_MAX
    assert isinstance(value, int) and 0 <= value <= 100


@given(text=FORM_TEXT, allow_zero=st.booleans())
def test_taper_amount_form_gives_a_sane_number_or_a_reason(text, allow_zero):
    from coach.domain.taper import TaperInputError, parse_amount

    try:
        value = parse_amount(text, "strength", allow_zero=allow_zero)
    except TaperInputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert math.isfinite(value) and 0 <= value <= 100_000
    assert value > 0 or allow_zero


@given(text=st.sampled_from(DRUGS) | FORM_TEXT)
def test_taper_drug_and_date_forms_give_a_value_or_a_reason(text):
    from coach.domain.taper import TaperInputError, parse_day, parse_drug

    for parse in (parse_drug, parse_day):
        try:
            parse(text)
        except TaperInputError as exc:
            assert str(exc) and "\n" not in str(exc)


AMOUNT = st.floats(min_value=0, max_value=100_000, allow_nan=False) | st.sampled_from([0.0, 0.5, 5.0, 10.0])
FACTOR_DRUGS = sorted(load_mme_table().drugs)


@st.composite
def taper_plans(draw):
    from coach.domain.taper import PlanMedication, PlanStep

    start = date(2025, 1, 1)
    meds = []
    for i in range(draw(st.integers(1, 3))):
        meds.append(PlanMedication(id=i + 1, drug=draw(st.sampled_from(FACTOR_DRUGS)),
                                   strength=draw(AMOUNT.filter(lambda v: v > 0)),
                                   doses_per_day=draw(AMOUNT.filter(lambda v: v > 0)),
                                   start_date=start + timedelta(days=draw(st.integers(0, 60)))))
    steps = []
    for j in range(draw(st.integers(0, 8))):
        med = draw(st.sampled_from(meds))
        steps.append(PlanStep(id=j + 1, medication_id=med.id,
                              start_date=med.start_date + timedelta(days=draw(st.integers(1, 400))),
                              strength=draw(AMOUNT), doses_per_day=draw(AMOUNT)))
    return meds, steps


@given(plan=taper_plans(), duration=st.sampled_from([None, "under_a_year", "a_year_or_more", "not_sure", "junk"]))
@settings(max_examples=150, deadline=None)
def test_taper_plan_rows_never_fail_and_notes_only_describe_reductions(plan, duration):
    from coach.domain.taper import plan_notes, plan_rows

    meds, steps = plan
    rows = plan_rows(meds, steps, duration)
    assert len(rows) == len(steps)
    for row in rows:
        if row.pace_note is not None:
            assert row.faster_than_guidance and row.change_percent is not None and row.change_percent < 0
            assert "prescriber" in row.pace_note
        if row.percent_per_30_days is not None:
            assert math.isfinite(row.percent_per_30_days) and row.percent_per_30_days >= -100
    plan_notes(meds)

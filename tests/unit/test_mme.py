"""The CDC 2022 MME table and the arithmetic built on it."""

from __future__ import annotations

import pytest

from coach.domain.mme import MMEError, check_regimen, format_mme, load_mme_table, mme_per_day, parse_number

CDC_2022 = {
    "codeine": 0.15,
    "fentanyl-patch": 2.4,
    "hydrocodone": 1,
    "hydromorphone": 5,
    "methadone": 4.7,
    "morphine": 1,
    "oxycodone": 1.5,
    "oxymorphone": 3,
    "tapentadol": 0.4,
    "tramadol": 0.2,
}


def test_table_matches_cdc_2022_exactly():
    table = load_mme_table()
    factors = {key: drug.factor for key, drug in table.drugs.items() if drug.factor is not None}
    assert factors == CDC_2022
    assert table.drugs["buprenorphine"].factor is None
    assert "partial agonist" in table.drugs["buprenorphine"].no_factor_reason
    assert "convert" in table.caution or "switch" in table.caution


@pytest.mark.parametrize(
    ("drug", "dose", "per_day", "expected"),
    [
        ("oxycodone", 10, 3, 45),
        ("morphine", 30, 2, 60),
        ("hydromorphone", 2, 4, 40),
        ("methadone", 10, 2, 94),
        ("tramadol", 50, 4, 40),
        ("codeine", 30, 4, 18),
        ("fentanyl-patch", 25, 1, 60),
        ("fentanyl-transdermal", 12, 1, 28.8),
        ("Fentanyl patch", 12, 2, 57.6),
        ("Oxycodone", 5, 1, 7.5),
    ],
)
def test_mme_per_day(drug, dose, per_day, expected):
    assert mme_per_day(drug, dose, per_day) == pytest.approx(expected)


def test_errors_are_clear():
    with pytest.raises(MMEError, match="unknown drug 'aspirin'.*Known: buprenorphine"):
        mme_per_day("aspirin", 10)
    with pytest.raises(MMEError, match="Did you mean oxycodone"):
        mme_per_day("oxycodon", 10)
    with pytest.raises(MMEError, match="no MME factor"):
        mme_per_day("buprenorphine", 8)
    with pytest.raises(MMEError, match="negative"):
        mme_per_day("morphine", -1)
    with pytest.raises(MMEError, match="more than 0"):
        mme_per_day("morphine", 10, 0)


def test_format():
    assert format_mme(45.0) == "45 MME/day"
    assert format_mme(28.8) == "28.8 MME/day"
    assert format_mme(0.0) == "0 MME/day"


@pytest.mark.parametrize("name", ["fentanyl", "Fentanyl", "fentanyl-buccal", "fentanyl lozenge", "fentanyl_nasal"])
def test_fentanyl_other_than_the_patch_is_refused_with_the_reason(name):
    with pytest.raises(MMEError, match="skin patch only: type fentanyl-patch"):
        load_mme_table().find(name)


@pytest.mark.parametrize(
    ("drug", "dose", "per_day", "problem"),
    [
        ("oxycodone", -30, 1, "cannot be negative"),
        ("oxycodone", 1e9, 1, "far larger than any real dose"),
        ("fentanyl-patch", 1e9, 1, "far larger than any real dose"),
        ("oxycodone", 10, 0, "more than 0"),
        ("oxycodone", 10, 1e6, "far more than any real plan"),
        ("fentanyl-patch", 25, 1.5, "whole number, 1 or more"),
        ("fentanyl-patch", 25, 0, "whole number, 1 or more"),
        ("fentanyl-patch", 25, 0.5, "whole number, 1 or more"),
        ("fentanyl-patch", 25, 50, "far more than any real plan"),
    ],
)
def test_check_regimen_refuses_what_cannot_be_real(drug, dose, per_day, problem):
    with pytest.raises(MMEError, match=problem):
        check_regimen(load_mme_table().find(drug), dose, per_day)


def test_check_regimen_accepts_real_plans():
    table = load_mme_table()
    check_regimen(table.find("fentanyl-patch"), 100, 3)
    check_regimen(table.find("oxycodone"), 0, 1)
    check_regimen(table.find("morphine"), 200, 6)


def test_parse_number_is_one_line():
    assert parse_number("12,5", "the dose") == 12.5
    for text in ("abc", "nan", "inf", ""):
        with pytest.raises(MMEError) as caught:
            parse_number(text, "the dose")
        assert "\n" not in str(caught.value)

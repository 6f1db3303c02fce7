"""Morphine milligram equivalents per day from the CDC 2022 factors in content/mme.toml."""

from __future__ import annotations

import math
import tomllib
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

MME_TABLE_PATH = Path(__file__).resolve().parent.parent / "content" / "mme.toml"


class MMEError(ValueError):
    """A drug or dose the MME table cannot turn into MME/day; the message is one line for the user."""


# Beyond these a typed number is a slip, not a dose (the largest single doses in use are a small fraction).
MAX_DOSE = 10_000  # mg in one dose, or mcg/hr for one patch
MAX_DOSES_PER_DAY = 48
MAX_PATCHES = 10

FENTANYL_FORMS = (
    "fentanyl comes in several forms, and the CDC 2022 factor here is for the skin patch only: "
    "type fentanyl-patch with the patch's rate in mcg/hr (lozenges, tablets, films, sprays and "
    "injections have no factor in this table)"
)


class Drug(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    name: str
    unit: str
    factor: float | None = Field(default=None, gt=0)
    aliases: tuple[str, ...] = ()
    caution: str = ""
    no_factor_reason: str = ""

    @model_validator(mode="after")
    def _factor_or_reason(self) -> Drug:
        if (self.factor is None) == bool(self.no_factor_reason):
            return self
        raise ValueError("give either a factor or a no_factor_reason, not both")

    @property
    def is_patch(self) -> bool:
        return self.unit == "mcg/hr"


class MMETable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    caution: str
    drugs: dict[str, Drug]

    def find(self, name: str) -> Drug:
        wanted = name.strip().lower().replace(" ", "-").replace("_", "-")
        for drug in self.drugs.values():
            if wanted == drug.key or wanted in drug.aliases:
                return drug
        if wanted.startswith("fentanyl") or wanted.endswith("fentanyl"):
            raise MMEError(FENTANYL_FORMS)
        names = sorted(self.drugs)
        close = get_close_matches(wanted, names + [a for d in self.drugs.values() for a in d.aliases], n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise MMEError(f"unknown drug {name!r}.{hint} Known: {', '.join(names)}")


@lru_cache(maxsize=1)
def load_mme_table(path: Path = MME_TABLE_PATH) -> MMETable:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        drugs = {key: {"key": key, **value} for key, value in raw.get("drugs", {}).items()}
        return MMETable.model_validate({**raw, "drugs": drugs})
    except tomllib.TOMLDecodeError as exc:
        raise MMEError(f"{path.name}: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise MMEError(f"{path.name}: {where}: {first['msg']}") from None


def mme_per_day(drug_name: str, dose: float, doses_per_day: float = 1.0) -> float:
    """MME/day for `dose` (mg, or mcg/hr for a patch) taken `doses_per_day` times a day."""
    drug = load_mme_table().find(drug_name)
    if not math.isfinite(dose) or not math.isfinite(doses_per_day):
        raise MMEError(f"the dose and the doses per day must be plain numbers (got {dose:g} and {doses_per_day:g})")
    if dose < 0:
        raise MMEError(f"a dose cannot be negative (got {dose:g})")
    if doses_per_day <= 0:
        raise MMEError(f"doses per day must be more than 0 (got {doses_per_day:g})")
    if drug.factor is None:
        raise MMEError(drug.no_factor_reason)
    # A patch's strength is already a rate: MME/day = mcg/hr x factor for each patch worn at once.
    value = dose * doses_per_day * drug.factor
    if not math.isfinite(value):
        raise MMEError(f"that dose is far too large to be real (got {dose:g} x {doses_per_day:g} a day)")
    return round(value, 2) + 0.0  # + 0.0 turns a dose of -0 into 0


def parse_number(text: str, what: str) -> float:
    """A number typed on the command line, or one line saying why it is not one."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise MMEError(f"{what} must be a number, like 10 or 12.5 (got {text!r})") from None
    if not math.isfinite(value):
        raise MMEError(f"{what} must be a plain number (got {text!r})")
    return value


def check_regimen(drug: Drug, dose: float, doses_per_day: float) -> None:
    """A dose and a count that could be real: not negative, not absurdly large, whole patches for a patch."""
    unit = drug.unit
    if dose < 0:
        raise MMEError(f"a dose cannot be negative (got {dose:g} {unit})")
    if dose > MAX_DOSE:
        raise MMEError(f"{dose:g} {unit} in one dose is far larger than any real dose; please check the number")
    if drug.is_patch:
        if doses_per_day < 1 or doses_per_day != int(doses_per_day):
            raise MMEError(
                f"for a patch, --per-day is the number of patches worn at once: a whole number, 1 or more "
                f"(got {doses_per_day:g})"
            )
        if doses_per_day > MAX_PATCHES:
            raise MMEError(f"{doses_per_day:g} patches at once is far more than any real plan; please check the number")
        return
    if doses_per_day <= 0:
        raise MMEError(f"doses per day must be more than 0 (got {doses_per_day:g})")
    if doses_per_day > MAX_DOSES_PER_DAY:
        raise MMEError(f"{doses_per_day:g} doses a day is far more than any real plan; please check the number")


def format_mme(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") + " MME/day"

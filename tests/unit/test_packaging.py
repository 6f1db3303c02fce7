"""pyproject.toml in the forms setuptools installs without deprecation warnings (checked by hand with a
fresh `pip install -e .`: nothing printed)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PYPROJECT = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())


def test_license_is_an_spdx_string_with_a_setuptools_that_reads_it():
    assert PYPROJECT["project"]["license"] == "MIT"  # a TOML table here is deprecated
    (requirement,) = [r for r in PYPROJECT["build-system"]["requires"] if r.startswith("setuptools")]
    minimum = re.fullmatch(r"setuptools>=(\d+)", requirement)
    assert minimum and int(minimum.group(1)) >= 77  # the first setuptools that knows SPDX strings


def test_the_package_root_is_explicit_so_an_editable_install_is_a_plain_path_entry():
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"": "."}

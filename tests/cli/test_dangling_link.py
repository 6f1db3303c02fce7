"""`--db` (or COACH_DB) naming a link to a file that is not there: one line, exit 2, nothing created."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from coach.cli.main import app

runner = CliRunner()
COMMANDS = [["status"], ["stats"], ["export"], ["doctor"], ["backup"], ["import", "x.json"],
            ["report", "-o", "r.html"], []]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "app")
@pytest.mark.parametrize("where", ["before", "after", "env"])
def test_a_dangling_link_is_one_line_and_exit_2(tmp_path, monkeypatch, command, where):
    link = tmp_path / "coach.db"
    link.symlink_to(tmp_path / "gone" / "coach.db")
    (tmp_path / "x.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    if where == "env":
        monkeypatch.setenv("COACH_DB", str(link))
        args = command
    else:
        args = ["--db", str(link), *command] if where == "before" or not command else [*command, "--db", str(link)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"coach: error: {link} is a link to {tmp_path / 'gone' / 'coach.db'}, which does not exist " \
                            "(check --db or COACH_DB)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coach.db", "x.json"] and not (tmp_path / "gone").exists()

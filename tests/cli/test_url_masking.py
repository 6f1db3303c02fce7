"""A password written into a server URL is never shown, whatever it holds (/ ? # @ : %), raw or
percent-encoded: every URL coach shows goes through SQLAlchemy's rendering with the password hidden."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.paths import masked_url, parsed_url, resolve_db

runner = CliRunner()
SPECIALS = "/?#@:%"


def _urls(char: str) -> list[tuple[str, str]]:
    password = f"Zq{char}Xw"
    return [(form, f"postgresql+psycopg://sam:{text}@127.0.0.1:1/coach?sslmode=disable")
            for form, text in (("raw", password), ("encoded", quote(password, safe="")))]


def _leaks(text: str) -> bool:
    return "Zq" in text or "Xw" in text


@pytest.mark.parametrize("char", SPECIALS)
def test_masked_url_hides_every_password(char):
    for _form, url in _urls(char):
        shown = masked_url(url)
        assert shown == "postgresql+psycopg://sam:***@127.0.0.1:1/coach?sslmode=disable", (url, shown)
        assert resolve_db(url).describe() == shown


def test_a_raw_at_sign_in_the_password_is_kept_whole_for_the_connection():
    url = parsed_url("postgresql://sam:p@ss/w?rd#x@db.example:5433/coach")
    assert (url.username, url.password, url.host, url.port, url.database) == ("sam", "p@ss/w?rd#x", "db.example", 5433, "coach")


def test_a_password_in_the_query_is_hidden_too():
    assert masked_url("postgresql://sam@db.example/coach?password=Zq/Xw&sslmode=require") == (
        "postgresql://sam@db.example/coach?password=***&sslmode=require")


@pytest.mark.parametrize("char", SPECIALS)
@pytest.mark.parametrize("command", [["doctor"], ["status"], ["export"]])
def test_no_command_shows_the_password(char, command):
    for form, url in _urls(char):
        result = runner.invoke(app, ["--db", url, *command])
        said = result.output + str(result.exception or "")  # (run_cli turns an escaped StoreError into its line)
        assert result.exit_code != 0, (form, said)  # nothing listens on port 1
        assert not _leaks(said), (form, said)
        assert "127.0.0.1:1" in said, (form, said)  # the right host, not a piece of the password

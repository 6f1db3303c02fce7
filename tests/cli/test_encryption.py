"""Encryption at rest: encrypt -> every command with COACH_PASSPHRASE -> decrypt gives back the same data;
a wrong passphrase is one line, exit 2, the file untouched; the passphrase never shows or stays."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3", reason="encryption needs the optional sqlcipher3 package (coach[encrypt])")

from typer.testing import CliRunner  # noqa: E402

from coach.cli.main import app  # noqa: E402
from coach.paths import resolve_db  # noqa: E402
from coach.store import SCHEMA_VERSION, StoreError  # noqa: E402
from coach.store.engine.cipher import (  # noqa: E402
    SQLITE_HEADER,
    JournalLocked,
    Passphrase,
    WrongPassphrase,
    looks_encrypted,
    unlock,
)

PASSPHRASE = "a calm river at dawn"
runner = CliRunner()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def journal_template(tmp_path_factory) -> Path:
    """A plain journal with 40 days of synthetic history, made once; tests work on copies."""
    path = tmp_path_factory.mktemp("template") / "coach.db"
    result = runner.invoke(app, ["demo", "--days", "40", "--save", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def journal(journal_template, tmp_path) -> Path:
    path = tmp_path / "coach.db"
    path.write_bytes(journal_template.read_bytes())
    path.chmod(0o600)
    return path


def _cli(path: Path, *args: str, passphrase: str | None = PASSPHRASE):
    env = {"COACH_PASSPHRASE": passphrase} if passphrase is not None else {}
    return runner.invoke(app, ["--db", str(path), *args], env=env)


def _refused(result) -> str:
    """The one-line message of a command refused with StoreError (run_cli prints it and exits 2; the
    subprocess tests below check that end to end)."""
    assert isinstance(result.exception, StoreError), result.output
    message = str(result.exception)
    assert "\n" not in message
    return message


def _encrypted(path: Path) -> Path:
    result = _cli(path, "encrypt")
    assert result.exit_code == 0, result.output
    return path


def _export(path: Path, passphrase: str | None = PASSPHRASE) -> dict:
    result = _cli(path, "export", passphrase=passphrase)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_encrypt_every_command_then_decrypt_gives_back_the_same_export(journal, tmp_path):
    original = _export(journal, passphrase=None)
    _encrypted(journal)
    assert journal.read_bytes()[:16] != SQLITE_HEADER
    assert looks_encrypted(journal)
    assert oct(journal.stat().st_mode & 0o777) == "0o600"

    status = _cli(journal, "status")
    assert status.exit_code == 0 and status.stdout.startswith("day ")
    stats = _cli(journal, "stats", "--json")
    assert stats.exit_code == 0 and json.loads(stats.stdout)["days"] >= 1
    doctor = _cli(journal, "doctor")
    assert doctor.exit_code == 0, doctor.output
    assert "encryption: on" in doctor.stdout and "integrity: ok" in doctor.stdout
    exported = _cli(journal, "export")
    assert json.loads(exported.stdout) == original
    assert exported.stderr.strip() == "Note: your journal is encrypted, but this file is not; keep it somewhere private."
    csv = _cli(journal, "export", "--format", "csv", "-o", str(tmp_path / "out.zip"))
    assert csv.exit_code == 0 and "is not" in csv.stderr
    report = _cli(journal, "report", "-o", str(tmp_path / "report.html"))
    assert report.exit_code == 0 and "is not" in report.stderr
    (tmp_path / "export.json").write_text(exported.stdout)
    imported = _cli(journal, "import", str(tmp_path / "export.json"))
    assert imported.exit_code == 0 and "Nothing new" in imported.stdout
    backup = _cli(journal, "backup", "-o", str(tmp_path / "copy.db"))
    assert backup.exit_code == 0 and "encrypted with the same passphrase" in backup.stdout

    decrypted = _cli(journal, "decrypt")
    assert decrypted.exit_code == 0, decrypted.output
    assert journal.read_bytes()[:16] == SQLITE_HEADER
    assert _export(journal, passphrase=None) == original


def test_an_encrypted_journal_is_not_readable_by_plain_sqlite(journal):
    _encrypted(journal)
    conn = sqlite3.connect(journal)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    assert PASSPHRASE.encode() not in journal.read_bytes()  # nor is the passphrase kept in it


def test_the_file_stays_a_standard_sqlcipher_database_the_passphrase_opens(journal):
    """Other SQLCipher tools open it with the passphrase alone (SQLCipher 4's own key derivation)."""
    from sqlcipher3 import dbapi2

    _encrypted(journal)
    conn = dbapi2.connect(str(journal))
    conn.execute("PRAGMA key = 'a calm river at dawn'")
    assert conn.execute("SELECT count(*) FROM daily_session").fetchone()[0] > 0
    conn.close()


def test_a_backup_of_an_encrypted_journal_stays_encrypted(journal, tmp_path):
    _encrypted(journal)
    copy = tmp_path / "copy.db"
    assert _cli(journal, "backup", "-o", str(copy)).exit_code == 0
    assert copy.read_bytes()[:16] != SQLITE_HEADER
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    unlock(copy, Passphrase(PASSPHRASE))  # the same passphrase opens it
    with pytest.raises(WrongPassphrase):
        unlock(copy, Passphrase("something else"))


def test_the_copy_before_a_schema_upgrade_stays_encrypted(journal, tmp_path):
    from coach.store.engine.migrations import copy_database

    _encrypted(journal)
    key = unlock(journal, Passphrase(PASSPHRASE))
    copy = tmp_path / "before-upgrade.bak"
    copy_database(journal, copy, key)
    assert copy.read_bytes()[:16] != SQLITE_HEADER
    unlock(copy, Passphrase(PASSPHRASE))


@pytest.mark.parametrize(
    "args",
    [["status"], ["stats"], ["export"], ["backup"], ["doctor"], ["decrypt"], ["import", "x.json"], []],
    ids=["status", "stats", "export", "backup", "doctor", "decrypt", "import", "tui"],
)
def test_a_wrong_passphrase_is_one_line_exit_2_and_the_file_untouched(journal, args, tmp_path):
    _encrypted(journal)
    before = _digest(journal)
    (tmp_path / "x.json").write_text(json.dumps({"format": "coach-export", "version": 1, "schema": SCHEMA_VERSION}))
    result = subprocess.run(
        [sys.executable, "-m", "coach", "--db", str(journal), *args],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, cwd=tmp_path,
        env={**os.environ, "COACH_PASSPHRASE": "not the one"},
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"coach: error: that passphrase does not open {journal}; nothing was changed"
    assert "Traceback" not in result.stdout
    assert _digest(journal) == before
    assert sorted(p.name for p in journal.parent.iterdir() if p.name.startswith("coach.db")) == ["coach.db"]


def test_status_prints_nothing_without_the_passphrase(journal):
    _encrypted(journal)
    before = _digest(journal)
    result = _cli(journal, "status", passphrase=None)
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""
    assert _digest(journal) == before


def test_other_commands_without_a_terminal_or_passphrase_say_how(journal):
    _encrypted(journal)
    assert "set COACH_PASSPHRASE" in _refused(_cli(journal, "stats", passphrase=None))


def test_encrypt_asks_twice_on_a_terminal_and_refuses_two_different_passphrases(journal, monkeypatch):
    import coach.cli.encryption as encryption

    before = _digest(journal)
    answers = iter([Passphrase("first try"), Passphrase("second try")])
    monkeypatch.setattr(encryption, "can_ask", lambda: True)
    monkeypatch.setattr(encryption, "_ask", lambda prompt: next(answers))
    assert "differ" in _refused(_cli(journal, "encrypt", passphrase=None))
    assert _digest(journal) == before

    answers = iter([Passphrase(PASSPHRASE), Passphrase(PASSPHRASE)])
    result = _cli(journal, "encrypt", passphrase=None)
    assert result.exit_code == 0, result.output
    unlock(journal, Passphrase(PASSPHRASE))


def test_encrypt_twice_or_decrypt_a_plain_journal_changes_nothing(journal):
    plain = _digest(journal)
    assert "not encrypted" in _refused(_cli(journal, "decrypt"))
    assert _digest(journal) == plain
    _encrypted(journal)
    locked = _digest(journal)
    assert "already encrypted" in _refused(_cli(journal, "encrypt"))
    assert _digest(journal) == locked


def test_encrypt_refuses_while_coach_has_the_journal_open_elsewhere(journal):
    """Another coach with the journal open (here a process holding an idle store, as the TUI does between
    answers) would go on writing to the old file after the rename: encrypt must refuse, changing nothing."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(journal)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        before = _digest(journal)
        assert "elsewhere; close it there" in _refused(_cli(journal, "encrypt"))
        assert _digest(journal) == before
        assert not journal.with_name("coach.db.encrypting").exists()
    finally:
        holder.communicate("", timeout=30)
    assert _cli(journal, "encrypt").exit_code == 0  # once it has closed, encrypting works


HOLD_OPEN = """
import sys
from coach.paths import resolve_db
from coach.store.engine.db import open_store
store = open_store(resolve_db(sys.argv[1]))
with store.engine.connect() as conn:
    conn.exec_driver_sql("SELECT count(*) FROM daily_session").fetchone()
print("open", flush=True)
sys.stdin.read()
store.close()
"""


def test_encrypt_mentions_unencrypted_copies_beside_the_journal(journal):
    assert _cli(journal, "backup").exit_code == 0
    result = _cli(journal, "encrypt")
    assert result.exit_code == 0
    assert "still unencrypted (coach-backup-" in result.stderr


def test_encrypt_lists_every_plain_copy_whatever_its_name(journal, tmp_path):
    copy = tmp_path / "my copy.sqlite"
    assert _cli(journal, "backup", "-o", str(copy)).exit_code == 0
    (tmp_path / "holiday.bak").write_bytes(journal.read_bytes())
    other = sqlite3.connect(tmp_path / "recipes.db")  # another app's SQLite file: not a journal
    other.execute("CREATE TABLE recipe (name TEXT)")
    other.commit()
    other.close()
    (tmp_path / "notes.txt").write_text("not a database")
    result = _cli(journal, "encrypt")
    assert result.exit_code == 0, result.output
    assert "still unencrypted (holiday.bak, my copy.sqlite);" in result.stderr, result.stderr


def test_the_key_never_shows_in_a_repr_the_engine_url_or_a_pickle(journal):
    import pickle

    from coach.store.engine.db import open_store

    _encrypted(journal)
    key = unlock(journal, Passphrase(PASSPHRASE))
    target = resolve_db(str(journal)).with_key(key)
    secret = key.literal()
    assert secret not in repr(key) and secret not in repr(target) and secret not in str(key)
    store = open_store(target)
    try:
        url = store.engine.url
        assert PASSPHRASE not in str(url) and secret not in str(url) and url.password is None
        assert secret not in repr(store.engine)
    finally:
        store.close()
    with pytest.raises(TypeError):
        pickle.dumps(key)


def test_opening_a_locked_journal_without_its_key_is_one_clear_error(journal):
    from coach.store.engine.db import open_store

    _encrypted(journal)
    with pytest.raises(JournalLocked, match="locked with a passphrase"):
        open_store(resolve_db(str(journal)))


def test_without_the_optional_package_the_error_says_how_to_install_it(journal, monkeypatch):
    import coach.store.engine.cipher as cipher

    _encrypted(journal)
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # import sqlcipher3 now raises ImportError
    monkeypatch.delitem(sys.modules, "sqlcipher3.dbapi2", raising=False)
    cipher._quiet_sqlcipher.cache_clear()  # (a failed import is not cached: it loads again afterwards)
    with pytest.raises(StoreError, match=r"coach\[encrypt\]"):
        cipher.dbapi()
    assert "coach[encrypt]" in _refused(_cli(journal, "stats"))
    from coach.tui.launch import make_tui_app

    with pytest.raises(StoreError, match=r"coach\[encrypt\]"):  # the TUI says so before any screen
        make_tui_app(str(journal))


def test_commands_that_stay_plain_do_not_load_sqlcipher():
    code = "import sys, coach.cli.main, coach.tui.launch; print('sqlcipher3' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def _kill_mid_encrypt(path: Path, delay: float, command: str = "encrypt") -> bool:
    """Run `coach encrypt` (or decrypt) and kill -9 it `delay` seconds after its new file appears (or when
    it ends); True if it was killed while the new file was still being written."""
    import signal
    import time

    partial = path.with_name(path.name + (".encrypting" if command == "encrypt" else ".decrypting"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "--db", str(path), command],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "COACH_PASSPHRASE": PASSPHRASE},
    )
    deadline = time.monotonic() + 120
    while not partial.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.0005)
    time.sleep(delay)
    mid_way = partial.exists() and proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return mid_way


def _assert_old_or_new(path: Path, original: dict) -> None:
    if path.read_bytes()[:16] == SQLITE_HEADER:
        assert _export(path, passphrase=None) == original
    else:
        assert _export(path) == original
    assert not path.with_name(path.name + "-wal").exists() or path.read_bytes()[:16] == SQLITE_HEADER


@pytest.fixture(scope="module")
def long_journal(tmp_path_factory) -> Path:
    """Four years of history (about 1 MB), so an encryption takes long enough to be caught mid-way."""
    path = tmp_path_factory.mktemp("long") / "coach.db"
    assert runner.invoke(app, ["demo", "--days", "1460", "--save", str(path)]).exit_code == 0
    return path


@pytest.mark.slow  # about 25 s each on a busy 2-core machine; `make test` runs them
def test_kill_9_during_encrypt_leaves_the_old_journal_or_the_new_one(long_journal, tmp_path):
    path = tmp_path / "coach.db"
    original = None
    caught = 0
    for delay in (0.0, 0.003, 0.02, 0.06, 5.0):
        path.write_bytes(long_journal.read_bytes())
        for extra in ("-wal", "-shm", ".encrypting", ".encrypting-journal"):
            path.with_name(path.name + extra).unlink(missing_ok=True)
        if original is None:
            original = _export(path, passphrase=None)
        caught += _kill_mid_encrypt(path, delay)
        _assert_old_or_new(path, original)
        if path.read_bytes()[:16] == SQLITE_HEADER:  # killed before the rename: encrypting again just works
            assert _cli(path, "encrypt").exit_code == 0
            assert not path.with_name(path.name + ".encrypting").exists()
            assert _export(path) == original
    assert caught >= 1, "no kill landed while the new file was being written; the test proved nothing"


def test_encrypt_folds_in_what_a_crashed_coach_left_in_the_wal(journal, tmp_path):
    """A journal copied as a crash leaves it (answers still in coach.db-wal): encrypting keeps them, and
    leaves no -wal or -shm beside the encrypted file."""
    import shutil

    from coach.store.engine.db import open_store
    from coach.store.repo import set_setting

    store = open_store(resolve_db(str(journal)))
    with store.session() as db:
        set_setting(db, "day_start_hour", 3)
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in ("coach.db", "coach.db-wal", "coach.db-shm"):
        shutil.copy(journal.with_name(name), crashed / name)
    store.close()
    copy = crashed / "coach.db"
    assert (crashed / "coach.db-wal").stat().st_size > 0
    _encrypted(copy)
    assert sorted(p.name for p in crashed.iterdir()) == ["coach.db"]
    settings = {row["key"]: row["value"] for row in _export(copy)["setting"]}
    assert settings["day_start_hour"] == 3


def test_a_crash_while_unlocking_shows_no_passphrase_in_its_traceback(journal, monkeypatch):
    """Textual prints a crash's traceback with each frame's local variables: the passphrase and the key
    must not be among them (here the file vanishes mid-way, an error nobody planned for)."""
    import io

    from rich.console import Console
    from rich.traceback import Traceback

    import coach.cli.encryption
    import coach.store.engine.cipher as cipher
    from coach.tui.launch import make_tui_app

    _encrypted(journal)
    monkeypatch.setattr(coach.cli.encryption, "can_ask", lambda: True)
    app, _settings = make_tui_app(str(journal))
    real_connect = cipher.connect

    def failing_connect(database, key, **kwargs):  # noqa: ANN001, ANN202
        if key is not None:
            raise RuntimeError("the disk went away")
        return real_connect(database, key, **kwargs)

    monkeypatch.setattr(cipher, "connect", failing_connect)
    try:
        app._unlock(Passphrase(PASSPHRASE))
    except RuntimeError as exc:
        out = io.StringIO()
        Console(file=out, width=200).print(Traceback.from_exception(type(exc), exc, exc.__traceback__, show_locals=True))
    text = out.getvalue()
    assert "the disk went away" in text and "Passphrase(hidden)" in text
    assert PASSPHRASE not in text
    assert "JournalKey(hidden)" in text and "x'" not in text  # the derived key is not shown either


@pytest.mark.slow  # about 25 s each on a busy 2-core machine; `make test` runs them
def test_kill_9_during_decrypt_leaves_the_encrypted_journal_or_the_plain_one(long_journal, tmp_path):
    path = tmp_path / "coach.db"
    path.write_bytes(long_journal.read_bytes())
    original = _export(path, passphrase=None)
    _encrypted(path)
    encrypted = path.read_bytes()
    caught = 0
    for delay in (0.0, 0.01, 0.05, 5.0):
        path.write_bytes(encrypted)
        for extra in ("-wal", "-shm", ".decrypting", ".decrypting-journal"):
            path.with_name(path.name + extra).unlink(missing_ok=True)
        caught += _kill_mid_encrypt(path, delay, "decrypt")
        _assert_old_or_new(path, original)
        if path.read_bytes()[:16] != SQLITE_HEADER:  # killed before the rename: decrypting again just works
            assert _cli(path, "decrypt").exit_code == 0
            assert not path.with_name(path.name + ".decrypting").exists()  # the half-written plain copy is gone
            assert _export(path, passphrase=None) == original
    assert caught >= 1, "no kill landed while the new file was being written; the test proved nothing"


def test_doctor_points_at_a_half_written_copy_left_by_a_stopped_decrypt(journal):
    _encrypted(journal)
    leftover = journal.with_name("coach.db.decrypting")
    leftover.write_bytes(b"SQLite format 3\x00 half of it")
    result = _cli(journal, "doctor")
    assert result.exit_code == 1
    assert "coach.db.decrypting is half a copy left by a stopped `coach decrypt`" in result.stdout
    assert _cli(journal, "decrypt").exit_code == 0
    assert not leftover.exists()

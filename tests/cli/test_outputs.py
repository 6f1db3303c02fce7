"""coach.outputs, the one writer of reports, exports, backups and saved demos: 0600, atomic, never over
the database, an existing file (without --force) or through a symlink; nothing left behind on failure."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.outputs import OutputError, check_target, output_file, write_output
from tests.conftest import coach_today

runner = CliRunner()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part") or ".part-" in p.name)


# --- the writer itself ------------------------------------------------------------------------------


def test_new_file_is_private_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        out = write_output(tmp_path / "out.txt", "hello")
    finally:
        os.umask(old)
    assert out.read_text() == "hello"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert _leftovers(tmp_path) == []


def test_existing_file_needs_force(tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("precious")
    with pytest.raises(OutputError, match="already exists.*--force"):
        write_output(out, "new")
    assert out.read_text() == "precious"
    write_output(out, "new", force=True)
    assert out.read_text() == "new" and stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_the_database_and_its_side_files_are_never_targets_even_with_force(tmp_path, suffix):
    db = tmp_path / "coach.db"
    target = db.with_name(db.name + suffix)
    target.write_bytes(b"journal")
    for force in (False, True):
        with pytest.raises(OutputError, match="database itself"):
            write_output(target, "x", force=force, protect=[db])
    assert target.read_bytes() == b"journal"


def test_a_link_to_the_database_is_caught_by_path_and_by_inode(tmp_path):
    db = tmp_path / "coach.db"
    db.write_bytes(b"db")
    (tmp_path / "sym.db").symlink_to(db)
    os.link(db, tmp_path / "hard.db")
    (tmp_path / "sub").mkdir()
    for target in (tmp_path / "sym.db", tmp_path / "hard.db", tmp_path / "sub" / ".." / "coach.db"):
        with pytest.raises(OutputError, match="database itself"):
            write_output(target, "x", force=True, protect=[db])
    assert db.read_bytes() == b"db"


def test_a_symlink_is_never_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("someone else's file")
    link = tmp_path / "out.txt"
    link.symlink_to(elsewhere)
    with pytest.raises(OutputError, match="symbolic link"):
        write_output(link, "new")
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(OutputError, match="already exists"):
        write_output(dangling, "new")
    assert not (tmp_path / "nowhere.txt").exists()
    write_output(link, "new", force=True)  # the link itself is replaced; its target is left alone
    assert not link.is_symlink() and link.read_text() == "new"
    assert elsewhere.read_text() == "someone else's file"


def test_a_folder_or_a_missing_folder_is_one_clear_line(tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        check_target(tmp_path)
    with pytest.raises(OutputError, match="does not exist"):
        check_target(tmp_path / "no" / "such.txt")


def test_a_full_disk_leaves_nothing_behind(tmp_path, monkeypatch):
    def no_space(_fd):  # noqa: ANN001
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    out = tmp_path / "out.txt"
    with pytest.raises(OutputError, match=r"is full; free some space \(nothing was written"):
        write_output(out, "x" * 10_000)
    assert not out.exists() and _leftovers(tmp_path) == []
    out.write_text("old")
    with pytest.raises(OutputError):
        write_output(out, "new", force=True)
    assert out.read_text() == "old" and _leftovers(tmp_path) == []


def test_an_error_while_writing_leaves_nothing_behind(tmp_path):
    def half_then_fail(fh):  # noqa: ANN001
        fh.write(b"half")
        raise RuntimeError("the caller broke")

    with pytest.raises(RuntimeError):
        write_output(tmp_path / "out.txt", half_then_fail)
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_appears_while_writing_is_not_replaced(tmp_path):
    out = tmp_path / "out.txt"
    with pytest.raises(OutputError, match="already exists"):
        with output_file(out) as tmp:
            tmp.write_text("mine")
            out.write_text("theirs")  # another program took the name meanwhile
    assert out.read_text() == "theirs" and _leftovers(tmp_path) == []


# --- the commands use it -------------------------------------------------------------------------


@pytest.fixture
def filled(store, db_path, request):
    from tests.unit.test_stats import build_history

    build_history(store, getattr(request, "param", 20), end=coach_today())
    store.close()  # fold the WAL in: the database file is then the whole truth, to compare byte for byte
    return db_path


def _cli(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.mark.parametrize("argv", [
    ["report", "-o"], ["export", "-o"], ["export", "-f", "csv", "-o"], ["backup", "-o"],
])
@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_no_command_writes_over_the_database(filled, argv, suffix):
    target = filled.with_name(filled.name + suffix)
    if suffix:
        target.write_bytes(b"")  # an empty -wal beside a closed database
    before = _digest(filled)
    for force in ([], ["--force"]):
        result = _cli(filled, *argv, str(target), *force)
        assert result.exit_code == 2, result.output
        assert "database itself" in result.stderr and result.stderr.count("\n") == 1
    assert _digest(filled) == before


@pytest.mark.parametrize("argv,name", [
    (["report", "-o"], "r.html"), (["export", "-o"], "e.json"), (["export", "-f", "csv", "-o"], "e.zip"),
    (["backup", "-o"], "b.db"),
])
def test_commands_refuse_an_existing_file_unless_forced(filled, tmp_path, argv, name):
    out = tmp_path / name
    out.write_text("keep me")
    result = _cli(filled, *argv, str(out))
    assert result.exit_code == 2 and "already exists" in result.stderr and "--force" in result.stderr
    assert out.read_text() == "keep me"
    result = _cli(filled, *argv, str(out), "--force")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() != b"keep me" and stat.S_IMODE(out.stat().st_mode) == 0o600
    assert _leftovers(tmp_path) == []


def test_report_through_a_symlink_leaves_the_linked_file_alone(filled, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours")
    link = tmp_path / "report.html"
    link.symlink_to(victim)
    result = _cli(filled, "report", "-o", str(link))
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert victim.read_text() == "not yours"


class _DiskFillsUp:
    """A file whose disk is full after `room` bytes (as a real one would say: ENOSPC)."""

    def __init__(self, raw, room: int) -> None:  # noqa: ANN001
        self._raw, self._room = raw, room

    def write(self, data) -> int:  # noqa: ANN001
        if len(data) > self._room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return self._raw.write(data)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._raw, name)

    def __enter__(self):  # noqa: ANN204
        return self

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        self._raw.close()


def test_a_full_disk_leaves_no_empty_zip(filled, tmp_path, monkeypatch):
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r", *a, **k: _DiskFillsUp(real_fdopen(fd, mode, *a, **k), 2000))
    out = tmp_path / "e.zip"
    result = _cli(filled, "export", "-f", "csv", "-o", str(out))
    monkeypatch.undo()
    assert result.exit_code == 2 and "is full; free some space" in result.stderr, result.output
    assert not out.exists() and _leftovers(tmp_path) == []


# --- a really full disk: a tiny tmpfs (needs root and permission to mount) ------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a full-disk test on a real file system needs root to mount a small tmpfs")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        import gc

        gc.collect()  # a failed write's sqlite3 connection may still hold a file there
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("argv,name", [
    (["report", "-o"], "r.html"), (["export", "-o"], "e.json"), (["export", "-f", "csv", "-o"], "e.zip"),
    (["backup", "-o"], "b.db"),
])
@pytest.mark.parametrize("filled", [400], indirect=True)  # more than fits in 8 KiB however it is written
def test_a_really_full_disk_leaves_nothing_under_the_name(filled, tiny_disk, argv, name):
    out = tiny_disk / name
    result = _cli(filled, *argv, str(out))
    assert result.exit_code == 2, result.output
    assert "No space left" in result.stderr or "full" in result.stderr, result.stderr
    assert list(tiny_disk.iterdir()) == []


def test_demo_save_on_a_full_disk_leaves_nothing(tiny_disk):
    result = runner.invoke(app, ["demo", "--days", "400", "--save", str(tiny_disk / "demo.db")])
    assert result.exit_code == 2, result.output
    assert list(tiny_disk.iterdir()) == []


# --- kill -9 while a backup or a demo is being written -------------------------------------------

_SLOW_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import coach.outputs as outputs

    real_sync = outputs._sync

    def slow_sync(path):
        print("written", flush=True)  # the temp file is full: the parent kills us before the rename
        time.sleep(30)
        real_sync(path)

    outputs._sync = slow_sync
    from coach.cli.main import run_cli
    run_cli(sys.argv[1:])
""")


@pytest.mark.parametrize("argv", [["backup", "-o"], ["demo", "--days", "30", "--save"]], ids=["backup", "demo"])
def test_kill_9_before_the_rename_leaves_nothing_under_the_final_name(filled, tmp_path, argv):
    out = tmp_path / "out" / "copy.db"
    out.parent.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, "--db", str(filled), *argv, str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "written", proc.stderr.read() if proc.poll() is not None else ""
        assert any(out.parent.iterdir())  # the copy exists, under its temp name only
        proc.kill()
    finally:
        proc.wait(timeout=30)
    assert not out.exists()


@pytest.mark.slow
def test_kill_9_at_random_moments_of_a_demo_save_leaves_old_or_whole(tmp_path):
    out = tmp_path / "ten-years.db"
    for delay in (0.4, 0.8, 1.2, 1.6, 2.0, 2.5, 3.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "coach", "demo", "--days", "3650", "--save", str(out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.kill()
        proc.wait()
        if out.exists():
            conn = sqlite3.connect(out)
            try:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                assert conn.execute("SELECT count(*) FROM daily_session").fetchone()[0] > 3000
            finally:
                conn.close()
            out.unlink()
        # What a kill leaves is only a hidden temp file beside the target, never under its name.
        left = [p.name for p in tmp_path.iterdir()]
    assert all(name.startswith(".ten-years.db.") and ".part" in name for name in left), left


def test_demo_save_refuses_an_existing_file_unless_forced(tmp_path):
    out = tmp_path / "demo.db"
    out.write_text("keep")
    result = runner.invoke(app, ["demo", "--days", "5", "--save", str(out)])
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert out.read_text() == "keep"
    result = runner.invoke(app, ["demo", "--days", "5", "--save", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT count(*) FROM daily_session").fetchone()[0] > 0
    conn.close()
    assert not out.with_name(out.name + "-wal").exists()


def test_demo_save_with_force_still_never_replaces_the_database(filled):
    before = _digest(filled)
    result = runner.invoke(app, ["--db", str(filled), "demo", "--days", "5", "--save", str(filled), "--force"])
    assert result.exit_code == 2 and "database itself" in result.stderr
    assert _digest(filled) == before



def test_a_link_to_a_folder_is_a_folder(filled, tmp_path):
    """`-o ~/safe` where ~/safe links to a USB drive: the files go inside, as into any folder."""
    drive = tmp_path / "drive"
    drive.mkdir()
    (tmp_path / "safe").symlink_to(drive, target_is_directory=True)
    assert _cli(filled, "backup", "-o", str(tmp_path / "safe")).exit_code == 0
    assert _cli(filled, "export", "-f", "csv", "-o", str(tmp_path / "safe")).exit_code == 0
    names = sorted(p.name for p in drive.iterdir())
    assert any(n.startswith("coach-backup-") for n in names) and "checkin.csv" in names
    assert all(stat.S_IMODE((drive / n).stat().st_mode) == 0o600 for n in names)

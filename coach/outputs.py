"""The one way coach writes a file a person asked for: reports, exports, backups, saved demos.

Stdlib only, so the CLI stays light. Every writer goes through here and gets the same rules:

- the database itself (and its -wal, -shm and -journal files) is never a target, whatever the path
  looks like (compared by resolved path and by inode, so a symlink or hard link to it is caught too);
- an existing file (or symlink, even a dangling one) is refused unless `force=True`; with force, a
  symlink is replaced by the new file and the file it pointed at is left alone;
- the content goes to a new 0600 temp file beside the target (created O_EXCL|O_NOFOLLOW), is fsynced,
  and only then takes the target's name: with a hard link (no-clobber: if the name appeared meanwhile,
  nothing is replaced) or, with force, `os.replace`. A failure (a full disk, an error in the caller)
  removes the temp file, so nothing half-written is ever left under the target's name.

Two entry points:

    write_output(target, text_or_bytes_or_callback, force=..., protect=[db_path]) -> Path
    with output_file(target, force=..., protect=[db_path]) as tmp:   # tmp: a Path to fill in
        something_that_writes_by_path(tmp)                         # e.g. SQLite's backup API

Both raise OutputError, whose message is one line for the person ("... nothing was written").
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

DATABASE_SIDE_FILES = ("", "-wal", "-shm", "-journal")
# Where a file system has no hard links, fall back to a plain rename after checking the name is free.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}

Content = str | bytes | Callable[[BinaryIO], None]


class OutputError(Exception):
    """A file coach was asked to write and could not, or must not: one line, exit code 2."""


def check_target(target: Path, *, force: bool = False, protect: Iterable[Path] = ()) -> None:
    """Raise OutputError unless `target` may receive a new file (see the module's rules)."""
    for db in protect:
        if _is_database(target, db):
            raise OutputError(f"{target} is your coach database, and coach never writes over the database itself; choose another file")
    if target.is_symlink():
        if not force:
            raise OutputError(f"{target} already exists (a symbolic link); add --force to replace the link itself")
    elif target.is_dir():
        raise OutputError(f"{target} is a folder; give a file name")
    elif target.exists() and not force:
        raise OutputError(f"{target} already exists; choose another name, or add --force to replace it")
    if not target.parent.is_dir():
        raise OutputError(f"the folder {target.parent} does not exist")


def _is_database(target: Path, db: Path) -> bool:
    for suffix in DATABASE_SIDE_FILES:
        side = db.with_name(db.name + suffix)
        if _same_path(target, side) or _same_file(target, side):
            return True
    return False


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare what can be compared
        return os.path.abspath(a) == os.path.abspath(b)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _cannot_write(target: Path, exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk holding {target} is full; free some space (nothing was written)"
    return f"cannot write {target}: {exc.strerror or exc}; nothing was written"


@contextmanager
def output_file(target: Path, *, force: bool = False, protect: Iterable[Path] = ()) -> Iterator[Path]:
    """Yield a new, empty 0600 temp file beside `target`; on a clean exit it becomes `target`.

    The caller fills the temp file by path (its own handles closed by the end of the block). On any
    exception the temp file is removed and `target` is untouched.
    """
    target = Path(target)
    protect = list(protect)
    check_target(target, force=force, protect=protect)
    remove_stale_parts(target.parent)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise OutputError(_cannot_write(target, exc)) from None
    tmp = Path(name)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    try:
        yield tmp
        _sync(tmp)
        _commit(tmp, target, force=force, protect=protect)
    except OSError as exc:
        _discard(tmp)
        raise OutputError(_cannot_write(target, exc)) from None
    except BaseException:
        _discard(tmp)
        raise
    _sync_folder(target.parent)


def write_output(target: Path, content: Content, *, force: bool = False, protect: Iterable[Path] = ()) -> Path:
    """Write `content` (text as UTF-8, bytes, or a callback given a binary file) to a new file `target`."""
    target = Path(target)
    with output_file(target, force=force, protect=protect) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "wb") as fh:
            if callable(content):
                content(fh)
            else:
                fh.write(content.encode("utf-8") if isinstance(content, str) else content)
    return target


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "the temporary file was replaced")
        os.fsync(fd)
    finally:
        os.close(fd)


def _commit(tmp: Path, target: Path, *, force: bool, protect: list[Path]) -> None:
    check_target(target, force=force, protect=protect)  # again: the name may have changed meanwhile
    if force:
        os.replace(tmp, target)  # replaces a symlink itself, never the file it points at
        return
    try:
        os.link(tmp, target, follow_symlinks=False)
    except FileExistsError:
        raise OutputError(f"{target} already exists; choose another name, or add --force to replace it") from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(target):
            raise OutputError(f"{target} already exists; choose another name, or add --force to replace it") from None
        os.rename(tmp, target)
        return
    os.unlink(tmp)


def _discard(tmp: Path) -> None:
    for suffix in DATABASE_SIDE_FILES:  # SQLite may have left a journal beside a temp database
        with suppress(OSError):
            os.unlink(tmp.with_name(tmp.name + suffix))


# The temp files output_file makes: ".NAME.PID-xxxxxxxx.part" (older coaches: ".NAME.xxxxxxxx.part"), and
# the journal files SQLite may leave beside a temp database.
_PART = re.compile(r"^\..+\.(?:(?P<pid>[0-9]+)-)?[a-z0-9_]{8}\.part(?:-wal|-shm|-journal)?$")
STALE_WITHOUT_PID_S = 3600  # an older coach's temp file, whose writer cannot be known: stale after an hour


def stale_parts(folder: Path) -> list[Path]:
    """Hidden temp files in `folder` left by a coach that was stopped mid-write (kill -9, a power cut): their
    process is gone, or is a newer one with the same PID (the file is older than it)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    found = []
    for name in names:
        match = _PART.match(name)
        if match is None:
            continue
        path = folder / name
        try:
            written = path.lstat().st_mtime
        except OSError:
            continue
        pid = match.group("pid")
        if pid is None:
            stale = time.time() - written > STALE_WITHOUT_PID_S
        else:
            started = _process_started(int(pid))
            stale = started is None or written < started - 1
        if stale:
            found.append(path)
    return found


def remove_stale_parts(folder: Path) -> None:
    for path in stale_parts(folder):
        with suppress(OSError):
            os.unlink(path)


def _process_started(pid: int) -> float | None:
    """When process `pid` started (Linux: /proc/PID/stat's start time after boot; elsewhere 0, so the files of
    a living process count as its own), or None if there is no such process."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # someone else's process: alive
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            ticks = int(fh.read().rsplit(")", 1)[1].split()[19])  # field 22, after the (name)
        with open("/proc/stat", encoding="ascii") as fh:
            boot = next(int(line.split()[1]) for line in fh if line.startswith("btime "))
    except (OSError, ValueError, IndexError, StopIteration):
        return 0.0
    return boot + ticks / os.sysconf("SC_CLK_TCK")


def _sync_folder(folder: Path) -> None:
    """Make the new name itself durable. Some file systems cannot fsync a folder: that is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

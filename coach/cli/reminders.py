"""Daily reminders without a daemon: a crontab line (or a systemd user timer) that runs notify-send."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

MARKER = "# coach-remind"
DEFAULT_TIME = "18:00"
MESSAGE = "Time for your practice today. Open coach when you are ready."  # no quote marks: it sits in sh -c '…'

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ReminderError(Exception):
    """A reminder that cannot be set up; str() is one line for the user."""


def parse_time(text: str) -> tuple[int, int]:
    """'18:30' -> (18, 30); anything else is a ReminderError."""
    match = _TIME.match(text.strip())
    if match is None:
        raise ReminderError(f"--time must be HH:MM on a 24-hour clock, e.g. 18:30 (got {text!r})")
    return int(match.group(1)), int(match.group(2))


# `coach status` words for a day whose session is finished: nothing to remind of.
DONE_PATTERN = "today: (done|reflection pending)"


def _notify_command(db: str | None = None) -> str:
    """Quiet when today's session is finished (asked of `coach status`, by this Python) and when
    notify-send is missing: a reminder has no terminal to write to. Double quotes only: the systemd unit
    puts the whole command inside sh -c '…'."""
    where = f' --db "{db}"' if db else ""
    finished = f'{{ "{sys.executable}" -m coach{where} status | grep -qE "{DONE_PATTERN}"; }} 2>/dev/null'
    return f'{finished} || {{ command -v notify-send >/dev/null 2>&1 && notify-send "coach" "{MESSAGE}"; }}'


def cron_line(hour: int, minute: int, uid: int | None = None, db: str | None = None) -> str:
    """The one crontab line. Cron has no desktop session, so it names the user's D-Bus socket."""
    uid = os.getuid() if uid is None else uid
    bus = f"export DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{uid}/bus;"
    return f"{minute} {hour} * * * {bus} {_notify_command(db)} {MARKER}"


def systemd_units(hour: int, minute: int, db: str | None = None) -> dict[str, str]:
    """The user service and timer, by file name (for ~/.config/systemd/user/)."""
    service = (
        "[Unit]\n"
        "Description=coach: a reminder for today's practice\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart=/bin/sh -c '{_notify_command(db)}'\n"
    )
    timer = (
        "[Unit]\n"
        "Description=coach: daily practice reminder\n\n"
        "[Timer]\n"
        f"OnCalendar=*-*-* {hour:02d}:{minute:02d}:00\n"
        "Persistent=true\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {"coach-remind.service": service, "coach-remind.timer": timer}


@dataclass(frozen=True)
class InstallResult:
    changed: bool  # False when the same line was already there
    replaced: bool  # True when an older coach line (another time) was swapped out


def _crontab() -> str:
    path = shutil.which("crontab")
    if path is None:
        raise ReminderError("crontab is not available on this system; use the systemd user timer instead")
    return path


def read_crontab() -> list[str]:
    """The user's crontab lines ([] when they have none yet)."""
    result = subprocess.run([_crontab(), "-l"], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        if "no crontab" in result.stderr.lower():
            return []
        raise ReminderError(f"crontab -l failed: {(result.stderr.strip() or 'no reason given').splitlines()[0]}")
    return result.stdout.splitlines()


def write_crontab(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n" if lines else ""
    result = subprocess.run([_crontab(), "-"], input=text, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ReminderError(f"crontab could not be saved: {(result.stderr.strip() or 'no reason given').splitlines()[0]}")


def with_reminder(lines: list[str], line: str) -> tuple[list[str], InstallResult]:
    """`lines` with exactly one coach line (this one) and every other line exactly as it was."""
    ours = [existing for existing in lines if existing.rstrip().endswith(MARKER)]
    if ours == [line]:
        return lines, InstallResult(changed=False, replaced=False)
    others = [existing for existing in lines if not existing.rstrip().endswith(MARKER)]
    return [*others, line], InstallResult(changed=True, replaced=bool(ours))


def without_reminder(lines: list[str]) -> tuple[list[str], bool]:
    kept = [existing for existing in lines if not existing.rstrip().endswith(MARKER)]
    return kept, len(kept) != len(lines)


def install(line: str) -> InstallResult:
    updated, result = with_reminder(read_crontab(), line)
    if result.changed:
        write_crontab(updated)
    return result


def remove() -> bool:
    updated, removed = without_reminder(read_crontab())
    if removed:
        write_crontab(updated)
    return removed

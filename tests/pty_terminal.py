"""A command in a real pseudo-terminal, for tests that must go through Textual's own driver and key parser
(not the Pilot): bytes written in one write arrive as one read, as a paste, ssh or tmux deliver them."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Generous: only reached when something is wrong (a loaded machine is slow to start, never this slow).
WAIT_S = 60.0


class Terminal:
    """`argv` in a pty of `size` (columns, rows), its output drained in a thread so it never blocks."""

    def __init__(self, argv: list[str], size: tuple[int, int] = (100, 30), env: dict[str, str] | None = None) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "COLUMNS": str(size[0]),
               "LINES": str(size[1]), **(env or {})}
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True, close_fds=True
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def wait_for(self, text: bytes, after: int = 0, timeout: float = WAIT_S) -> int:
        """Wait until `text` has been drawn (searching from offset `after`); returns where the output ends."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output[after:]:
                return len(self.output)
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"{text!r} never shown; output ends {bytes(self.output[-300:])!r}")

    def wait_past(self, text: bytes, after: int = 0, timeout: float = WAIT_S) -> int:
        """Wait until `text` is shown at or after `after`; returns where it ends (not where the output ends), for
        line-by-line walks where the next line may arrive in the same read."""
        self.wait_for(text, after, timeout)
        return self.output.index(text, after) + len(text)

    def send(self, data: bytes) -> None:
        """One write: the app reads it as one burst."""
        assert os.write(self.master, data) == len(data)

    def finish(self) -> str:
        """Wait for the command to end by itself; everything it drew."""
        self.proc.wait(WAIT_S)
        self._reader.join(5)
        os.close(self.master)
        return self.output.decode(errors="replace")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        os.close(self.master)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

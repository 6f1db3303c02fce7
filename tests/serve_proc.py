"""Run a real `coach serve` in a child process for tests: it picks a free port and we read the URL it prints."""

from __future__ import annotations

import contextlib
import os
import re
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")


@dataclass
class Served:
    url: str  # exactly as printed (with ?token=… for your own data)
    proc: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)  # stdout and stderr lines up to the address

    @property
    def base(self) -> str:
        """http://host:port, without path or secret."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 80

    @property
    def token(self) -> str | None:
        return parse_qs(urlsplit(self.url).query).get("token", [None])[0]


def screen_text(chunks: list[bytes]) -> str:
    """What an app drew, as plain text with runs of spaces folded: its terminal output without escapes."""
    text = ANSI.sub("", b"".join(chunks).decode("utf-8", "replace"))
    return re.sub(r"\s+", " ", text)


@contextlib.contextmanager
def running_serve(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 30) -> Iterator[Served]:
    """`python -m coach ARGS serve --port 0 …` until the block ends; then SIGTERM, and it must exit 0."""
    environ = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", *args, "--port", "0"],
        cwd=cwd,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:  # keeps reading, so the child never blocks on a full pipe
        for line in proc.stdout:
            lines.put(line)

    pumping = threading.Thread(target=pump, daemon=True)
    pumping.start()
    try:
        served = Served("", proc)
        deadline = time.monotonic() + timeout
        while not served.url:
            try:
                line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"coach serve printed no address: {served.output}") from None
            served.output.append(line)
            if match := re.search(r"http://\S+", line):
                served.url = match.group(0)
        yield served
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    pumping.join(timeout=5)
    rest = []
    while not lines.empty():
        rest.append(lines.get())
    assert proc.returncode == 0, "".join(rest)

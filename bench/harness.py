"""Shared machinery: launching apps in a private tmux server, polling the screen, timing, memory, CPU.

Every measurement is a ratio against a floor measured in the same run, alternating coach and floor
(interleaved) and taking the median of N, so a busy or slow machine moves both sides together.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
TMUX_SOCKET = f"coach-bench-{os.getpid()}"  # a private tmux server: never touches anyone's sessions
POLL_S = 0.004


@dataclass
class Result:
    name: str
    value: float | None  # coach's median (ms, MB or %); None when skipped
    floor: float | None  # the floor's median in the same run (None: no floor)
    unit: str
    target: str  # e.g. "<= 1.25x", "<= 150 ms"
    limit: float | None  # what meets the target: a ratio, or with absolute=True a value in `unit`
    absolute: bool = False
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "skipped"
        measured = self.value if self.absolute else self.ratio
        if self.limit is None or measured is None:
            return "-"
        return "meets" if measured <= self.limit else "MISSES"


def median(values: list[float]) -> float:
    return statistics.median(values)


def env(**extra: str) -> dict[str, str]:
    out = dict(os.environ)
    out["PYTHONPATH"] = str(ROOT) + (os.pathsep + out["PYTHONPATH"] if out.get("PYTHONPATH") else "")
    out.pop("NO_COLOR", None)
    out.update(extra)
    return out


def tmux(*args: str, check: bool = True) -> str:
    result = subprocess.run(["tmux", "-L", TMUX_SOCKET, *args], capture_output=True, text=True)
    if check and result.returncode:
        raise RuntimeError(f"tmux {' '.join(args[:1])} failed: {result.stderr.strip()}")
    return result.stdout


_server_up = False


def _ensure_server() -> None:
    """One idle session keeps the private server alive between launches (a server with no sessions
    exits, and a launch racing its exit fails)."""
    global _server_up
    if not _server_up:
        tmux("new-session", "-d", "-s", "keeper", "exec sleep 86400")
        _server_up = True


def kill_tmux_server() -> None:
    global _server_up
    _server_up = False
    subprocess.run(["tmux", "-L", TMUX_SOCKET, "kill-server"], capture_output=True)
    # tmux leaves its socket file behind; remove ours.
    folder = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
    (folder / TMUX_SOCKET).unlink(missing_ok=True)


@dataclass
class Launched:
    session: str
    pid: int
    started: float  # perf_counter() just before tmux was asked to start it

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.session, check=False)

    def wait_for(self, marker: str, timeout: float = 30.0) -> float:
        """Seconds from launch until `marker` is on the screen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if marker in self.screen():
                return time.perf_counter() - self.started
            time.sleep(POLL_S)
        raise TimeoutError(f"{marker!r} did not appear within {timeout:.0f}s; screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        tmux("send-keys", "-t", self.session, *keys)

    def vm_hwm_mb(self) -> float:
        """Peak resident memory (VmHWM) of the app's process, in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the app's process so far (all threads)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        tmux("kill-session", "-t", self.session, check=False)


_counter = 0


@contextmanager
def launch(argv: list[str], environ: dict[str, str], size: tuple[int, int] = (100, 30)) -> Iterator[Launched]:
    """Run argv in a fresh tmux window (the process replaces the shell, so its pid is the pane's)."""
    global _counter
    _ensure_server()
    _counter += 1
    session = f"b{_counter}"
    passed = {k: v for k, v in environ.items()
              if k in ("PYTHONPATH", "HOME", "XDG_DATA_HOME") or k.startswith("COACH_")}
    # `exec env ... python`: the pane's shell becomes python itself, so the pane pid is the app's pid.
    command = " ".join(["exec", "env", *(_quote(f"{k}={v}") for k, v in passed.items()), *(_quote(a) for a in argv)])
    started = time.perf_counter()
    out = tmux("new-session", "-d", "-P", "-F", "#{pane_pid}", "-s", session, "-x", str(size[0]),
               "-y", str(size[1]), command)
    launched = Launched(session, int(out.strip()), started)
    try:
        yield launched
    finally:
        launched.close()


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def interleaved(n: int, *runs: Callable[[], float]) -> list[list[float]]:
    """Call each run once per round, alternating which goes first; one warm-up round is discarded."""
    samples: list[list[float]] = [[] for _ in runs]
    order = list(range(len(runs)))
    for round_no in range(n + 1):
        for index in (order if round_no % 2 else list(reversed(order))):
            value = runs[index]()
            if round_no:
                samples[index].append(value)
    return samples


@contextmanager
def scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def timed_run(argv: list[str], environ: dict[str, str]) -> float:
    """Wall seconds for a command to run to completion (output discarded)."""
    started = time.perf_counter()
    subprocess.run(argv, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def has_command(name: str) -> bool:
    """Whether `coach NAME` exists in this checkout (benchmarks of features not built yet are skipped)."""
    result = subprocess.run([PYTHON, "-m", "coach", name, "--help"], env=env(), capture_output=True, text=True)
    return result.returncode == 0

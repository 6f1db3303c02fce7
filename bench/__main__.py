"""`python -m bench [NAME ...] [-n N]`: run the benchmarks and print each result as a ratio to its floor.

Names: home (1, 4), cli (2), progress (3), breathing (5), wizard (6), commits (autosave cost),
encrypted (1 and 2 with an encrypted journal), postgres (status and Progress on PostgreSQL vs SQLite).
Default: all, N = 7.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from bench.harness import Result, kill_tmux_server

BENCHES = ["home", "cli", "progress", "breathing", "wizard", "commits", "encrypted", "postgres"]


def machine() -> str:
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    return f"{uname}; {os.cpu_count()} CPUs (nproc); Python {platform.python_version()}"


def table(results: list[Result]) -> str:
    lines = ["| benchmark | coach | floor | ratio | target | verdict | note |", "|---|---|---|---|---|---|---|"]
    for r in results:
        value = "-" if r.value is None else f"{r.value:.{1 if r.unit != 'ms' else 0}f} {r.unit}"
        floor = "-" if r.floor is None else f"{r.floor:.{1 if r.unit != 'ms' else 0}f} {r.unit}"
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}x"
        lines.append(f"| {r.name} | {value} | {floor} | {ratio} | {r.target} | {r.verdict} | {r.note} |")
    return "\n".join(lines)


def precompile() -> None:
    """Compile coach's modules to bytecode first, as an installed coach has them (pip compiles a package as
    it installs it, and the floor's Textual was compiled so). Without this, a machine that sets
    PYTHONDONTWRITEBYTECODE (this one does) makes every timed start compile coach from source."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "coach"), quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"some of: {', '.join(BENCHES)}")
    parser.add_argument("-n", type=int, default=7, help="rounds per measurement (median of N; default 7)")
    args = parser.parse_args(argv)
    names = args.names or BENCHES
    unknown = sorted(set(names) - set(BENCHES))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    print(f"# coach benchmarks, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, median of {args.n}")
    print(f"# {machine()}; load average {os.getloadavg()[0]:.1f} at start\n", flush=True)
    precompile()
    results: list[Result] = []
    try:
        for name in names:
            module = importlib.import_module(f"bench.{name}")
            got = module.run(args.n)
            results.extend(got)
            print(table(got).split("\n", 2)[2], flush=True)
    finally:
        kill_tmux_server()
    print()
    print(table(results))
    missed = [r.name for r in results if r.verdict == "MISSES"]
    print(f"\n{len(missed)} target(s) missed" + (f": {'; '.join(missed)}" if missed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

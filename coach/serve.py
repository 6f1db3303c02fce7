"""`coach serve`: the TUI in a web browser through textual-serve, bound to this computer by default."""

from __future__ import annotations

import ipaddress
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

LOCAL_HOSTS = {"localhost"}
# textual-serve's page, minus its request to a font CDN: the browser fetches nothing from elsewhere.
TEMPLATES = Path(__file__).resolve().parent / "serve_templates"


def serve_command(*, db: str | None = None, own_data: bool = False) -> str:
    """The shell command textual-serve runs for each browser tab: the projector demo, or the user's app."""
    args = [sys.executable, "-m", "coach"]
    if own_data:
        if db:
            from coach.paths import resolve_db

            target = resolve_db(db)
            args += ["--db", str(target.path.absolute()) if target.path is not None else target.url]
        # no --db: the child inherits COACH_DB / the default location, exactly as `coach` would find it
    else:
        args += ["demo", "--projector"]
    return shlex.join(args)


def is_local(host: str) -> bool:
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_forever(command: str, *, host: str, port: int, warn: Callable[[str], None]) -> int:
    """Serve until Ctrl+C (or SIGTERM). Returns the exit code; a port in use is one line, exit 2."""
    if not is_local(host):
        warn(f"coach: note: listening on {host}: anyone who can reach {host}:{port} can use this app")
    from textual_serve.server import Server

    server = Server(command, host=host, port=port, title="coach", templates_path=TEMPLATES)
    try:
        server.serve()
    except OSError as exc:
        warn(f"coach: error: cannot listen on {host}:{port}: {exc.strerror or exc}")
        return 2
    return 0

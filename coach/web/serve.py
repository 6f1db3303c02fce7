"""`coach serve`: the TUI in a web browser through textual-serve, bound to this computer by default."""

from __future__ import annotations

import ipaddress
import shlex
import sys
from collections.abc import Callable

LOCAL_HOSTS = {"localhost"}


def serve_command(*, db: str | None = None, own_data: bool = False, facilitate_week: int | None = None) -> str:
    """The shell command textual-serve runs for each browser tab: the projector demo, a week of the group
    program's agenda (like the demo, never anyone's journal), or the user's app."""
    args = [sys.executable, "-m", "coach"]
    if facilitate_week is not None:
        if own_data:
            raise ValueError("--facilitate serves the group program, not your own data; choose one")
        return shlex.join([*args, "facilitate", "--week", str(facilitate_week), "--projector"])
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


def serve_forever(
    command: str,
    *,
    host: str,
    port: int,
    own_data: bool,
    warn: Callable[[str], None],
    say: Callable[[str], None],
) -> int:
    """Serve until Ctrl+C (or SIGTERM). Returns the exit code; a port in use is one line, exit 2, no banner.

    Your own data always gets a fresh secret, printed as the address to open; the demo (synthetic data
    only) stays open to anyone who can reach it, so a facilitator can just give the room the address.
    """
    import asyncio

    from coach.web.serve_app import CoachServer, bind, new_token

    try:
        sock = bind(host, port)
    except OSError as exc:
        warn(f"coach: error: cannot listen on {host}:{port}: {exc.strerror or exc}")
        return 2
    if not is_local(host):
        if own_data:
            warn(
                f"coach: warning: listening on {host}: anyone who can reach it and learns the address with its "
                "secret can read and change your journal, and plain http can be read on the way"
            )
        else:
            warn(f"coach: note: listening on {host}: anyone who can reach it can use this demo (synthetic data only)")
    server = CoachServer(command, sock=sock, host=host, token=new_token() if own_data else None)

    def announce(url: str) -> None:
        if own_data:
            say("coach serve: your own journal, at this address only while this runs (keep it to yourself):")
        else:
            say(f"coach serve: {command!r} (no personal data: no secret needed) at")
        say(f"\n    {url}\n\nPress Ctrl+C to stop.")

    asyncio.run(server.run(announce))
    return 0

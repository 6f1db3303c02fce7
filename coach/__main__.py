"""Entry point for `coach` and `python -m coach`: a bare `coach` goes straight to the app."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        # The bare command skips Typer entirely so Home paints as early as a plain Textual app.
        from coach.tui.launch import launch_tui

        raise SystemExit(launch_tui())
    from coach.cli.main import run_cli

    run_cli(args)


if __name__ == "__main__":
    main()

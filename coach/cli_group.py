"""Commands for group facilitators and participants: `facilitate`, `cohort`. Registered on the Typer app
in cli.py; like cli.py, imports only typer and the stdlib at module level."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from coach.cli import app, fail


@app.command()
def facilitate(
    week: Annotated[Optional[int], typer.Option("--week", "-w", help="Which week of the program to run (default: 1).")] = None,
    list_: Annotated[bool, typer.Option("--list", help="Print the program's weeks and exit.")] = False,
    projector: Annotated[
        bool, typer.Option("--projector", help="High contrast and roomier, for a projector.")
    ] = False,
) -> None:
    """A group program's weekly agenda on the projector; your own journal is never opened."""
    from coach.content import ContentError
    from coach.content.program_weeks import load_program

    try:
        weeks = load_program()
    except ContentError as exc:
        raise fail(str(exc)) from None
    if list_:
        from coach.facilitate import week_listing

        for line in week_listing(weeks):
            typer.echo(line)
        return
    number = 1 if week is None else week
    if not 1 <= number <= len(weeks):
        raise fail(f"--week must be between 1 and {len(weeks)}, got {number} (coach facilitate --list shows them)")
    from coach.facilitate import launch_facilitate

    raise typer.Exit(launch_facilitate(weeks, number, projector=projector))

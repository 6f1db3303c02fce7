"""Commands for group facilitators and participants: `facilitate`, `cohort`. Registered on the Typer app
in cli.py; like cli.py, imports only typer and the stdlib at module level."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from coach.cli import app, fail


def checked_week(number: int, weeks: list | None = None, option: str = "--week") -> int:
    """`number` if the program has that week; otherwise one line and exit code 2."""
    if weeks is None:
        from coach.content import ContentError
        from coach.content.program_weeks import load_program

        try:
            weeks = load_program()
        except ContentError as exc:
            raise fail(str(exc)) from None
    if not 1 <= number <= len(weeks):
        raise fail(f"{option} must be between 1 and {len(weeks)}, got {number} (coach facilitate --list shows them)")
    return number


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
    number = checked_week(1 if week is None else week, weeks)
    from coach.facilitate import launch_facilitate

    raise typer.Exit(launch_facilitate(weeks, number, projector=projector))


# --- anonymised shares and the cohort page ---------------------------------------------------------


def export_share(ctx: typer.Context, output: Optional[str], yes: bool, force: bool = False) -> None:
    """`coach export --format share`: print exactly what the share holds, then write it once agreed."""
    from pathlib import Path

    from coach.cli import _open_store_and_today, _protected, _write_private
    from coach.outputs import OutputError, check_target
    from coach.share import build_share, describe_share, share_text
    from coach.store.share_query import scales_by_day

    if output is None:
        raise fail("a share is written to a file you choose: give -o FILE.json")
    target = Path(output).expanduser()
    try:
        check_target(target, force=force, protect=_protected(ctx))  # before anything is asked
    except OutputError as exc:
        raise fail(str(exc)) from None
    store, _today = _open_store_and_today(ctx)
    try:
        with store.session() as db:
            share = build_share(scales_by_day(db))
    finally:
        store.close()
    text = share_text(share)
    typer.echo("This is everything the share file will hold:", err=True)
    typer.echo(text, nl=False)
    typer.echo(describe_share(share), err=True)
    if not yes and not typer.confirm(f"Write it to {output}?", default=False, err=True):
        typer.echo("Nothing written.", err=True)
        return
    _write_private(target, text, force, ctx)
    typer.echo(f"Share written to {output}. Give it to your group's facilitator if you wish.", err=True)


@app.command()
def cohort(
    files: Annotated[list[str], typer.Argument(help="Share files from `coach export --format share`, at least 5.")],
    output: Annotated[str, typer.Option("--output", "-o", help="HTML page to write.")] = "cohort.html",
    force: Annotated[bool, typer.Option("--force", help="Replace the page if it already exists.")] = False,
) -> None:
    """One page from the group's anonymised shares: medians and spread per week, predicted vs actual."""
    from pathlib import Path

    from coach.cli import _write_private
    from coach.share import ShareError, cohort_summary, read_share, render_cohort_html

    target = Path(output).expanduser()
    shares = []
    try:
        for name in files:
            path = Path(name)
            if path.resolve() == target.resolve():
                raise ShareError(f"{name}: is also the page to write; choose another -o")
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ShareError(f"cannot read {name}: {exc.strerror or exc}") from None
            shares.append(read_share(name, data))
        page = render_cohort_html(cohort_summary(shares), len(shares))
    except ShareError as exc:
        raise fail(str(exc)) from None
    _write_private(target, page, force)
    typer.echo(f"Cohort page from {len(shares)} shares written to {output}.")

"""Commands for the room: `demo`, `serve`, `facilitate`, `cohort` (and a participant's share). Registered on
the app in coach/cli/common.py (main.py imports this module); imports only typer and the stdlib at module level."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from coach.cli.common import protected_paths, app, fail


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
    ctx: typer.Context,
    week: Annotated[Optional[int], typer.Option("--week", "-w", help="Which week of the program to run (default: 1).")] = None,
    list_: Annotated[bool, typer.Option("--list", help="Print the program's weeks and exit.")] = False,
    projector: Annotated[
        bool, typer.Option("--projector", help="High contrast and roomier, for a projector.")
    ] = False,
    guide: Annotated[
        bool, typer.Option("--guide", help="Write the facilitator's printable guide (notes, safety protocol) to -o FILE.html.")
    ] = False,
    handout: Annotated[
        Optional[int], typer.Option("--handout", metavar="WEEK", help="Write week WEEK's one-page participant handout to -o FILE.html.")
    ] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="The HTML file to write (with --guide or --handout).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it already exists.")] = False,
) -> None:
    """A group program's weekly agenda on the projector; your own journal is never opened."""
    from coach.content import ContentError
    from coach.content.program_weeks import load_program

    try:
        weeks = load_program()
    except ContentError as exc:
        raise fail(str(exc)) from None
    if guide or handout is not None:
        _write_guide_or_handout(ctx, weeks, guide, handout, output, force)
        return
    if output is not None:
        raise fail("-o is for --guide or --handout WEEK")
    if list_:
        from coach.group.facilitate import week_listing

        for line in week_listing(weeks):
            typer.echo(line)
        return
    number = checked_week(1 if week is None else week, weeks)
    from coach.group.facilitate import launch_facilitate

    raise typer.Exit(launch_facilitate(weeks, number, projector=projector))


def _write_guide_or_handout(ctx: typer.Context, weeks: list, guide: bool, handout: Optional[int],
                            output: Optional[str], force: bool) -> None:
    """`--guide` / `--handout N`: printable HTML through the one output writer; nothing opens the journal."""
    from pathlib import Path

    from coach.cli.common import write_private
    from coach.content import ContentError, load_exercises, load_learn_cards
    from coach.content.program_weeks import load_safety_protocol
    from coach.group.guide import render_guide, render_handout

    if guide and handout is not None:
        raise fail("choose one: --guide or --handout WEEK")
    if output is None:
        raise fail("give the file to write: -o FILE.html")
    cards = {card.id: card for card in load_learn_cards()}
    if guide:
        try:
            protocol = load_safety_protocol()
        except ContentError as exc:
            raise fail(str(exc)) from None
        page, what = render_guide(weeks, protocol, cards, load_exercises()), "Facilitator's guide"
    else:
        number = checked_week(handout, weeks, option="--handout")
        page, what = render_handout(weeks[number - 1], cards, load_exercises()), f"Week {number}'s handout"
    write_private(Path(output).expanduser(), page, force, ctx)
    typer.echo(f"{what} written to {output}.")


# --- anonymised shares and the cohort page ---------------------------------------------------------


def export_share(ctx: typer.Context, output: Optional[str], yes: bool, force: bool = False) -> None:
    """`coach export --format share`: print exactly what the share holds, then write it once agreed."""
    from pathlib import Path

    from coach.cli.common import open_store_and_today, protected_paths, write_private
    from coach.outputs import OutputError, check_target
    from coach.group.share import build_share, describe_share, share_text
    from coach.store.journal_id import JournalIdError, journal_id
    from coach.store.queries.share_query import scales_by_day

    if output is None:
        raise fail("a share is written to a file you choose: give -o FILE.json")
    target = Path(output).expanduser()
    try:
        check_target(target, force=force, protect=protected_paths(ctx))  # before anything is asked
    except OutputError as exc:
        raise fail(str(exc)) from None
    store, _today = open_store_and_today(ctx)
    try:
        with store.session() as db:
            share = build_share(scales_by_day(db), journal_id(db, read_only=store.read_only))
    except JournalIdError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    text = share_text(share)
    typer.echo("This is everything the share file will hold:", err=True)
    typer.echo(text, nl=False)
    typer.echo(describe_share(share), err=True)
    if not yes and not typer.confirm(f"Write it to {output}?", default=False, err=True):
        typer.echo("Nothing written.", err=True)
        return
    write_private(target, text, force, ctx)
    typer.echo(f"Share written to {output}. Give it to your group's facilitator if you wish.", err=True)


@app.command()
def cohort(
    files: Annotated[list[str], typer.Argument(help="Share files from `coach export --format share`, at least 5.")],
    output: Annotated[str, typer.Option("--output", "-o", help="HTML page to write.")] = "cohort.html",
    force: Annotated[bool, typer.Option("--force", help="Replace the page if it already exists.")] = False,
) -> None:
    """One page from the group's anonymised shares: medians and spread per week, predicted vs actual."""
    from pathlib import Path

    from coach.cli.common import write_private
    from coach.group.cohort_page import render_cohort_html
    from coach.group.share import ShareError, cohort_summary, people, read_share
    from coach.domain.literal_text import clean

    target = Path(output).expanduser()
    named = []
    try:
        for name in files:
            path = Path(name)
            if path.resolve() == target.resolve():
                raise ShareError(f"{clean(name, one_line=True)}: is also the page to write; choose another -o")
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ShareError(f"cannot read {clean(name, one_line=True)}: {exc.strerror or exc}") from None
            named.append((name, read_share(name, data)))
        shares = people(named)
        page = render_cohort_html(cohort_summary(shares), len(shares))
    except ShareError as exc:
        raise fail(str(exc)) from None
    write_private(target, page, force)
    typer.echo(f"Cohort page from {len(shares)} people's shares written to {clean(output, one_line=True)}.")


# --- facilitator mode: demo data, projector, the app in a browser -------------------------------

DEMO_MAX_DAYS = 36_500


@app.command()
def demo(
    ctx: typer.Context,
    projector: Annotated[
        bool, typer.Option("--projector", help="High contrast and roomier, for a projector; notes hidden.")
    ] = False,
    days: Annotated[
        Optional[int], typer.Option("--days", help="Days of synthetic history (default: a 12-week course, 84).")
    ] = None,
    save: Annotated[
        Optional[str],
        typer.Option("--save", metavar="PATH", help="Write the synthetic history to a NEW file at PATH and exit."),
    ] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Another seed gives another synthetic person.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --save: replace PATH if it exists (never your database).")
    ] = False,
) -> None:
    """The app on a synthetic history (no real person's data); your own database is never opened."""
    if days is not None and not 1 <= days <= DEMO_MAX_DAYS:
        raise fail(f"--days must be between 1 and {DEMO_MAX_DAYS}, got {days}")
    from coach.store import StoreError

    if save is not None:
        from pathlib import Path

        from coach.demo.history import save_demo
        from coach.domain.days import local_now

        path = Path(save).expanduser()
        try:
            history = save_demo(path, days=days, now=local_now(), seed=seed, force=force, protect=protected_paths(ctx))
        except StoreError as exc:
            raise fail(str(exc)) from None
        span = (history.end - history.start).days + 1
        typer.echo(f"Wrote {span} days of synthetic history ({history.start} to {history.end}) to {path}")
        return
    from coach.demo.history import load_params
    from coach.tui.launch import launch_demo

    try:
        load_params()  # a broken parameter file is one line here, before the screen is taken over
    except StoreError as exc:
        raise fail(str(exc)) from None
    raise typer.Exit(launch_demo(projector=projector, days=days, seed=seed))


@app.command()
def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0 picks a free one).")] = 8000,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; the default keeps it to this computer.")
    ] = "127.0.0.1",
    own_data: Annotated[
        bool,
        typer.Option(
            "--own-data", help="Serve the app on your own database, behind a secret address printed at start."
        ),
    ] = False,
    exposed: Annotated[
        bool,
        typer.Option(
            "--i-understand-this-exposes-my-journal",
            help="Allow --own-data on an address other computers can reach.",
        ),
    ] = False,
    facilitate: Annotated[
        Optional[int], typer.Option("--facilitate", metavar="WEEK", help="Serve week WEEK of the group program's agenda.")
    ] = None,
) -> None:
    """The app in a web browser (textual-serve): the projector demo by default, at http://HOST:PORT."""
    if not 0 <= port <= 65535:
        raise fail(f"--port must be between 0 and 65535, got {port}")
    from coach.web.serve import is_local, serve_command, serve_forever

    if own_data and not is_local(host) and not exposed:
        raise fail(
            f"--host {host} would let other computers reach your journal; "
            "add --i-understand-this-exposes-my-journal if that is what you want"
        )
    try:
        if facilitate is not None:
            from coach.cli.group import checked_week

            checked_week(facilitate, option="--facilitate")
        command = serve_command(db=ctx.obj, own_data=own_data, facilitate_week=facilitate)
    except ValueError as exc:
        raise fail(str(exc)) from None
    code = serve_forever(
        command,
        host=host,
        port=port,
        own_data=own_data,
        warn=lambda m: typer.echo(m, err=True),
        say=typer.echo,
    )
    raise typer.Exit(code)

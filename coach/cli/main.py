"""The `coach` command line (Typer): the root command and the everyday commands. The command groups in data.py
and group.py register on the app in common.py. Imports only typer and the stdlib at module level."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from coach import __version__
from coach.cli.common import DbOption, RecordOption, app, existing_db, fail, projector_asked, refuse_dangling_link

def _version(value: bool) -> None:
    if value:
        typer.echo(f"coach {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: DbOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    projector: Annotated[
        bool, typer.Option(
            "--projector", help="Facilitator mode: high contrast, roomier, personal data hidden. "
            "Also accepted after the command."
        )
    ] = False,
    record: RecordOption = False,
) -> None:
    """Open the app on Home, or run one of the commands below."""
    ctx.obj = db
    refuse_dangling_link(db)
    if ctx.invoked_subcommand is None:
        from coach.tui.launch import launch_tui

        raise typer.Exit(launch_tui(db, projector=projector, record=record))


@app.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
def mme(
    ctx: typer.Context,
    drug: Annotated[
        Optional[str],
        typer.Argument(
            metavar="DRUG", help="Drug name, e.g. oxycodone, morphine, fentanyl-patch.", show_default=False
        ),
    ] = None,
    # Text, not a number: "-30" or "abc" get one clear line from coach rather than Click's usage block.
    dose: Annotated[
        Optional[str],
        typer.Argument(
            metavar="DOSE", help="Dose in mg (for a fentanyl patch: its rate in mcg/hr).", show_default=False
        ),
    ] = None,
    per_day: Annotated[
        str,
        typer.Option(
            "--per-day", "-n", metavar="N", help="Doses a day (for a patch: patches worn at once, a whole number)."
        ),
    ] = "1",
) -> None:
    """Morphine milligram equivalents per day, with the CDC 2022 factors."""
    from coach.domain.mme import MMEError, check_regimen, format_mme, load_mme_table, mme_per_day, parse_number

    if drug is None or dose is None:
        raise fail("give a drug and a dose, e.g. coach mme oxycodone 10 --per-day 3")
    if ctx.args:
        raise fail(f"unexpected {' '.join(ctx.args)!r}: give a drug, a dose and, if you like, --per-day N")
    try:
        table = load_mme_table()
        drug_row = table.find(drug)
        amount = parse_number(dose, "the dose")
        count = parse_number(per_day, "--per-day")
        check_regimen(drug_row, amount, count)
        value = mme_per_day(drug_row.key, amount, count)
    except MMEError as exc:
        raise fail(str(exc)) from None
    typer.echo(format_mme(value))
    typer.echo(drug_row.caution or table.caution, err=True)
    if drug_row.caution:
        typer.echo(table.caution, err=True)


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check where your data lives, its schema, integrity and permissions; non-zero exit on a problem."""
    from coach.cli.doctor import run_checks, unusable

    existing_db(ctx)
    problems = run_checks(ctx.obj, typer.echo)
    refusal = unusable(ctx.obj) if problems else None
    if refusal:  # a file coach cannot open at all: the one-line refusal every command gives, exit 2
        raise fail(refusal)
    if problems:
        typer.echo(f"{problems} problem{'s' if problems != 1 else ''} found.", err=True)
        raise typer.Exit(code=1)
    typer.echo("All good.")


# --- exercises (issue 4) ---------------------------------------------------------------------


@app.command()
def exercise(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(help="Exercise to run, e.g. paced-breathing (see --list).")] = None,
    list_: Annotated[bool, typer.Option("--list", help="Print the exercise library with lengths and exit.")] = False,
    minutes: Annotated[
        Optional[float], typer.Option("--minutes", "-m", help="About how long, in minutes (default: its usual length).")
    ] = None,
    projector: Annotated[
        bool, typer.Option("--projector", help="Facilitator mode: high contrast, roomier, personal data hidden.")
    ] = False,
    record: RecordOption = False,
) -> None:
    """Run one guided exercise full-screen; with no NAME, open the exercise library."""
    from coach.content import ContentError, load_exercises

    try:
        library = load_exercises()
    except ContentError as exc:
        raise fail(str(exc)) from None
    if minutes is not None and not 0 < minutes <= 60:
        raise fail(f"--minutes must be more than 0 and at most 60, not {minutes:g}")
    if list_:
        for line in _exercise_listing(library, minutes):
            typer.echo(line)
        return
    from coach.tui.launch import launch_exercise, launch_tui

    existing_db(ctx)  # only `coach`, `session`, `import` and `demo --save` start a new file at a named path
    if name is None:
        raise typer.Exit(launch_tui(ctx.obj, start="exercises", projector=projector_asked(ctx, projector), record=record))
    key = name.strip().lower().replace(" ", "-").replace("_", "-")
    if key not in library:
        raise fail(_unknown_exercise(name, library))
    raise typer.Exit(launch_exercise(ctx.obj, key, minutes, projector=projector_asked(ctx, projector), record=record))


def _exercise_listing(library: dict, minutes: float | None) -> list[str]:
    """One line per exercise: name to type, length, title, kind (plain text, so it pipes cleanly)."""
    from coach.domain.durations import planned_length

    rows = [(ex.id, planned_length(ex, minutes), ex.title, ex.kind) for ex in library.values()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    head = ("NAME", "LENGTH", "TITLE", "KIND")
    widths = [max(w, len(h)) for w, h in zip(widths, head)]
    return [
        f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip()
        for r in [head, *rows]
    ]


def _unknown_exercise(name: str, library: dict) -> str:
    import difflib

    choices = {ex.id: ex.id for ex in library.values()}
    choices.update({ex.title.lower(): ex.id for ex in library.values()})
    wanted = name.strip().lower()
    close = difflib.get_close_matches(wanted, list(choices), n=3, cutoff=0.5)
    within = [key for key in choices if wanted and wanted in key]
    names = list(dict.fromkeys(choices[c] for c in [*close, *within]))[:3]
    if names:
        return f"no exercise called {name!r}; did you mean {' or '.join(names)}? (coach exercise --list shows all)"
    return f"no exercise called {name!r}; coach exercise --list shows the library"


# --- the daily session (issue 3) -------------------------------------------------------------


@app.command()
def session(
    ctx: typer.Context,
    plain: Annotated[
        bool, typer.Option("--plain", help="The day as plain numbered questions, for screen readers, ssh and "
                           "scripts (also with TERM=dumb, COACH_PLAIN=1, or when input or output is not a terminal).")
    ] = False,
) -> None:
    """Open today's session straight away (resumes one in progress)."""
    from coach.cli.day import plain_wanted, run_plain_session

    if plain and projector_asked(ctx):
        raise fail("--projector is for the full screen; --plain is for your own journal")
    if plain_wanted(plain) and not projector_asked(ctx):  # projector mode is for a screen a room can see
        raise typer.Exit(run_plain_session(ctx))
    from coach.tui.launch import launch_tui

    record = bool(ctx.find_root().params.get("record"))  # `coach --projector --record session`
    raise typer.Exit(launch_tui(ctx.obj, start="session", projector=projector_asked(ctx), record=record))


@app.command()
def status(ctx: typer.Context) -> None:
    """One line for a shell prompt: day, today's session, tolerability. Never creates a database."""
    from coach.cli.encryption import unlocked
    from coach.store import StoreError
    from coach.store.engine.cipher import JournalLocked
    from coach.store.queries.status import status_text

    try:
        line = status_text(unlocked(existing_db(ctx), ask=False))
    except JournalLocked:
        return
    except StoreError as exc:
        raise fail(str(exc)) from None
    typer.echo(line if line is not None else "coach: no practice yet · run `coach` to start day 1")


# --- reminders (settings and everyday comforts) ------------------------------------------------


@app.command()
def remind(
    ctx: typer.Context,
    install: Annotated[
        bool, typer.Option("--install", help="Add the reminder to your crontab (asks first; running it again is safe).")
    ] = False,
    remove: Annotated[bool, typer.Option("--remove", help="Take coach's reminder out of your crontab.")] = False,
    time: Annotated[str, typer.Option("--time", help="When to be reminded each day, HH:MM (24-hour).")] = "18:00",
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before changing your crontab.")] = False,
) -> None:
    """A daily desktop reminder (notify-send) through cron or a systemd user timer: no daemon of coach's."""
    from coach.cli.reminders import ReminderError, cron_line, parse_time, systemd_units

    try:
        hour, minute = parse_time(time)
    except ReminderError as exc:
        raise fail(str(exc)) from None
    db = _reminder_db(ctx)
    line = cron_line(hour, minute, db=db)
    if install and remove:
        raise fail("choose --install or --remove, not both")
    if remove:
        _remove_reminder(yes)
        return
    if install:
        _install_reminder(line, yes)
        return
    typer.echo("Add this line to your crontab (crontab -e), or run `coach remind --install` to add it for you:")
    typer.echo("")
    typer.echo(f"    {line}")
    typer.echo("")
    typer.echo("Or, with systemd, save these two files in ~/.config/systemd/user/:")
    for name, text in systemd_units(hour, minute, db=db).items():
        typer.echo("")
        typer.echo(f"  {name}")
        typer.echo("".join(f"    {row}\n" if row else "\n" for row in text.splitlines()), nl=False)
    typer.echo("")
    typer.echo("  then run: systemctl --user enable --now coach-remind.timer")
    typer.echo("")
    typer.echo(
        "The reminder uses notify-send where it is installed, and stays silent where it is not, and on a"
        " day whose session is finished."
    )


def _reminder_db(ctx: typer.Context) -> str | None:
    """The journal file a reminder asks `coach status` about (cron has no COACH_DB): None for the
    default one, and for a server URL (its password stays out of the crontab)."""
    from coach.paths import resolve_db

    target = resolve_db(ctx.obj)
    return None if target.is_default or target.path is None else str(target.path.resolve())


def _install_reminder(line: str, yes: bool) -> None:
    from coach.cli.reminders import ReminderError, install, read_crontab, with_reminder

    try:
        _, preview = with_reminder(read_crontab(), line)
        if not preview.changed:
            typer.echo("Your crontab already has this reminder; nothing changed.")
            return
        verb = "Replace coach's reminder in" if preview.replaced else "Add this line to"
        typer.echo(f"{verb} your crontab (your other lines stay as they are):")
        typer.echo(f"    {line}")
        if not yes and not typer.confirm("Go ahead?", default=False):
            typer.echo("Left your crontab as it was.")
            return
        install(line)
    except ReminderError as exc:
        raise fail(str(exc)) from None
    typer.echo("Done. `crontab -l` shows it; `coach remind --remove` takes it out.")


def _remove_reminder(yes: bool) -> None:
    from coach.cli.reminders import MARKER, ReminderError, read_crontab, remove

    try:
        if not any(line.rstrip().endswith(MARKER) for line in read_crontab()):
            typer.echo("Your crontab has no coach reminder; nothing changed.")
            return
        if not yes and not typer.confirm("Take coach's reminder out of your crontab?", default=False):
            typer.echo("Left your crontab as it was.")
            return
        remove()
    except ReminderError as exc:
        raise fail(str(exc)) from None
    typer.echo("Removed coach's reminder from your crontab.")


# The other commands live in their own modules, registered on `app` when they are imported: your data
# (stats, export, import, report, backup, encryption), the day without the full screen (checkin, goal,
# reflect, today, history, progress, learn, taper) and the room (demo, serve, facilitate, cohort).
from coach.cli import data as cli_data  # noqa: E402,F401
from coach.cli import day as cli_day  # noqa: E402,F401
from coach.cli import group as cli_group  # noqa: E402,F401


def run_cli(args: list[str]) -> None:
    """Run the Typer app on `args`; user-caused store errors become one line and exit code 2."""
    from coach.store import StoreError

    try:
        app(args=args, prog_name="coach")
    except StoreError as exc:
        typer.echo(f"coach: error: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:
        # A page that went bad after the check at opening: the same one line as at opening, not a traceback.
        from coach.store.engine.disk_trouble import disk_full, full_disk_in
        from coach.store.engine.disk_trouble import damage_in, damaged
        from coach.store.engine.guard import read_only_in

        problem = damage_in(exc)
        if full_disk_in(exc):
            typer.echo(f"coach: error: {disk_full('the database')}", err=True)
        elif problem is not None:
            typer.echo(f"coach: error: {damaged('the database', problem)}", err=True)
        elif read_only_in(exc):
            typer.echo("coach: error: the database is read-only, and this command needs to change it", err=True)
        else:
            raise
        sys.exit(2)


def main() -> None:
    run_cli(sys.argv[1:])


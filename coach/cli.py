"""The `coach` command line (Typer). Imports only typer and the stdlib at module level."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from coach import __version__
from coach.cli_options import GlobalOptionsGroup

app = typer.Typer(
    cls=GlobalOptionsGroup,
    name="coach",
    help="A daily exposure-practice coach for living with chronic pain. Not a medical device.",
    add_completion=True,
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def fail(message: str) -> typer.Exit:
    typer.echo(f"coach: error: {message}", err=True)
    return typer.Exit(code=2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coach {__version__}")
        raise typer.Exit()


DbOption = Annotated[
    Optional[str],
    typer.Option(
        "--db", envvar="COACH_DB",
        help="Database file or SQLAlchemy URL (default: your user data folder). Also accepted after the command.",
    ),
]


def _projector(ctx: typer.Context, own: bool = False) -> bool:
    """Projector mode asked for by the command's own --projector or by coach's (before or after it)."""
    root = ctx.find_root()
    return own or bool(root.params.get("projector"))


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: DbOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    projector: Annotated[
        bool, typer.Option(
            "--projector", help="Facilitator mode: high contrast, roomier, personal notes hidden. "
            "Also accepted after the command."
        )
    ] = False,
) -> None:
    """Open the app on Home, or run one of the commands below."""
    ctx.obj = db
    if ctx.invoked_subcommand is None:
        from coach.launch import launch_tui

        raise typer.Exit(launch_tui(db, projector=projector))


@app.command()
def mme(
    drug: Annotated[str, typer.Argument(help="Drug name, e.g. oxycodone, morphine, fentanyl-patch.")],
    dose: Annotated[float, typer.Argument(help="Dose in mg (for a fentanyl patch: its rate in mcg/hr).")],
    per_day: Annotated[
        float, typer.Option("--per-day", "-n", help="Doses a day (for a patch: patches worn at once).")
    ] = 1.0,
) -> None:
    """Morphine milligram equivalents per day, with the CDC 2022 factors."""
    from coach.domain.mme import MMEError, format_mme, load_mme_table, mme_per_day

    try:
        value = mme_per_day(drug, dose, per_day)
        table = load_mme_table()
        drug_row = table.find(drug)
    except MMEError as exc:
        raise fail(str(exc)) from None
    typer.echo(format_mme(value))
    typer.echo(drug_row.caution or table.caution, err=True)
    if drug_row.caution:
        typer.echo(table.caution, err=True)


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check where your data lives, its schema, integrity and permissions; non-zero exit on a problem."""
    from coach.doctor import run_checks

    problems = run_checks(ctx.obj, typer.echo)
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
        bool, typer.Option("--projector", help="Facilitator mode: high contrast, roomier, personal notes hidden.")
    ] = False,
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
    from coach.launch import launch_exercise, launch_tui

    if name is None:
        raise typer.Exit(launch_tui(ctx.obj, start="exercises", projector=_projector(ctx, projector)))
    key = name.strip().lower().replace(" ", "-").replace("_", "-")
    if key not in library:
        raise fail(_unknown_exercise(name, library))
    raise typer.Exit(launch_exercise(ctx.obj, key, minutes, projector=_projector(ctx, projector)))


def _exercise_listing(library: dict, minutes: float | None) -> list[str]:
    """One line per exercise: name to type, length, title, kind (plain text, so it pipes cleanly)."""
    rows = [
        (ex.id, f"{max(1, round(ex.total_seconds_for(minutes) / 60))} min", ex.title, ex.kind)
        for ex in library.values()
    ]
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


# --- progress: stats, export, import, report ---------------------------------------------------------


def _open_store_and_today(ctx: typer.Context):  # noqa: ANN202 - (Store, date); types import lazily
    from coach.domain.days import DEFAULT_DAY_START_HOUR, coach_day, local_now
    from coach.paths import resolve_db
    from coach.store.db import open_store
    from coach.store.repo import get_setting

    store = open_store(resolve_db(ctx.obj))
    with store.session() as db:
        hour = get_setting(db, "day_start_hour")
    return store, coach_day(local_now(), int(hour if hour is not None else DEFAULT_DAY_START_HOUR))


DaysOption = Annotated[int, typer.Option("--days", "-d", min=1, max=36500, help="How many days back from today.")]


@app.command()
def stats(
    ctx: typer.Context,
    days: DaysOption = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Your practice in numbers: sessions done, streak, averages and trends."""
    import json

    from coach.store.stats import last_days, summary

    store, today = _open_store_and_today(ctx)
    try:
        with store.session() as db:
            result = summary(db, last_days(today, days), today)
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2, sort_keys=True))
        return
    from coach.report.text import stats_table

    from rich.console import Console

    Console().print(stats_table(result))


@app.command("export")
def export_data(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json (complete, re-importable) or csv (for spreadsheets).")] = "json",
    output: Annotated[
        Optional[str],
        typer.Option("--output", "-o", help="File to write (JSON: stdout if left out; CSV: a .zip, or a folder)."),
    ] = None,
) -> None:
    """Export everything you have recorded, to move machines or to open in a spreadsheet."""
    from pathlib import Path

    fmt = fmt.lower()
    if fmt not in ("json", "csv"):
        raise fail(f"unknown format {fmt!r}: use json or csv")
    if fmt == "csv" and output is None:
        raise fail("CSV export writes one file per table: give -o FILE.zip (or -o FOLDER)")
    from coach.store.transfer import export_csv, export_json

    store, _today = _open_store_and_today(ctx)
    try:
        if fmt == "json":
            text = export_json(store)
            if output is None:
                sys.stdout.write(text)
                return
            _write_private(Path(output), text)
            typer.echo(f"Exported to {output}.", err=True)
            return
        target = Path(output)
        try:
            written = export_csv(store, target)
        except OSError as exc:
            raise fail(f"cannot write {target}: {exc.strerror or exc}") from None
        typer.echo(f"Exported {len(written)} file{'s' if len(written) != 1 else ''} to {target}.", err=True)
    finally:
        store.close()


def _write_private(path, text: str) -> None:  # noqa: ANN001 - pathlib.Path, imported lazily
    """Write a file only its owner can read: exports and reports hold health data."""
    import os

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror or exc}") from None


@app.command("import")
def import_data(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="A JSON file written by `coach export`.")],
) -> None:
    """Import a JSON export: checked first, all or nothing, and importing twice adds nothing."""
    from pathlib import Path

    from coach.store.transfer import TransferError, import_file

    store, _today = _open_store_and_today(ctx)
    try:
        result = import_file(store, Path(file))
    except TransferError as exc:
        raise fail(f"{file}: {exc}") from None
    finally:
        store.close()
    if result.total_added == 0:
        typer.echo(f"Nothing new to import: all {result.total_kept} records are already here.")
        return
    parts = ", ".join(f"{count} {name}" for name, count in result.added.items())
    typer.echo(f"Imported {result.total_added} records ({parts}); {result.total_kept} were already here.")


@app.command()
def report(
    ctx: typer.Context,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="HTML file to write.")] = None,
    days: DaysOption = 90,
) -> None:
    """A one-page HTML summary to bring to your prescriber or care team (charts inline, no network)."""
    from pathlib import Path

    from coach.report import render_report

    store, today = _open_store_and_today(ctx)
    try:
        html = render_report(store, today, days)
    finally:
        store.close()
    path = Path(output) if output else Path(f"coach-report-{today.isoformat()}.html")
    _write_private(path, html)
    typer.echo(f"Report written to {path}. Open it in a browser; it prints well too.")


# --- the daily session (issue 3) -------------------------------------------------------------


@app.command()
def session(ctx: typer.Context) -> None:
    """Open today's session straight away (resumes one in progress)."""
    from coach.launch import launch_tui

    raise typer.Exit(launch_tui(ctx.obj, start="session", projector=_projector(ctx)))


@app.command()
def status(ctx: typer.Context) -> None:
    """One line for a shell prompt: day, today's session, tolerability. Never creates a database."""
    from coach.paths import resolve_db
    from coach.store import StoreError
    from coach.store.status import status_text

    try:
        line = status_text(resolve_db(ctx.obj))
    except StoreError as exc:
        raise fail(str(exc)) from None
    typer.echo(line if line is not None else "coach: no practice yet · run `coach` to start day 1")


# --- reminders (settings and everyday comforts) ------------------------------------------------


@app.command()
def remind(
    install: Annotated[
        bool, typer.Option("--install", help="Add the reminder to your crontab (asks first; running it again is safe).")
    ] = False,
    remove: Annotated[bool, typer.Option("--remove", help="Take coach's reminder out of your crontab.")] = False,
    time: Annotated[str, typer.Option("--time", help="When to be reminded each day, HH:MM (24-hour).")] = "18:00",
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before changing your crontab.")] = False,
) -> None:
    """A daily desktop reminder (notify-send) through cron or a systemd user timer: no daemon of coach's."""
    from coach.reminders import ReminderError, cron_line, parse_time, systemd_units

    try:
        hour, minute = parse_time(time)
    except ReminderError as exc:
        raise fail(str(exc)) from None
    line = cron_line(hour, minute)
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
    for name, text in systemd_units(hour, minute).items():
        typer.echo("")
        typer.echo(f"  {name}")
        typer.echo("".join(f"    {row}\n" if row else "\n" for row in text.splitlines()), nl=False)
    typer.echo("")
    typer.echo("  then run: systemctl --user enable --now coach-remind.timer")
    typer.echo("")
    typer.echo("The reminder uses notify-send where it is installed, and stays silent where it is not.")


def _install_reminder(line: str, yes: bool) -> None:
    from coach.reminders import ReminderError, install, read_crontab, with_reminder

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
    from coach.reminders import MARKER, ReminderError, read_crontab, remove

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


# --- reliability: backup -------------------------------------------------------------------------


@app.command()
def backup(
    ctx: typer.Context,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output", "-o", metavar="FILE",
            help="Where to write the copy (default: beside the database, with the time).",
        ),
    ] = None,
) -> None:
    """A consistent copy of your database (safe while coach is open); the copy only you can read."""
    from pathlib import Path

    from coach.paths import resolve_db
    from coach.store import StoreError
    from coach.store.backup import backup_database

    try:
        written = backup_database(resolve_db(ctx.obj), Path(output) if output else None)
    except StoreError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"Backup written: {written.absolute()}")


# --- facilitator mode: demo data, projector, the app in a browser -------------------------------

DEMO_MAX_DAYS = 36_500


@app.command()
def demo(
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
) -> None:
    """The app on a synthetic history (no real person's data); your own database is never opened."""
    if days is not None and not 1 <= days <= DEMO_MAX_DAYS:
        raise fail(f"--days must be between 1 and {DEMO_MAX_DAYS}, got {days}")
    from coach.store import StoreError

    if save is not None:
        from pathlib import Path

        from coach.demo import save_demo
        from coach.domain.days import local_now

        path = Path(save).expanduser()
        try:
            history = save_demo(path, days=days, now=local_now(), seed=seed)
        except StoreError as exc:
            raise fail(str(exc)) from None
        span = (history.end - history.start).days + 1
        typer.echo(f"Wrote {span} days of synthetic history ({history.start} to {history.end}) to {path}")
        return
    from coach.demo import load_params
    from coach.launch import launch_demo

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
) -> None:
    """The app in a web browser (textual-serve): the projector demo by default, at http://HOST:PORT."""
    if not 0 <= port <= 65535:
        raise fail(f"--port must be between 0 and 65535, got {port}")
    from coach.serve import is_local, serve_command, serve_forever

    if own_data and not is_local(host) and not exposed:
        raise fail(
            f"--host {host} would let other computers reach your journal; "
            "add --i-understand-this-exposes-my-journal if that is what you want"
        )
    try:
        command = serve_command(db=ctx.obj, own_data=own_data)
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


def run_cli(args: list[str]) -> None:
    """Run the Typer app on `args`; user-caused store errors become one line and exit code 2."""
    from coach.store import StoreError

    try:
        app(args=args, prog_name="coach")
    except StoreError as exc:
        typer.echo(f"coach: error: {exc}", err=True)
        sys.exit(2)


def main() -> None:
    run_cli(sys.argv[1:])


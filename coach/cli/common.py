"""What the command modules share: the Typer app they register on, the common options, and the helpers for
opening the journal and writing files. Imports only typer and the stdlib at module level, and none of the
command modules."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from coach.cli.options import GlobalOptionsGroup

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


DbOption = Annotated[
    Optional[str],
    typer.Option(
        "--db", envvar="COACH_DB",
        help="Database file or SQLAlchemy URL (default: your user data folder). Also accepted after the command.",
    ),
]


RecordOption = Annotated[
    bool,
    typer.Option("--record", help="With --projector: save what you do to your journal (otherwise nothing is saved)."),
]


def projector_asked(ctx: typer.Context, own: bool = False) -> bool:
    """Projector mode asked for by the command's own --projector or by coach's (before or after it)."""
    root = ctx.find_root()
    return own or bool(root.params.get("projector"))


def refuse_dangling_link(db: str | None) -> None:
    """One line, exit 2, when --db / COACH_DB (or the default location) is a link to a file that is not there:
    neither reading it nor starting a new journal through it is what was meant."""
    import os

    from coach.paths import resolve_db

    path = resolve_db(db).path
    if path is not None and path.is_symlink() and not path.exists():
        raise fail(f"{path} is a link to {os.readlink(path)}, which does not exist (check --db or COACH_DB)")


def existing_db(ctx: typer.Context):  # noqa: ANN202 - DbTarget
    """The database named by --db / COACH_DB, which must exist: reading commands never create one there."""
    from coach.paths import resolve_db
    from coach.store import StoreError
    from coach.store.engine.guard import require_database

    target = resolve_db(ctx.obj)
    try:
        require_database(target)
    except StoreError as exc:
        raise fail(str(exc)) from None
    return target


def journal_target(ctx: typer.Context, *, create: bool = False):  # noqa: ANN202 - DbTarget, imported lazily
    """The journal this command works on (which must exist unless `create`); an encrypted one unlocked
    (COACH_PASSPHRASE, or asked once)."""
    from coach.cli.encryption import unlocked
    from coach.paths import resolve_db

    return unlocked(resolve_db(ctx.obj) if create else existing_db(ctx))


def note_unencrypted_copy(store) -> None:  # noqa: ANN001 - Store
    """One line when an encrypted journal's data leaves it unencrypted (an export, a report)."""
    if store.target.key is not None:
        typer.echo("Note: your journal is encrypted, but this file is not; keep it somewhere private.", err=True)


def open_store_and_today(ctx: typer.Context, *, create: bool = False):  # noqa: ANN202 - (Store, date)
    """Open the store (creating a missing explicit file only when `create`) and today's coach day."""
    from coach.domain.days import coach_day, local_now
    from coach.store.engine.db import open_store
    from coach.store.settings import read_setting, unusable_settings

    store = open_store(journal_target(ctx, create=create))
    with store.session() as db:
        hour = read_setting(db, "day_start_hour")
        for warning in unusable_settings(db):
            typer.echo(f"Note: {warning}.", err=True)
    return store, coach_day(local_now(), hour)


DaysOption = Annotated[int, typer.Option("--days", "-d", min=1, max=36500, help="How many days back from today.")]


ForceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it already exists (never the database).")]


def protected_paths(ctx: typer.Context | None) -> list:
    """The database files an output must never replace: the one in use (--db / COACH_DB) and the default."""
    from coach.paths import default_db_path, resolve_db

    target = resolve_db(ctx.obj if ctx is not None else None)
    return [p for p in (target.path, default_db_path()) if p is not None]



def write_private(path, content: str | bytes, force: bool = False, ctx: typer.Context | None = None) -> None:  # noqa: ANN001
    """Write a report or export (path: a Path) through the one output writer, coach.outputs: 0600,
    atomic, never over the database (pass the command's ctx so --db is known), an existing file
    (unless force) or through a symlink. Any failure: one line, exit 2."""
    from coach.outputs import OutputError, write_output

    try:
        write_output(path, content, force=force, protect=protected_paths(ctx))
    except OutputError as exc:
        raise fail(str(exc)) from None


FromOption = Annotated[
    Optional[str], typer.Option("--from", metavar="DATE", help="First day of the period, YYYY-MM-DD.")
]
ToOption = Annotated[
    Optional[str], typer.Option("--to", metavar="DATE", help="Last day of the period, YYYY-MM-DD (default: today).")
]


def period_from_options(today, days: int | None, start: str | None, end: str | None):  # noqa: ANN001, ANN202 - lazy types
    from coach.report.options import ReportOptionError, resolve_period

    try:
        return resolve_period(today, days, start, end)
    except ReportOptionError as exc:
        raise fail(str(exc)) from None

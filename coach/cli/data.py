"""Commands on your data: `stats`, `export`, `import`, `report`, `backup`, `encrypt`, `decrypt`. Registered on
the app in coach/cli/common.py (main.py imports this module); imports only typer and the stdlib at module level."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from coach.cli.common import (
    DaysOption,
    ForceOption,
    FromOption,
    ToOption,
    open_store_and_today,
    period_from_options,
    protected_paths,
    note_unencrypted_copy,
    journal_target,
    write_private,
    app,
    fail,
)

@app.command()
def stats(
    ctx: typer.Context,
    days: DaysOption = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Your practice in numbers: sessions done, streak, averages and trends."""
    import json

    from coach.content import load_exercises
    from coach.store.queries.insight_rows import entries_show
    from coach.store.queries.stats import last_days, summary

    store, today = open_store_and_today(ctx)
    try:
        with store.session() as db:
            period = last_days(today, days)
            result = summary(db, period, today)
            shown = entries_show(db, period, {k: e.title for k, e in load_exercises().items()})
    finally:
        store.close()
    if as_json:
        data = result.as_dict() | {"what_your_entries_show": [vars(insight) for insight in shown]}
        typer.echo(json.dumps(data, indent=2, sort_keys=True))
        return
    from coach.report.text import insights_table, stats_table

    from rich.console import Console

    Console().print(stats_table(result))
    Console().print(insights_table(shown))


@app.command("export")
def export_data(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f",
            help="json (complete, re-importable), csv (for spreadsheets), fhir (an R4 Bundle for a clinic's records) "
            "or share (scales only, for a group).",
        ),
    ] = "json",
    output: Annotated[
        Optional[str],
        typer.Option("--output", "-o", help="File to write (JSON and FHIR: stdout if left out; CSV: a .zip, or a folder)."),
    ] = None,
    days: Annotated[
        Optional[int], typer.Option("--days", "-d", help="FHIR only: how many days back from --to or today.")
    ] = None,
    start: Annotated[Optional[str], typer.Option("--from", metavar="DATE", help="FHIR only: first day, YYYY-MM-DD.")] = None,
    end: Annotated[Optional[str], typer.Option("--to", metavar="DATE", help="FHIR only: last day, YYYY-MM-DD.")] = None,
    name: Annotated[
        Optional[str], typer.Option("--name", help="FHIR only: a name for the Patient (left out unless you give one).")
    ] = None,
    bundle: Annotated[
        Optional[str],
        typer.Option(
            "--bundle", metavar="TYPE",
            help="FHIR only: collection (default), or transaction or batch: each entry created only if no "
            "resource has its identifier yet, so posting the same export twice adds nothing.",
        ),
    ] = None,
    force: ForceOption = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="share: write without asking (it is still printed).")] = False,
) -> None:
    """Export everything you have recorded, to move machines, open in a spreadsheet, or hand to a clinic (FHIR)."""
    from pathlib import Path

    from coach.outputs import OutputError, check_target

    fmt = fmt.lower()
    if fmt == "share":
        from coach.cli.group import export_share

        return export_share(ctx, output, yes, force)
    if fmt not in ("json", "csv", "fhir"):
        raise fail(f"unknown format {fmt!r}: use json, csv, fhir or share")
    if fmt == "csv" and output is None:
        raise fail("CSV export writes one file per table: give -o FILE.zip (or -o FOLDER)")
    if fmt != "fhir" and (days is not None or start is not None or end is not None or name is not None):
        raise fail("--days, --from, --to and --name work with --format fhir only (JSON and CSV export everything)")
    if bundle is not None and fmt != "fhir":
        raise fail("--bundle works with --format fhir only")
    bundle = (bundle or "collection").strip().lower()
    if bundle not in ("collection", "transaction", "batch"):
        raise fail(f"--bundle takes collection, transaction or batch, got {bundle!r}")
    target = Path(output).expanduser() if output is not None else None
    try:
        if target is not None and not (fmt == "csv" and target.is_dir()):
            check_target(target, force=force, protect=protected_paths(ctx))  # before any work, and again at the end
        from coach.store.transfer.journal import export_csv, export_json

        store, today = open_store_and_today(ctx)
        note_unencrypted_copy(store)
        try:
            if fmt in ("json", "fhir"):
                text = _fhir_text(store, today, days, start, end, name, bundle) if fmt == "fhir" else export_json(store)
                if target is None:
                    sys.stdout.write(text)
                    return
                write_private(target, text, force, ctx)
                typer.echo(f"Exported to {target}.", err=True)
                return
            written = export_csv(store, target, force=force, protect=protected_paths(ctx))
        finally:
            store.close()
    except OutputError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"Exported {len(written)} file{'s' if len(written) != 1 else ''} to {target}.", err=True)


def _fhir_text(store, today, days, start, end, name, bundle) -> str:  # noqa: ANN001 - types import lazily
    """The FHIR Bundle as JSON: the period asked for, or everything from the first recorded day."""
    from coach.report.fhir import bundle_json
    from coach.store.queries.stats import Period, data_period

    if days is None and start is None and end is None:
        with store.session() as db:
            period = data_period(db, today) or Period(today, today)
    else:
        period = period_from_options(today, days, start, end)
    from coach.store.journal_id import JournalIdError

    try:
        return bundle_json(store, period, today, name=name, bundle_type=bundle)
    except JournalIdError as exc:
        raise fail(str(exc)) from None

@app.command("import")
def import_data(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="A JSON file written by `coach export`.")],
) -> None:
    """Import a JSON export: checked first, all or nothing, and importing twice adds nothing."""
    from pathlib import Path

    from coach.store.transfer.journal import TransferError, import_export, parse_export, read_import

    try:  # the whole file is checked before a journal is opened, so a refused one starts no new journal
        parsed = parse_export(read_import(Path(file)))
    except TransferError as exc:
        raise fail(f"{file}: {exc}") from None
    store, _today = open_store_and_today(ctx, create=True)
    if store.read_only:
        store.close()
        from coach.store.engine.guard import read_only_refusal

        raise fail(str(read_only_refusal(store.target.describe(), "import into it")))
    try:
        result = import_export(store, parsed)
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
    days: Annotated[
        Optional[int], typer.Option("--days", "-d", help="How many days back from --to or today (default 90).")
    ] = None,
    start: FromOption = None,
    end: ToOption = None,
    omit: Annotated[
        Optional[list[str]],
        typer.Option(
            "--omit", metavar="SECTION",
            help="Leave a section out (repeatable): summary, doses, warning-signs, withdrawal, tolerability, pain, "
            "peg, sleep-mood, taper, exposures, notes.",
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """An HTML summary to bring to your prescriber or care team: charts inline, no network.

    Printed on A4 or Letter it runs to about 5 pages for the default 90 days, 4 to 7 for a month to ten
    years (long periods list only the most recent rows); fewer with --omit. No chart is split across pages.
    """
    from pathlib import Path

    from coach.outputs import OutputError, check_target
    from coach.report.options import ReportOptionError, parse_omit

    try:
        left_out = parse_omit(omit or [])
    except ReportOptionError as exc:
        raise fail(str(exc)) from None
    store, today = open_store_and_today(ctx)
    note_unencrypted_copy(store)
    try:
        period = period_from_options(today, days, start, end)
        path = Path(output).expanduser() if output else Path(f"coach-report-{today.isoformat()}.html")
        try:
            check_target(path, force=force, protect=protected_paths(ctx))  # say so before the work, not after
        except OutputError as exc:
            raise fail(str(exc)) from None
        from coach.report import render_report

        html = render_report(store, today, period=period, omit=left_out)
    finally:
        store.close()
    write_private(path, html, force, ctx)
    typer.echo(f"Report written to {path}. Open it in a browser; it prints well too.")


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
    force: ForceOption = False,
) -> None:
    """A consistent copy of your database (safe while coach is open); the copy only you can read."""
    from pathlib import Path

    from coach.store import StoreError
    from coach.store.engine.backup import backup_database

    target = journal_target(ctx)
    try:
        written = backup_database(
            target, Path(output) if output else None, force=force, protect=protected_paths(ctx)
        )
    except StoreError as exc:
        raise fail(str(exc)) from None
    locked = " (encrypted with the same passphrase)" if target.key is not None else ""
    typer.echo(f"Backup written{locked}: {written.absolute()}")


# --- encryption at rest ----------------------------------------------------------------------


@app.command()
def encrypt(ctx: typer.Context) -> None:
    """Encrypt your journal with a passphrase (asked twice, or COACH_PASSPHRASE); needs coach[encrypt]."""
    from coach.cli.encryption import encrypt_command
    from coach.paths import resolve_db

    encrypt_command(resolve_db(ctx.obj), typer.echo, lambda line: typer.echo(line, err=True))


@app.command()
def decrypt(ctx: typer.Context) -> None:
    """Turn your encrypted journal back into a plain SQLite file (asks for the passphrase once)."""
    from coach.cli.encryption import decrypt_command
    from coach.paths import resolve_db

    decrypt_command(resolve_db(ctx.obj), typer.echo)

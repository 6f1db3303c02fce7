"""`coach doctor`: where the data lives and whether it is healthy. Reads only; never writes."""

from __future__ import annotations

import stat
from collections.abc import Callable

from coach.outputs import stale_parts
from coach.paths import DbTarget, resolve_db
from coach.store import SCHEMA_VERSION, StoreError
from coach.store.engine.cipher import WrongPassphrase, connect, database_errors, looks_encrypted, readonly_uri
from coach.store.engine.disk_trouble import disk_full, disk_is_full
from coach.store.engine.guard import check_integrity, inspect_database_file


def run_checks(db: str | None, say: Callable[[str], None]) -> int:
    """Print one line per check; return how many problems were found."""
    problems = 0

    def bad(message: str) -> None:
        nonlocal problems
        problems += 1
        say(f"  problem: {message}")

    target = resolve_db(db)
    say(f"database: {target.describe()}" + ("  (default location)" if target.is_default else ""))
    if target.path is None:
        if target.in_memory:
            say("  in memory: nothing is kept after coach closes")
            return problems
        return server_checks(target, say, bad)
    path = target.path
    folder = path.parent
    if folder.exists():
        mode = stat.S_IMODE(folder.stat().st_mode)
        say(f"folder: {folder}  (mode {mode:o})")
        if target.is_default and mode & 0o077:
            bad(f"the data folder is readable by others (mode {mode:o}); `chmod 700 {folder}` fixes it")
    if not path.exists():
        say("  no database yet: it is created the first time you open coach")
        return problems
    mode = stat.S_IMODE(path.stat().st_mode)
    say(f"size: {path.stat().st_size:,} bytes  (mode {mode:o})")
    if disk_is_full(path):
        bad(str(disk_full(path)).removesuffix(" (nothing was changed)"))
    for suffix, command in ((".decrypting", "decrypt"), (".encrypting", "encrypt")):
        leftover = path.with_name(path.name + suffix)
        if leftover.exists():
            bad(f"{leftover} is half a copy left by a stopped `coach {command}` (it may hold unencrypted entries); "
                "delete it, or run the command again, which removes it")
    for part in stale_parts(folder):
        bad(f"{part} is a hidden, half-written file left by a stopped coach (it may hold entries); coach removes it "
            "the next time it writes a file there, or delete it")
    if mode & 0o077:
        bad(f"the database file is readable by others (mode {mode:o}); `chmod 600 {path}` fixes it")
    try:
        if looks_encrypted(path):
            from coach.cli.encryption import unlocked

            target = unlocked(target)  # COACH_PASSPHRASE, or asked once; a wrong one ends here (exit 2)
        state = inspect_database_file(path, target.key)
    except WrongPassphrase:
        raise  # one line and exit 2, as everywhere
    except StoreError as exc:
        bad(str(exc))
        return problems
    if target.key is not None:
        say("encryption: on (SQLCipher); the passphrase opened it")
    else:
        say("encryption: off (a plain SQLite file; `coach encrypt` locks it with a passphrase)")
    version = state.schema_version
    say(f"schema: {version if version is not None else 'empty, not yet set up'} (this coach: {SCHEMA_VERSION})")
    conn = connect(readonly_uri(path), target.key, uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    except database_errors() as exc:
        bad(f"integrity check could not run: {exc}")
        return problems
    finally:
        conn.close()
    say(f"integrity: {result}")
    if result != "ok":
        bad("the integrity check found damage; restore from a backup (see README)")
    say(f"journal: {journal}")
    if version is not None:
        conn = connect(readonly_uri(path), target.key, uri=True)
        try:
            say(entries_line(lambda sql: conn.execute(sql).fetchone()[0]))
            for warning in unusable_stored_settings(conn.execute("SELECT key, value FROM setting").fetchall()):
                say(f"  note: {warning}")
        finally:
            conn.close()
    return problems


def unusable_stored_settings(rows: list[tuple[str, str]]) -> list[str]:
    """One line for each stored setting whose value no longer fits its check (read as its default)."""
    import json

    from coach.domain.setting_checks import CHECKS, setting_or_default

    lines = []
    for key, raw in rows:
        try:
            value = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            value = raw
        warning = setting_or_default(key, value)[1] if key in CHECKS else None
        if warning:
            lines.append(warning)
    return lines


# What the journal holds, one count per kind of entry (plain SQL both engines accept).
ENTRY_TABLES = (
    ("daily_session", "day"), ("checkin", "check-in"), ("exercise_run", "exercise"),
    ("exposure_goal", "exposure goal"), ("reflection", "reflection"), ("ladder_item", "ladder step"),
    ("medication", "medication"), ("taper_step", "taper step"),
)


def entries_line(count: Callable[[str], int]) -> str:
    counts = [(count(f"SELECT count(*) FROM {table}"), name) for table, name in ENTRY_TABLES]
    return "entries: " + ", ".join(f"{n:,} {name}{'' if n == 1 else 's'}" for n, name in counts)


def server_checks(target: DbTarget, say: Callable[[str], None], bad: Callable[[str], None]) -> int:
    """A journal on a database server: a connection check instead of the file checks (the server keeps
    the files), the server's version, the schema, what the journal holds. Reads only, never sets up or
    upgrades. A server that cannot be reached raises its one line (exit 2), as every command does."""
    from sqlalchemy import text

    from coach.store.engine.db import make_engine
    from coach.store.engine.migrations import stored_version

    engine = make_engine(target)
    problems = 0

    def problem(message: str) -> None:
        nonlocal problems
        problems += 1
        bad(message)

    try:
        with engine.connect() as conn:
            dialect = conn.dialect
            version = ".".join(str(part) for part in (dialect.server_version_info or ())) or "unknown version"
            name = "PostgreSQL" if dialect.name == "postgresql" else dialect.name
            who = ""
            if dialect.name == "postgresql":
                version = conn.exec_driver_sql("SHOW server_version").scalar_one()
                user, database = conn.exec_driver_sql("SELECT current_user, current_database()").one()
                who = f", database {database!r} as {user!r}"
            say(f"connection: ok ({name} {version}{who})")
            say("  no file checks: the server keeps the files (back them up with pg_dump, or coach export)")
            try:
                schema = stored_version(conn)
            except StoreError as exc:
                problem(str(exc))
                return problems
            if schema is None:
                say(f"schema: empty, not yet set up (this coach: {SCHEMA_VERSION}); "
                    "coach sets it up when it first opens it")
                return problems
            if schema > SCHEMA_VERSION:
                problem(f"the journal was written by a newer coach (schema {schema}; this one knows up to "
                        f"{SCHEMA_VERSION}); update coach to open it")
                return problems
            state = "up to date" if schema == SCHEMA_VERSION else "older: coach upgrades it when it next opens it"
            say(f"schema: {schema} (this coach: {SCHEMA_VERSION}; migrations {state})")
            say(entries_line(lambda sql: conn.execute(text(sql)).scalar_one()))
    finally:
        engine.dispose()
    return problems


def unusable(db: str | None) -> str | None:
    """Why coach cannot open this database at all (not coach's, newer, damaged), or None."""
    target = resolve_db(db)
    if target.path is None or not target.path.exists():
        return None
    if looks_encrypted(target.path):
        from coach.cli.encryption import unlocked

        try:
            target = unlocked(target, ask=False)
        except StoreError:
            return None  # run_checks unlocked it already, or said why it could not
    try:
        if inspect_database_file(target.path, target.key).schema_version is not None:
            check_integrity(target.path, target.key)
    except StoreError as exc:
        return str(exc)
    return None

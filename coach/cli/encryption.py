"""The passphrase on the command line: read from COACH_PASSPHRASE or asked once on the terminal (never
echoed, never in argv, never kept), and the `coach encrypt` / `coach decrypt` commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from coach.paths import DbTarget
from coach.store import StoreError
from coach.store.engine.cipher import JournalLocked, Passphrase, is_locked, looks_encrypted

ENV_PASSPHRASE = "COACH_PASSPHRASE"


def can_ask() -> bool:
    return sys.stdin.isatty()


def passphrase_from_env() -> Passphrase | None:
    return Passphrase(os.environ[ENV_PASSPHRASE]) if os.environ.get(ENV_PASSPHRASE) else None


def unlocked(target: DbTarget, *, ask: bool = True) -> DbTarget:
    """`target` ready to open: as it is when its file is not encrypted; otherwise with its key, from
    COACH_PASSPHRASE or asked once on the terminal. Raises StoreError (a wrong passphrase, no way to ask)."""
    if not is_locked(target):
        return target
    assert target.path is not None
    from coach.store.engine.cipher import dbapi, unlock

    dbapi()  # without the optional package: say how to install it, before asking for anything
    passphrase = passphrase_from_env()
    if passphrase is None:
        if not (ask and can_ask()):
            raise JournalLocked(
                f"{target.path} is encrypted (or is not a coach database): set {ENV_PASSPHRASE}, or run this "
                "in a terminal to be asked for its passphrase"
            )
        passphrase = _ask(f"Passphrase for {target.path.name}: ")
    return target.with_key(unlock(target.path, passphrase))


def _ask(prompt: str) -> Passphrase:
    import getpass

    try:
        return Passphrase(getpass.getpass(prompt))
    except EOFError:
        raise StoreError("no passphrase was given; nothing was changed") from None


def new_passphrase() -> Passphrase:
    """The passphrase for `coach encrypt`: COACH_PASSPHRASE, or typed twice (hidden) on the terminal."""
    passphrase = passphrase_from_env()
    if passphrase is not None:
        return passphrase
    if not can_ask():
        raise StoreError(f"set {ENV_PASSPHRASE} or run this in a terminal to choose a passphrase; nothing was changed")
    first = _ask("Choose a passphrase: ")
    if not first:
        raise StoreError("the passphrase is empty; nothing was changed")
    if _ask("Type it again: ") != first:
        raise StoreError("the two passphrases differ; nothing was changed")
    return first


def encrypt_command(target: DbTarget, say: Callable[[str], None], note: Callable[[str], None]) -> None:
    """Encrypt the journal at `target` in place. `say` prints to stdout, `note` to stderr."""
    from coach.store.engine.cipher import dbapi, new_key
    from coach.store.engine.convert import encrypt_journal, plain_copies_beside
    from coach.store.engine.guard import inspect_database_file

    path = _file_of(target, "encrypt")
    dbapi()
    if looks_encrypted(path):
        raise StoreError(f"{path} is already encrypted; nothing was changed")
    state = inspect_database_file(path)
    if state.schema_version is None:
        raise StoreError(f"the journal at {path} is not set up yet; open coach once, then encrypt it")
    key = new_key(new_passphrase())
    encrypt_journal(path, key)
    say(f"Encrypted {path}. coach will ask for the passphrase once each time it opens the journal.")
    note("Keep the passphrase somewhere safe: without it nobody, coach included, can open the journal again.")
    plain = plain_copies_beside(path)
    if plain:
        names = ", ".join(p.name for p in plain)
        note(f"Copies beside it are still unencrypted ({names}); delete them if nobody else should read them.")


def decrypt_command(target: DbTarget, say: Callable[[str], None]) -> None:
    """Turn the encrypted journal at `target` back into a plain SQLite file, in place."""
    from coach.store.engine.convert import decrypt_journal

    path = _file_of(target, "decrypt")
    if not looks_encrypted(path):
        raise StoreError(f"{path} is not encrypted; nothing was changed")
    opened = unlocked(target)
    assert opened.key is not None
    decrypt_journal(path, opened.key)
    say(f"Decrypted {path}: it is a plain SQLite file again, readable by anyone who can read the file.")


def _file_of(target: DbTarget, verb: str):  # noqa: ANN202 - pathlib.Path
    if target.path is None:
        if target.url.startswith(("postgresql", "postgres:")):
            raise StoreError(
                f"coach can {verb} an SQLite journal file only; a journal on a PostgreSQL server is protected by "
                "how the server is run (its disks, its accounts), not by coach; nothing was changed"
            )
        raise StoreError(f"coach can {verb} an SQLite journal file, not {target.describe()}")
    if not target.path.exists():
        raise StoreError(f"there is no journal at {target.path}")
    return target.path

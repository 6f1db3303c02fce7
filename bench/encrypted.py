"""Start-up with an encrypted journal (`coach encrypt`), against the same floors as `home` and `cli`: the
passphrase screen, Home after the passphrase (typed, or from COACH_PASSPHRASE), and `coach status`.

The passphrase costs one key derivation per start (SQLCipher 4's PBKDF2-HMAC-SHA512, 256,000 iterations),
on purpose: it is what makes guessing slow. It is measured on its own too, so the rest can be told apart.
"""

from __future__ import annotations

import shutil
import subprocess
import time

from bench.data import history_db, mark_onboarded
from bench.harness import BENCH, PYTHON, Result, env, interleaved, launch, median, scratch, timed_run
from bench.home import FLOOR_VISIBLE, HOME_COMPLETE, HOME_VISIBLE

PASSPHRASE = "bench only, not a secret"  # passed through tmux's command line: fine for a throwaway file
LOCKED_VISIBLE = "Your journal is locked"
COACH = [PYTHON, "-m", "coach"]


def _encrypt(path) -> None:  # noqa: ANN001 - pathlib.Path
    subprocess.run([*COACH, "--db", str(path), "encrypt"], env=env(COACH_PASSPHRASE=PASSPHRASE),
                   check=True, capture_output=True)


def _derive_seconds() -> float:
    """One key derivation, in this process (what every start of an encrypted journal pays once)."""
    import os

    from coach.store.engine.cipher import Passphrase, derive_key

    started = time.perf_counter()
    derive_key(Passphrase(PASSPHRASE), os.urandom(16))
    return time.perf_counter() - started


def run(n: int) -> list[Result]:
    with scratch() as tmp:
        plain = tmp / "plain.db"
        mark_onboarded(plain)
        template = tmp / "returning.db"
        shutil.copy(plain, template)
        _encrypt(template)
        year = tmp / "year.db"
        made_by = history_db(year, 365)
        _encrypt(year)
        counter = iter(range(10_000))
        prompt_visible: list[float] = []
        typed_to_home: list[float] = []
        env_home: list[float] = []

        def fresh():  # noqa: ANN202
            db = tmp / f"fresh-{next(counter)}.db"
            shutil.copy(template, db)
            return db

        def locked_start() -> float:
            with launch(COACH, env(COACH_DB=str(fresh()), HOME=str(tmp))) as app:
                visible = app.wait_for(LOCKED_VISIBLE)
                app.keys("-l", PASSPHRASE)
                app.keys("Enter")
                entered = time.perf_counter()
                app.wait_for(HOME_COMPLETE)
                typed_to_home.append(time.perf_counter() - entered)
            prompt_visible.append(visible)
            return visible

        def env_start() -> float:
            with launch(COACH, env(COACH_DB=str(fresh()), HOME=str(tmp), COACH_PASSPHRASE=PASSPHRASE)) as app:
                complete = app.wait_for(HOME_COMPLETE)
            env_home.append(complete)
            return complete

        def plain_start() -> float:  # the same journal unencrypted, in the same run, for comparison
            db = tmp / f"plain-{next(counter)}.db"
            shutil.copy(plain, db)
            with launch(COACH, env(COACH_DB=str(db), HOME=str(tmp))) as app:
                return app.wait_for(HOME_VISIBLE)

        def floor() -> float:
            with launch([PYTHON, str(BENCH / "floor_textual.py")], env(HOME=str(tmp))) as app:
                return app.wait_for(FLOOR_VISIBLE)

        _, _, plain_visible, floor_visible = interleaved(n, locked_start, env_start, plain_start, floor)
        for samples in (prompt_visible, typed_to_home, env_home):
            del samples[: len(samples) - n]

        status_env = env(HOME=str(tmp), COACH_DB=str(year), COACH_PASSPHRASE=PASSPHRASE)
        silent_env = env(HOME=str(tmp), COACH_DB=str(year))
        silent_env.pop("COACH_PASSPHRASE", None)
        typer_floor = [PYTHON, str(BENCH / "floor_typer.py"), "status"]
        status_keyed, status_silent, status_floor = interleaved(
            n,
            lambda: timed_run([*COACH, "status"], status_env),
            lambda: timed_run([*COACH, "status"], silent_env),
            lambda: timed_run(typer_floor, silent_env),
        )
        derive = [_derive_seconds() for _ in range(n)]
    f = median(floor_visible) * 1000
    t = median(status_floor) * 1000
    return [
        Result("Encrypted: passphrase screen visible", median(prompt_visible) * 1000, f, "ms", "<= 1.25x", 1.25,
               note="like Home visible: nothing is read before the passphrase"),
        Result("Unencrypted, same run: Home visible", median(plain_visible) * 1000, f, "ms", "<= 1.25x", 1.25,
               note="the plain journal, for comparison under the same load"),
        Result("Encrypted: Home complete, COACH_PASSPHRASE set", median(env_home) * 1000, f, "ms", "<= 2x", 2.0,
               note="includes one key derivation (row below)"),
        Result("Encrypted: enter pressed to Home complete", median(typed_to_home) * 1000, None, "ms", "-", None,
               note="key derivation, settings and Home's numbers read with the key, Home drawn"),
        Result("Encrypted: one key derivation (PBKDF2-SHA512, 256,000)", median(derive) * 1000, None, "ms", "-",
               None, note="in-process; paid once per start, then every connection uses the derived key"),
        Result("Encrypted: coach status, COACH_PASSPHRASE set (a year)", median(status_keyed) * 1000, t, "ms",
               "<= 1.5x", 1.5, note=f"floor: minimal Typer app command; DB by {made_by}, then encrypted"),
        Result("Encrypted: coach status without the passphrase", median(status_silent) * 1000, t, "ms",
               "<= 1.5x", 1.5, note="prints nothing, asks nothing"),
    ]

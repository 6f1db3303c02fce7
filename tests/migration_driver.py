"""Opens a database with a pretend schema upgrade, for tests/unit/test_migrations.py's kill -9 test.

`migration_driver.py DB slow`: the upgrade prints `migrating` half-way, then waits to be killed.
`migration_driver.py DB fast`: the same upgrade, run to the end; prints `upgraded N`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(db: str, mode: str) -> None:
    from sqlalchemy import text

    import coach.store
    import coach.store.engine.db
    import coach.store.engine.guard
    import coach.store.engine.migrations
    from coach.paths import resolve_db

    new = coach.store.SCHEMA_VERSION + 1
    for module in (coach.store, coach.store.engine.db, coach.store.engine.guard, coach.store.engine.migrations):
        module.SCHEMA_VERSION = new

    def add_energy(conn) -> None:  # noqa: ANN001
        conn.execute(text("ALTER TABLE checkin ADD COLUMN energy INTEGER"))
        conn.execute(text("UPDATE checkin SET energy = 5, note = 'rewritten by the migration'"))
        if mode == "slow":
            print("migrating", flush=True)
            time.sleep(60)

    coach.store.engine.migrations.MIGRATIONS[new] = add_energy
    store = coach.store.engine.db.open_store(resolve_db(db))
    print(f"upgraded {store.schema_version()}", flush=True)
    store.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
